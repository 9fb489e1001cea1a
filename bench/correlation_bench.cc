// Correlation benchmark (issue 4). Three figures, each printed with how it was measured:
//   1. index build: N generated objects (indicators over IPv4/domain/URL/hash values with
//      repeats across objects, SCOs, sightings) parsed (ParseClue) and applied to an empty
//      CorrelationIndex on one thread: seconds, objects/s, values, postings, memory per
//      observable (IndexStats), RSS growth;
//   2. update cost per ingest batch: batches of B new objects applied to that populated index
//      (parse + apply), microseconds per batch and per object;
//   3. ingest side by side: M generated indicators (envelopes of B) through IngestService into
//      two fresh SQLite stores in the same run, one with the correlation hook the node installs
//      (ClueService::OnIngested: index and matcher) and one without, batches interleaved so
//      that load changes on a shared machine hit both arms alike: objects/s of each and the
//      cost of keeping correlation current (issue 4: at most 20%).
// Run on a Release build:
//   correlation_bench [--objects N] [--ingest M] [--batch B] [--dir DIR] [--quick]
// It prints wall and process CPU time: on a busy shared machine the CPU figure is steadier.
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "qccm/core/check.h"
#include "qccm/core/log.h"
#include "qccm/correlation/clue_parse.h"
#include "qccm/correlation/clue_service.h"
#include "qccm/correlation/correlation_index.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/stix/reader.h"
#include "qccm/store/store.h"

namespace {

using namespace qccm;
using WallClock = std::chrono::steady_clock;

struct Options {
  std::size_t objects = 1000000;  // index build
  std::size_t ingest = 1000000;   // side-by-side ingest
  std::size_t batch = 1000;
  std::size_t update_batches = 100;
  std::filesystem::path dir = "build/correlation-bench";
};

std::uint64_t SplitMix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double Since(WallClock::time_point start) {
  return std::chrono::duration<double>(WallClock::now() - start).count();
}

std::size_t RssBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::string Uuid(std::uint64_t n) {
  const std::uint64_t a = SplitMix(n), b = SplitMix(n ^ 0x5555555555555555ULL);
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-8%03x-%012" PRIx64,
                static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                static_cast<unsigned>(a & 0xfff), static_cast<unsigned>((b >> 48) & 0xfff),
                static_cast<std::uint64_t>(b & 0xffffffffffffULL));
  return text;
}

std::string Hex(std::uint64_t a, std::size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < digits; ++i) {
    out += kHex[(a >> (4 * (i % 16))) & 0xF];
    if (i % 16 == 15) a = SplitMix(a);
  }
  return out;
}

// Observable value k of a pool: public IPv4 (not in the excluded ranges), domain, URL,
// SHA-256 or MD5. About half the objects share their value with another object.
struct Value {
  const char* path;      // pattern path
  const char* sco_type;  // SCO carrying it
  std::string text;
};
Value ValueOf(std::uint64_t k) {
  std::uint64_t h = SplitMix(k * 11 + 3);
  switch (k % 5) {
    case 0:
      return {"ipv4-addr:value", "ipv4-addr",
              std::to_string(45 + h % 50) + "." + std::to_string(h >> 8 & 255) + "." +
                  std::to_string(h >> 16 & 255) + "." + std::to_string(1 + (h >> 24) % 254)};
    case 1:
      return {"domain-name:value", "domain-name", "h" + Hex(h, 10) + ".example"};
    case 2:
      return {"url:value", "url", "http://s" + Hex(h, 8) + ".example/p/" + Hex(h >> 7, 6)};
    case 3:
      return {"file:hashes.'SHA-256'", "file", Hex(h, 64)};
    default:
      return {"file:hashes.MD5", "file", Hex(h, 32)};
  }
}

