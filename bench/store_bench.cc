// Store benchmark: bulk PutObjects of generated ~500-byte indicators into an empty SQLite
// store (batches of 10,000 with synchronous FULL and NORMAL, and one single batch), then
// ListObjects paging through everything with limit 1000, and the time of a page at the start
// versus near the end. Prints figures; run on a Release build:
//   store_bench [--count N] [--dir DIR] [--quick] [--cache-mib N] [--mmap-mib N]
//               [--wal-checkpoint PAGES]
// It prints wall and CPU time: on a busy shared machine the CPU figure is the steadier one.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "qccm/core/time.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using qccm::Config;
using qccm::Timestamp;
using qccm::store::Cursor;
using qccm::store::NewObjectVersion;
using qccm::store::ObjectQuery;
using qccm::store::OpenMode;
using qccm::store::Store;
using Clock = std::chrono::steady_clock;

constexpr const char* kCollection = "b0000000-0000-4000-8000-000000000001";

std::uint64_t SplitMix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A random-looking (but reproducible) version 4 UUID for object n.
std::string Uuid(std::uint64_t n) {
  const std::uint64_t a = SplitMix(n);
  const std::uint64_t b = SplitMix(n ^ 0x5555555555555555ULL);
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-8%03x-%012" PRIx64,
                static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                static_cast<unsigned>(a & 0xfff), static_cast<unsigned>((b >> 48) & 0xfff),
                static_cast<std::uint64_t>(b & 0xffffffffffffULL));
  return text;
}

struct Generated {
  std::vector<std::string> ids;
  std::vector<std::string> json;
  std::vector<Timestamp> modified;
  std::size_t bytes = 0;
};

