// Validator throughput: objects/s and MB/s for generated indicators and for the ATT&CK ICS
// bundle, single-threaded and through ValidateBatch, next to the bare simdjson DOM parse of the
// same objects (the floor any validator built on it can reach). Plain main; prints a table.
//
//   validator_bench [indicator-count (default 200000)] [rounds (default 5)]
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "qccm/core/stix_id.h"
#include "qccm/stix/batch_validation.h"
#include "qccm/stix/reader.h"
#include "qccm/stix/validator.h"

namespace {

using qccm::stix::InputDocument;
using qccm::stix::RawObject;

// A realistic indicator: markings, an external reference, a kill-chain phase, a STIX pattern.
std::string MakeIndicator(std::size_t i) {
  char pattern[160];
  if (i % 3 == 0) {
    std::snprintf(pattern, sizeof pattern, "[ipv4-addr:value = '10.%zu.%zu.%zu']", (i >> 16) & 255,
                  (i >> 8) & 255, i & 255);
  } else if (i % 3 == 1) {
    std::snprintf(pattern, sizeof pattern, "[domain-name:value = 'host%zu.example.com']", i);
  } else {
    std::snprintf(pattern, sizeof pattern,
                  "[file:hashes.'SHA-256' = '%064zx'] AND [file:size > %zu]", i, i % 100000);
  }
  std::string id = qccm::NewStixId("indicator");
  return R"({"type":"indicator","spec_version":"2.1","id":")" + id +
         R"(","created":"2024-01-15T10:00:00.000Z","modified":"2024-01-16T11:30:00.000Z",)"
         R"("created_by_ref":"identity--0770c8a1-44cb-5a4d-b8ef-d7a1fb969585",)"
         R"("name":"Indicator )" +
         std::to_string(i) +
         R"(","description":"Generated for the validator benchmark.",)"
         R"("indicator_types":["malicious-activity"],"pattern":")" +
         pattern +
         R"(","pattern_type":"stix","valid_from":"2024-01-15T10:00:00.000Z",)"
         R"("valid_until":"2025-01-15T10:00:00.000Z","confidence":80,"labels":["bench"],)"
         R"("kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"command-and-control"}],)"
         R"("external_references":[{"source_name":"internal","external_id":"IND-)" +
         std::to_string(i) + R"(","url":"https://intel.example.org/ind/)" + std::to_string(i) +
         R"("}],"object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]})";
}

// Wall time and CPU time (all threads of the process) of one run.
struct Timing {
  double wall = 0;
  double cpu = 0;
};

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Best of `rounds` runs of `fn` (by CPU time: the machine may be shared, and CPU time does not
// count the time other processes held the cores).
Timing BestOf(int rounds, const std::function<void()>& fn) {
  Timing best{1e100, 1e100};
  for (int r = 0; r < rounds; ++r) {
    auto start = std::chrono::steady_clock::now();
    double cpu_start = CpuSeconds();
    fn();
    double cpu = CpuSeconds() - cpu_start;
    std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
    if (cpu < best.cpu) best = Timing{wall.count(), cpu};
  }
  return best;
}

// Prints throughput per CPU-second (what one core does) and per wall-second.
void Print(const char* what, std::size_t objects, std::size_t bytes, Timing t) {
  std::printf("%-52s %9.0f obj/s %7.1f MB/s per core-second | wall %9.0f obj/s %7.1f MB/s\n", what,
              static_cast<double>(objects) / t.cpu, static_cast<double>(bytes) / 1e6 / t.cpu,
              static_cast<double>(objects) / t.wall, static_cast<double>(bytes) / 1e6 / t.wall);
}

std::size_t SliceBytes(const InputDocument& document) {
  std::size_t bytes = 0;
  for (const RawObject& raw : document.objects()) bytes += raw.json.size();
  return bytes;
}

// Runs the figures for one input document.
void Measure(const char* label, const std::string& name, std::string text, int rounds) {
  std::size_t file_bytes = text.size();
  std::string copy = text;
  auto document = qccm::stix::ParseInput(name, std::move(copy));
  if (!document) {
    std::fprintf(stderr, "%s: %s\n", label, document.error().ToString().c_str());
    std::exit(1);
  }
  const auto& objects = document->objects();
  std::size_t n = objects.size(), bytes = SliceBytes(*document);
  std::printf("\n== %s: %zu objects, %.1f MB\n", label, n, static_cast<double>(file_bytes) / 1e6);

  simdjson::dom::parser parser;
  std::size_t sink = 0;
  Timing parse = BestOf(rounds, [&] {
    for (const RawObject& raw : objects) {
      simdjson::dom::element root;
      if (parser.parse(raw.json.data(), raw.json.size(), false).get(root) == simdjson::SUCCESS) {
        ++sink;
      }
    }
  });
  Print("simdjson DOM parse only (floor), 1 thread", n, bytes, parse);

  qccm::stix::Validator validator;
  std::size_t valid = 0, errors = 0;
  std::vector<qccm::stix::Finding> findings;
  Timing single = BestOf(rounds, [&] {
    valid = errors = 0;
    for (const RawObject& raw : objects) {
      findings.clear();
      if (validator.Validate(raw.json, findings, true)) ++valid;
      for (const auto& f : findings) errors += f.severity == qccm::stix::Severity::kError;
    }
  });
  Print("Validator::Validate, 1 thread", n, bytes, single);
  if (valid != n)
    std::printf("   (%zu of %zu objects had errors: %zu errors)\n", n - valid, n, errors);

  Timing batch = BestOf(rounds, [&] {
    auto checked = qccm::stix::ValidateBatch(objects, {}, true, 2);
    sink += checked.size();
  });
  Print("ValidateBatch, 2 threads", n, bytes, batch);

  Timing whole = BestOf(rounds, [&] {
    std::string again = text;
    auto parsed = qccm::stix::ParseInput(name, std::move(again));
    auto checked = qccm::stix::ValidateBatch(parsed->objects(), {}, true, 2);
    sink += checked.size();
  });
  Print("ParseInput + ValidateBatch (qccm validate), 2 threads", n, file_bytes, whole);
  if (sink == 0) std::printf(" ");
}

std::string ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return {};
  std::string text;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, f)) > 0;)
    text.append(buffer, got);
  std::fclose(f);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  std::printf("simdjson implementation: %s\n",
              simdjson::get_active_implementation()->name().c_str());

  std::string ndjson;
  for (std::size_t i = 0; i < count; ++i) ndjson += MakeIndicator(i) + "\n";
  Measure("generated indicators (NDJSON)", "indicators.ndjson", std::move(ndjson), rounds);

  std::string attack_path =
      std::string(QCCM_SHARED_DATA_DIR) + "/stix/mitre-attack/ics-attack-17.1.json";
  std::string attack = ReadFile(attack_path);
  if (attack.empty()) {
    std::printf("\n(no %s: ATT&CK figures skipped)\n", attack_path.c_str());
    return 0;
  }
  // The 2.8 MB bundle is small: more rounds, best of them.
  Measure("ATT&CK ICS 17.1 bundle", attack_path, attack, rounds * 4);
  return 0;
}