std::string Sco(const Value& v, std::uint64_t n) {
  std::string id = std::string(v.sco_type) + "--" + Uuid(n);
  if (std::string_view(v.sco_type) == "file") {
    bool sha = v.text.size() == 64;
    return R"({"type":"file","spec_version":"2.1","id":")" + id + R"(","hashes":{")" +
           (sha ? "SHA-256" : "MD5") + R"(":")" + v.text + R"("}})";
  }
  return R"({"type":")" + std::string(v.sco_type) + R"(","spec_version":"2.1","id":")" + id +
         R"(","value":")" + v.text + R"("})";
}

// A realistic ~550-byte indicator (as the TAXII benchmark's, but with values the index keeps:
// the TAXII benchmark's 10.x.x.x addresses are in an excluded private range).
std::string IndicatorOf(const Value& v, std::uint64_t n) {
  std::string pattern = "[" + std::string(v.path) + " = '" + v.text + "']";
  return R"({"type":"indicator","spec_version":"2.1","id":"indicator--)" + Uuid(n) +
         R"(","created_by_ref":"identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01","created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z","name":"Bench clue )" +
         std::to_string(n) +
         R"(","description":"Infrastructure observed in a bench campaign.","indicator_types":["malicious-activity"],"pattern":")" +
         pattern +
         R"(","pattern_type":"stix","valid_from":"2024-03-01T10:00:00Z","labels":["bench"],"confidence":80,"object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]})";
}

// Object n of the index-build mix: 70% indicators, 20% SCOs, 10% sightings of an earlier
// indicator. Values come from a pool of half as many keys as objects.
std::string MixObject(std::uint64_t n, std::uint64_t pool) {
  std::uint64_t h = SplitMix(n + 77);
  std::uint64_t kind = h % 10;
  Value v = ValueOf((h >> 8) % pool);
  if (kind < 7) return IndicatorOf(v, n);
  if (kind < 9) return Sco(v, n);
  std::uint64_t target = n == 0 ? 0 : (h >> 20) % n;
  return R"({"type":"sighting","spec_version":"2.1","id":"sighting--)" + Uuid(n) +
         R"(","created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z","sighting_of_ref":"indicator--)" +
         Uuid(target) + R"("})";
}

void Apply(correlation::CorrelationIndex& index, const std::string& json, std::uint64_t n) {
  correlation::ParsedClue parsed = correlation::ParseClue(json);
  std::string_view type = parsed.id.substr(0, parsed.id.find("--"));
  index.Apply(correlation::IndexedVersion{.collection_id = "c0000000-0000-4000-8000-000000000001",
                                          .id = parsed.id,
                                          .type = type,
                                          .modified = Timestamp::FromSeconds(1709287200),
                                          .date_added = Timestamp{static_cast<std::int64_t>(n)},
                                          .json = json,
                                          .author_member = 1 + static_cast<std::int64_t>(n % 4)},
              parsed);
}

void PrintIndexStats(const correlation::IndexStats& s) {
  std::printf(
      "  values %zu, postings %zu, objects %zu; index memory %.1f MB, %.0f bytes per observable "
      "value (values, interning, posting lists; the rest is per object entry)\n",
      s.values, s.postings, s.objects, static_cast<double>(s.memory_bytes) / 1e6,
      s.bytes_per_value());
}