Generated Generate(std::size_t count) {
  Generated g;
  g.ids.reserve(count);
  g.json.reserve(count);
  g.modified.reserve(count);
  const Timestamp base = Timestamp::FromSeconds(1'704'067'200);  // 2024-01-01
  for (std::size_t i = 0; i < count; ++i) {
    g.ids.push_back("indicator--" + Uuid(i));
    const Timestamp modified{base.micros + static_cast<std::int64_t>(i) * 1000};
    g.modified.push_back(modified);
    const std::string t = qccm::FormatTimestamp(modified);
    std::string json =
        "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + g.ids.back() +
        "\",\"created_by_ref\":\"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff\",\"created\":\"" +
        t + "\",\"modified\":\"" + t + "\",\"name\":\"Propaganda distribution domain " +
        std::to_string(i) +
        "\",\"description\":\"Domain observed hosting recruitment material; shared for "
        "blocking and monitoring.\",\"indicator_types\":[\"malicious-activity\"],\"pattern\":"
        "\"[domain-name:value = 'cdn" +
        std::to_string(i) +
        ".propaganda-example.net']\",\"pattern_type\":\"stix\",\"valid_from\":\"" + t +
        "\",\"object_marking_refs\":[\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\"]"
        "}";
    g.bytes += json.size();
    g.json.push_back(std::move(json));
  }
  return g;
}

std::vector<NewObjectVersion> Views(const Generated& g, std::size_t from, std::size_t to) {
  std::vector<NewObjectVersion> views;
  views.reserve(to - from);
  for (std::size_t i = from; i < to; ++i) {
    views.push_back({.id = g.ids[i],
                     .type = "indicator",
                     .spec_version = "2.1",
                     .created = g.modified[i],
                     .modified = g.modified[i],
                     .json = g.json[i],
                     .tlp = qccm::stix::Tlp::kGreen,
                     .author_member = 1});
  }
  return views;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of this process: on a shared, busy machine wall time also measures the neighbours.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

[[noreturn]] void Fail(const std::string& what, const qccm::Error& error) {
  std::fprintf(stderr, "store_bench: %s: %s\n", what.c_str(), error.ToString().c_str());
  std::exit(1);
}

qccm::store::sqlite::SqliteOptions g_options;  // set from the command line

// Bytes this process made the kernel write to storage so far (/proc/self/io write_bytes).
double WrittenMB() {
  std::FILE* io = std::fopen("/proc/self/io", "r");
  if (io == nullptr) return 0;
  char line[128];
  unsigned long long bytes = 0;
  while (std::fgets(line, sizeof line, io) != nullptr) {
    if (std::sscanf(line, "write_bytes: %llu", &bytes) == 1) break;
  }
  std::fclose(io);
  return static_cast<double>(bytes) / 1e6;
}

std::unique_ptr<Store> OpenFresh(const std::string& dir, const std::string& synchronous) {
  std::filesystem::remove_all(dir);
  Config config;
  config.data_dir = dir;
  auto options = g_options;
  options.synchronous = synchronous;
  auto store = qccm::store::sqlite::OpenSqliteStore(config, OpenMode::kCreateIfMissing, options);
  if (!store) Fail("open " + dir, store.error());
  auto collection = (*store)->sharing().CreateCollection({.id = kCollection, .title = "bench"}, {});
  if (!collection) Fail("create collection", collection.error());
  return std::move(*store);
}

// Puts everything in batches of `batch` and prints the rate.
void BenchPut(Store& store, const Generated& g, std::size_t batch, const std::string& label) {
  const auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  const double written_start = WrittenMB();
  for (std::size_t from = 0; from < g.ids.size(); from += batch) {
    const std::size_t to = std::min(g.ids.size(), from + batch);
    auto views = Views(g, from, to);
    auto put = store.objects().PutObjects(kCollection, views);
    if (!put) Fail("put", put.error());
    if (put->added != to - from) {
      std::fprintf(stderr, "store_bench: expected %zu added, got %zu\n", to - from, put->added);
      std::exit(1);
    }
  }
  const double s = Seconds(Clock::now() - start);
  const double cpu = CpuSeconds() - cpu_start;
  const double written = WrittenMB() - written_start;
  auto stats = store.Stats();
  const auto n = static_cast<double>(g.ids.size());
  std::printf(
      "put %-34s %9zu objects: wall %6.2f s = %8.0f/s, cpu %6.2f s = %8.0f/s; wrote %.0f MB; "
      "db %.0f MB\n",
      label.c_str(), g.ids.size(), s, n / s, cpu, n / cpu, written,
      stats ? static_cast<double>(stats->bytes_on_disk) / 1e6 : 0.0);
}

// Times one page (median of `repeats`) starting after `after`.
double PageMicros(Store& store, std::optional<Cursor> after, bool with_json, int repeats = 21) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto start = Clock::now();
    auto page = store.objects().ListObjects(
        kCollection, {.after = after, .limit = 1000, .with_json = with_json}, {.member_id = 1});
    times.push_back(Seconds(Clock::now() - start) * 1e6);
    if (!page || page->objects.empty()) {
      std::fprintf(stderr, "store_bench: page failed or empty\n");
      std::exit(1);
    }
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void BenchList(Store& store, std::size_t count, bool with_json) {
  const char* label = with_json ? "objects (with JSON)" : "manifest (no JSON)";
  ObjectQuery query{.limit = 1000, .with_json = with_json};
  std::size_t seen = 0;
  std::size_t pages = 0;
  std::optional<Cursor> near_end;
  const auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  for (;;) {
    auto page = store.objects().ListObjects(kCollection, query, {.member_id = 1});
    if (!page) Fail("list", page.error());
    seen += page->objects.size();
    ++pages;
    if (seen + 2000 >= count && !near_end && page->next) near_end = page->next;
    if (!page->more) break;
    query.after = page->next;
  }
  const double s = Seconds(Clock::now() - start);
  const double cpu = CpuSeconds() - cpu_start;
  if (seen != count) {
    std::fprintf(stderr, "store_bench: listed %zu of %zu\n", seen, count);
    std::exit(1);
  }
  std::printf(
      "list %-33s %9zu objects in %zu pages: wall %6.2f s = %8.0f/s, cpu %6.2f s = %8.0f/s\n",
      label, seen, pages, s, static_cast<double>(seen) / s, cpu, static_cast<double>(seen) / cpu);
  const double first = PageMicros(store, std::nullopt, with_json);
  const double last = near_end ? PageMicros(store, near_end, with_json) : 0;
  std::printf("list %-33s page of 1000 at start %8.0f us, near the end %8.0f us (median of 21)\n",
              label, first, last);
}

// Stores a status record with 1,000 entries and times reading it back.
void BenchStatus(Store& store) {
  const Generated extra = Generate(1000);
  std::vector<NewObjectVersion> views = Views(extra, 0, extra.ids.size());
  for (auto& v : views) v.modified = Timestamp{v.modified.micros + 1};  // new versions
  qccm::store::StatusRecord status{.id = "5e000000-0000-4000-8000-000000000001",
                                   .collection_id = kCollection};
  auto put = store.objects().PutObjects(kCollection, views, &status);
  if (!put) Fail("put with status", put.error());
  std::vector<double> times;
  for (int i = 0; i < 21; ++i) {
    const auto start = Clock::now();
    auto read = store.objects().GetStatus(status.id);
    times.push_back(Seconds(Clock::now() - start) * 1e6);
    if (!read || read->successes.size() != 1000) {
      std::fprintf(stderr, "store_bench: status read failed\n");
      std::exit(1);
    }
  }
  std::sort(times.begin(), times.end());
  std::printf("status with 1000 entries: read in %.0f us (median of 21)\n", times[10]);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 1'000'000;
  std::string dir = (std::filesystem::temp_directory_path() / "qccm-store-bench").string();
  bool quick = false;  // only the 10,000-batch FULL import and the listings
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--quick") quick = true;
    if (flag == "--count" && i + 1 < argc) count = std::strtoull(argv[++i], nullptr, 10);
    if (flag == "--dir" && i + 1 < argc) dir = argv[++i];
    if (flag == "--cache-mib" && i + 1 < argc) {
      g_options.writer_cache_kib = std::strtoll(argv[++i], nullptr, 10) * 1024;
    }
    if (flag == "--mmap-mib" && i + 1 < argc) {
      g_options.mmap_bytes = std::strtoll(argv[++i], nullptr, 10) * 1024 * 1024;
    }
    if (flag == "--wal-checkpoint" && i + 1 < argc) {
      g_options.wal_autocheckpoint_pages = std::atoi(argv[++i]);
    }
  }
  const std::string cache = g_options.writer_cache_kib > 0
                                ? std::to_string(g_options.writer_cache_kib / 1024) + " MiB"
                                : "from config";
  std::printf(
      "store_bench: %zu indicator versions; writer cache %s, mmap %lld MiB, "
      "wal_autocheckpoint %d pages\n",
      count, cache.c_str(), static_cast<long long>(g_options.mmap_bytes / 1024 / 1024),
      g_options.wal_autocheckpoint_pages);
  const Generated g = Generate(count);
  std::printf("generated: average JSON %.0f bytes\n",
              static_cast<double>(g.bytes) / static_cast<double>(count));

  if (!quick) {
    auto store = OpenFresh(dir + "/normal", "NORMAL");
    BenchPut(*store, g, 10'000, "batches of 10000, sync NORMAL");
  }
  std::filesystem::remove_all(dir + "/normal");
  if (!quick) {
    auto store = OpenFresh(dir + "/single", "FULL");
    BenchPut(*store, g, count, "one batch, sync FULL");
  }
  std::filesystem::remove_all(dir + "/single");
  {
    auto store = OpenFresh(dir + "/full", "FULL");
    BenchPut(*store, g, 10'000, "batches of 10000, sync FULL");
    BenchList(*store, count, true);
    BenchList(*store, count, false);
    BenchStatus(*store);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
