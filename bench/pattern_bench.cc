// Speed of the STIX pattern parser and printer (hot path: every indicator is parsed on ingest).
// Run on a Release build: build-release/bench/pattern_bench
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <filesystem>
#include <string>
#include <vector>

#include "qccm/stix/pattern.h"

namespace {

constexpr std::string_view kSimple = "[ipv4-addr:value = '198.51.100.1']";
constexpr std::string_view kFiveComparisons =
    "[file:hashes.'SHA-256' = "
    "'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c' AND file:size > 1024 "
    "AND file:name LIKE '%.exe' AND file:extensions.'windows-pebinary-ext'.sections[*].entropy "
    ">= 7.5 AND file:created < t'2016-01-01T00:00:00Z']";
constexpr std::string_view kObservations =
    "([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32'] FOLLOWEDBY "
    "[domain-name:value = 'example.com']) WITHIN 600 SECONDS AND [file:name IN ('a.exe', "
    "'b.exe', 'c.exe')] REPEATS 3 TIMES START t'2016-06-01T00:00:00Z' STOP "
    "t'2016-07-01T00:00:00Z'";
constexpr std::string_view kError = "[ipv4-addr:value = '198.51.100.1' AND]";

void Parse(benchmark::State& state, std::string_view text) {
  for (auto _ : state) {
    auto parsed = qccm::stix::ParsePattern(text);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void Print(benchmark::State& state, std::string_view text) {
  auto parsed = qccm::stix::ParsePattern(text);
  if (!parsed) {
    state.SkipWithError(parsed.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    std::string printed = qccm::stix::ToString(*parsed);
    benchmark::DoNotOptimize(printed);
  }
}

void BM_ParseSimple(benchmark::State& state) { Parse(state, kSimple); }
void BM_ParseFiveComparisons(benchmark::State& state) { Parse(state, kFiveComparisons); }
void BM_ParseObservationsAndQualifiers(benchmark::State& state) { Parse(state, kObservations); }
void BM_ParseError(benchmark::State& state) { Parse(state, kError); }
void BM_ToStringSimple(benchmark::State& state) { Print(state, kSimple); }
void BM_ToStringFiveComparisons(benchmark::State& state) { Print(state, kFiveComparisons); }

std::vector<std::string> RealPatterns() {
  std::vector<std::string> patterns;
  simdjson::dom::parser parser;
  const std::filesystem::path root = QCCM_SHARED_DATA_DIR "/stix/oasis-examples";
  if (!std::filesystem::exists(root)) return patterns;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    simdjson::dom::element document;
    if (parser.load(entry.path().string()).get(document)) continue;
    simdjson::dom::array objects;
    if (document["objects"].get_array().get(objects)) continue;
    for (simdjson::dom::element object : objects) {
      std::string_view pattern;
      if (!object["pattern"].get_string().get(pattern)) patterns.emplace_back(pattern);
    }
  }
  return patterns;
}

// Every pattern of the OASIS example bundles, one after the other; reported per pattern.
void BM_ParseRealPatterns(benchmark::State& state) {
  static const std::vector<std::string> patterns = RealPatterns();
  if (patterns.empty()) {
    state.SkipWithError("no patterns found under " QCCM_SHARED_DATA_DIR);
    return;
  }
  for (auto _ : state) {
    for (const std::string& text : patterns) {
      auto parsed = qccm::stix::ParsePattern(text);
      benchmark::DoNotOptimize(parsed);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * patterns.size()));
  state.counters["patterns"] = static_cast<double>(patterns.size());
}

}  // namespace

BENCHMARK(BM_ParseSimple);
BENCHMARK(BM_ParseFiveComparisons);
BENCHMARK(BM_ParseObservationsAndQualifiers);
BENCHMARK(BM_ParseError);
BENCHMARK(BM_ParseRealPatterns);
BENCHMARK(BM_ToStringSimple);
BENCHMARK(BM_ToStringFiveComparisons);

BENCHMARK_MAIN();