void IndexBuild(const Options& options) {
  const std::uint64_t n = options.objects;
  std::vector<std::string> objects;
  objects.reserve(n);
  std::size_t bytes = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    objects.push_back(MixObject(i, n / 2 + 1));
    bytes += objects.back().size();
  }
  correlation::CorrelationIndex index;
  std::size_t rss = RssBytes();
  auto start = WallClock::now();
  double cpu = CpuSeconds();
  for (std::uint64_t i = 0; i < n; ++i) Apply(index, objects[i], i);
  double wall = Since(start), used = CpuSeconds() - cpu;
  std::printf(
      "index build: %zu objects (%.0f MB of JSON; 70%% indicators, 20%% SCOs, 10%% sightings) "
      "parsed and indexed on one thread in %.2f s wall, %.2f s cpu: %.0f objects/s (cpu)\n",
      static_cast<std::size_t>(n), static_cast<double>(bytes) / 1e6, wall, used,
      static_cast<double>(n) / used);
  correlation::IndexStats stats = index.Stats();
  PrintIndexStats(stats);
  std::printf("  RSS grew %.1f MB (%.0f bytes per object)\n",
              static_cast<double>(RssBytes() - rss) / 1e6,
              static_cast<double>(RssBytes() - rss) / static_cast<double>(n));

  // Update cost: new batches into the populated index.
  std::vector<std::string> batch(options.batch);
  double total_wall = 0, total_cpu = 0;
  for (std::size_t b = 0; b < options.update_batches; ++b) {
    for (std::size_t i = 0; i < options.batch; ++i) {
      batch[i] = MixObject(n + b * options.batch + i, n / 2 + 1);
    }
    auto t = WallClock::now();
    double c = CpuSeconds();
    for (std::size_t i = 0; i < options.batch; ++i) Apply(index, batch[i], n + i);
    total_wall += Since(t);
    total_cpu += CpuSeconds() - c;
  }
  double per_batch = total_cpu / static_cast<double>(options.update_batches);
  std::printf(
      "update: %zu batches of %zu new objects into the index of %zu: %.0f us per batch (cpu; "
      "%.0f us wall), %.2f us per object\n",
      options.update_batches, options.batch, static_cast<std::size_t>(n), per_batch * 1e6,
      total_wall / static_cast<double>(options.update_batches) * 1e6,
      per_batch * 1e6 / static_cast<double>(options.batch));
}

// One arm of the ingest comparison: a fresh store, members, a collection, and optionally the
// correlation services wired as app/wiring.cc wires them.
struct Arm {
  Arm(const std::filesystem::path& dir, bool correlate) {
    std::filesystem::remove_all(dir);
    Config config;
    config.data_dir = dir.string();
    auto opened = store::OpenStore(config, store::OpenMode::kCreateIfMissing, clock);
    QCCM_CHECK(opened.has_value());
    store = std::move(*opened);
    sharing = std::make_unique<sharing::SharingService>(store->sharing(), clock,
                                                        sharing::PasswordCost::kFastForTests);
    QCCM_CHECK(sharing->AddMember("BENCH", "bench").has_value());
    auto collection = sharing->AddCollection(
        {.title = "bench", .read_members = {"BENCH"}, .write_members = {"BENCH"}});
    QCCM_CHECK(collection.has_value());
    collection_id = collection->id;
    principal = *sharing->OperatorFor("BENCH");
    ingest = std::make_unique<sharing::IngestService>(store->objects(), store->sharing(), clock);
    if (!correlate) return;
    sharing::SharingStore& members = store->sharing();
    index = std::make_unique<correlation::CorrelationIndex>(correlation::IndexOptions{
        .member_of_code = [&members](std::string_view code) -> std::int64_t {
          auto member = members.GetMemberByCode(code);
          return member ? member->id : 0;
        }});
    clues = std::make_unique<correlation::ClueService>(
        *index, *store->correlation(), members, clock,
        correlation::ClueServiceOptions{.ingest = ingest.get()});
    QCCM_CHECK(clues->Rebuild().has_value());
    correlation::ClueService* c = clues.get();
    ingest->SetAfterCommitHook([c](std::string_view into, Timestamp date_added,
                                   std::span<const store::NewObjectVersion> added) {
      c->OnIngested(into, date_added, added);
    });
  }

  // Parses and ingests one envelope; adds its wall and CPU time.
  void Ingest(std::string envelope, std::size_t expected) {
    auto start = WallClock::now();
    double cpu = CpuSeconds();
    auto document = stix::ParseInput("bench", std::move(envelope));
    QCCM_CHECK(document.has_value());
    auto report =
        ingest->Ingest(principal, collection_id, document->objects(), {.input_padded = true});
    QCCM_CHECK(report.has_value());
    if (report->added != expected) {
      std::fprintf(stderr, "ingest: %zu of %zu added (%zu rejected)\n", report->added, expected,
                   report->rejected.size());
      std::exit(1);
    }
    wall += Since(start);
    cpu_seconds += CpuSeconds() - cpu;
    objects += expected;
  }

  SystemClock clock;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<sharing::SharingService> sharing;
  std::unique_ptr<sharing::IngestService> ingest;
  std::unique_ptr<correlation::CorrelationIndex> index;
  std::unique_ptr<correlation::ClueService> clues;
  sharing::Principal principal;
  std::string collection_id;
  double wall = 0, cpu_seconds = 0;
  std::size_t objects = 0;
};

void IngestSideBySide(const Options& options) {
  Arm off(options.dir / "ingest-off", false);
  Arm on(options.dir / "ingest-on", true);
  const std::size_t batches = (options.ingest + options.batch - 1) / options.batch;
  const std::uint64_t pool = options.ingest / 2 + 1;
  std::string envelope;
  for (std::size_t b = 0; b < batches; ++b) {
    const std::size_t first = b * options.batch;
    const std::size_t count = std::min(options.batch, options.ingest - first);
    envelope = R"({"objects":[)";
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) envelope += ',';
      std::uint64_t n = first + i;
      envelope += IndicatorOf(ValueOf(SplitMix(n) % pool), n);
    }
    envelope += "]}";
    // Alternate which arm goes first so neither always meets a warmer cache.
    if (b % 2 == 0) {
      off.Ingest(envelope, count);
      on.Ingest(envelope, count);
    } else {
      on.Ingest(envelope, count);
      off.Ingest(envelope, count);
    }
  }
  auto rate = [](const Arm& a, double seconds) { return static_cast<double>(a.objects) / seconds; };
  std::printf(
      "ingest side by side: %zu indicators in envelopes of %zu through IngestService (parse, "
      "validate, one SQLite transaction per envelope), batches interleaved:\n",
      options.ingest, options.batch);
  std::printf("  correlation off: %8.2f s wall %8.2f s cpu  %8.0f objects/s (wall) %8.0f (cpu)\n",
              off.wall, off.cpu_seconds, rate(off, off.wall), rate(off, off.cpu_seconds));
  std::printf("  correlation on:  %8.2f s wall %8.2f s cpu  %8.0f objects/s (wall) %8.0f (cpu)\n",
              on.wall, on.cpu_seconds, rate(on, on.wall), rate(on, on.cpu_seconds));
  std::printf(
      "  cost of keeping correlation current: %.1f%% of ingest throughput (wall), %.1f%% "
      "(cpu)\n",
      (1.0 - rate(on, on.wall) / rate(off, off.wall)) * 100.0,
      (1.0 - rate(on, on.cpu_seconds) / rate(off, off.cpu_seconds)) * 100.0);
  PrintIndexStats(on.clues->Stats());
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&] { return i + 1 < argc ? std::strtoull(argv[++i], nullptr, 10) : 0ULL; };
    if (arg == "--objects") {
      options.objects = next();
    } else if (arg == "--ingest") {
      options.ingest = next();
    } else if (arg == "--batch") {
      options.batch = std::max<std::size_t>(1, next());
    } else if (arg == "--dir" && i + 1 < argc) {
      options.dir = argv[++i];
    } else if (arg == "--quick") {
      options.objects = 20000;
      options.ingest = 20000;
      options.update_batches = 10;
    } else {
      // An unknown argument (--help included) must not start a run of several minutes.
      std::fprintf(stderr,
                   "correlation_bench: unknown argument '%s'\nusage: correlation_bench "
                   "[--objects N] [--ingest N] [--batch N] [--dir DIR] [--quick]\n",
                   arg.c_str());
      return 2;
    }
  }
  Config config;
  config.log.level = "warn";
  if (!InitLogging(config.log)) return 1;
  std::filesystem::create_directories(options.dir);
  IndexBuild(options);
  IngestSideBySide(options);
  std::filesystem::remove_all(options.dir / "ingest-off");
  std::filesystem::remove_all(options.dir / "ingest-on");
  return 0;
}
