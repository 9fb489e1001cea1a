// Audit log benchmark (prints figures; run on a Release build):
//   audit_bench [--records N] [--dir DIR] [--quick]
// 1. SHA-256 of a record: OpenSSL EVP (SHA extensions) against libsodium.
// 2. Append throughput into audit.db: one record per request, 1000 per batch, and one record
//    naming 1000 objects (a TAXII envelope or page) per request.
// 3. Side by side in one run, interleaved: object store puts of 1000-object batches, and pages
//    of 1000 objects read with JSON, each with and without the audit append of its request.
// 4. A log of N records (default 10,000,000): build time, full verify time, proof size.
// It prints wall and CPU time: on a busy shared machine the CPU figure is the steadier one.
#include <sodium.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/proof_json.h"
#include "qccm/oversight/sqlite_audit_store.h"
#include "store/sqlite/sqlite_store.h"

namespace {

namespace fs = std::filesystem;
using namespace qccm;
using namespace qccm::oversight;
using WallClock = std::chrono::steady_clock;

constexpr const char* kCollection = "b0000000-0000-4000-8000-000000000001";

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
double Since(WallClock::time_point start) {
  return std::chrono::duration<double>(WallClock::now() - start).count();
}

[[noreturn]] void Fail(const std::string& what, const Error& error) {
  std::fprintf(stderr, "audit_bench: %s: %s\n", what.c_str(), error.ToString().c_str());
  std::exit(1);
}

std::string ObjectId(std::uint64_t n) {
  char text[64];
  std::snprintf(text, sizeof text, "indicator--%08" PRIx64 "-0000-4000-8000-%012" PRIx64,
                n & 0xffffffffU, n);
  return text;
}

// A typical request's record: a read of two named objects by one of 40 users of 8 members.
AuditRecord TypicalRecord(std::uint64_t i, std::size_t objects = 2) {
  AuditRecord r;
  r.time = Timestamp::FromSeconds(1714550400 + static_cast<std::int64_t>(i / 100));
  r.request_id = "req-" + std::to_string(i);
  r.user = "user" + std::to_string(i % 40);
  r.member = "MEMBER-" + std::to_string(i % 8);
  r.action = i % 5 == 0 ? AuditAction::kWrite : AuditAction::kRead;
  r.collection = kCollection;
  for (std::size_t k = 0; k < objects; ++k) r.object_ids.push_back(ObjectId(i * 7 + k));
  r.query = "match[type]=indicator&limit=1000";
  r.owners = {"MEMBER-" + std::to_string((i + 1) % 8)};
  return r;
}

struct Audit {
  std::unique_ptr<AuditStore> store;
  NodeKey key = NodeKey::FromSeed({1, 2, 3});
  SystemClock clock;
  std::unique_ptr<AuditLog> log;
};

std::unique_ptr<Audit> OpenAudit(const fs::path& path) {
  fs::remove(path);
  fs::remove(path.string() + "-wal");
  fs::remove(path.string() + "-shm");
  auto audit = std::make_unique<Audit>();
  auto store = OpenSqliteAuditStore(path, true);
  if (!store) Fail("open audit store", store.error());
  audit->store = std::move(*store);
  auto log = AuditLog::Open(*audit->store, &audit->key, audit->clock);
  if (!log) Fail("open audit log", log.error());
  audit->log = std::move(*log);
  return audit;
}

void BenchHashing() {
  std::string record = EncodeRecord(TypicalRecord(12345));
  constexpr int kRounds = 1'000'000;
  Hash sink{};
  auto start = WallClock::now();
  for (int i = 0; i < kRounds; ++i) {
    record[10] = static_cast<char>('0' + i % 10);
    sink[i % 32] ^= HashLeaf(record)[0];
  }
  double evp = Since(start);
  unsigned char out[32];
  start = WallClock::now();
  for (int i = 0; i < kRounds; ++i) {
    record[10] = static_cast<char>('0' + i % 10);
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(record.data()), record.size());
    sink[i % 32] ^= out[0];
  }
  double sodium = Since(start);
  std::printf("hash   %zu-byte record: OpenSSL EVP %.0f ns, libsodium %.0f ns (sink %d)\n",
              record.size(), evp * 1e9 / kRounds, sodium * 1e9 / kRounds, sink[0]);
}

void BenchAppend(const fs::path& dir, bool quick) {
  auto audit = OpenAudit(dir / "append.db");
  const std::size_t singles = quick ? 2000 : 20000;
  auto start = WallClock::now();
  double cpu = CpuSeconds();
  for (std::size_t i = 0; i < singles; ++i) {
    AuditRecord r = TypicalRecord(i);
    if (!audit->log->Append({&r, 1})) Fail("append", Error{});
  }
  double wall = Since(start);
  cpu = CpuSeconds() - cpu;
  std::printf("append batch 1      %8zu records: wall %6.2f s = %8.0f/s, cpu %6.2f s = %8.0f/s\n",
              singles, wall, static_cast<double>(singles) / wall, cpu,
              static_cast<double>(singles) / cpu);
  const std::size_t batched = quick ? 20000 : 200000;
  std::vector<AuditRecord> batch;
  start = WallClock::now();
  cpu = CpuSeconds();
  for (std::size_t i = 0; i < batched; ++i) {
    batch.push_back(TypicalRecord(singles + i));
    if (batch.size() == 1000) {
      if (!audit->log->Append(batch)) Fail("append", Error{});
      batch.clear();
    }
  }
  wall = Since(start);
  cpu = CpuSeconds() - cpu;
  std::printf("append batch 1000   %8zu records: wall %6.2f s = %8.0f/s, cpu %6.2f s = %8.0f/s\n",
              batched, wall, static_cast<double>(batched) / wall, cpu,
              static_cast<double>(batched) / cpu);
  const std::size_t wide = quick ? 200 : 2000;
  start = WallClock::now();
  cpu = CpuSeconds();
  for (std::size_t i = 0; i < wide; ++i) {
    AuditRecord r = TypicalRecord(i, 1000);
    if (!audit->log->Append({&r, 1})) Fail("append", Error{});
  }
  wall = Since(start);
  cpu = CpuSeconds() - cpu;
  std::printf(
      "append 1 record naming 1000 objects, %zu requests: wall %.0f us, cpu %.0f us per request\n",
      wide, wall * 1e6 / static_cast<double>(wide), cpu * 1e6 / static_cast<double>(wide));
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Interleaves `rounds` of work without and with auditing; prints the medians (wall, and CPU of
// this thread, which a busy machine disturbs less) and the throughput loss.
template <typename Work, typename AuditStep>
void SideBySide(const char* label, int rounds, Work work, AuditStep audit_step) {
  std::vector<double> plain, audited, plain_cpu, audited_cpu;
  for (int i = 0; i < rounds; ++i) {
    auto start = WallClock::now();
    double cpu = ThreadCpuSeconds();
    work(2 * i);
    plain.push_back(Since(start));
    plain_cpu.push_back(ThreadCpuSeconds() - cpu);
    start = WallClock::now();
    cpu = ThreadCpuSeconds();
    work(2 * i + 1);
    audit_step(2 * i + 1);
    audited.push_back(Since(start));
    audited_cpu.push_back(ThreadCpuSeconds() - cpu);
  }
  double a = Median(plain), b = Median(audited);
  double ac = Median(plain_cpu), bc = Median(audited_cpu);
  std::printf("%-44s wall %7.0f -> %7.0f us (loss %4.1f%%), cpu %7.0f -> %7.0f us (loss %4.1f%%)\n",
              label, a * 1e6, b * 1e6, (1 - a / b) * 100, ac * 1e6, bc * 1e6, (1 - ac / bc) * 100);
}

void BenchSideBySide(const fs::path& dir, bool quick) {
  fs::remove_all(dir / "objects");
  Config config;
  config.data_dir = (dir / "objects").string();
  store::sqlite::SqliteOptions options;
  auto opened = store::sqlite::OpenSqliteStore(config, store::OpenMode::kCreateIfMissing, options);
  if (!opened) Fail("open object store", opened.error());
  store::Store& objects = **opened;
  if (auto c = objects.sharing().CreateCollection({.id = kCollection, .title = "bench"}, {}); !c) {
    Fail("collection", c.error());
  }
  auto audit = OpenAudit(dir / "side.db");
  const int rounds = quick ? 6 : 30;
  std::vector<std::string> json(1000);
  std::vector<std::string> ids(1000);
  auto put = [&](int round) {
    std::vector<store::NewObjectVersion> views;
    const Timestamp t = Timestamp::FromSeconds(1704067200 + round);
    for (std::size_t k = 0; k < 1000; ++k) {
      ids[k] = ObjectId(static_cast<std::uint64_t>(round) * 1000 + k);
      json[k] =
          "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + ids[k] +
          "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\","
          "\"name\":\"Recruitment site " +
          std::to_string(k) + "\",\"pattern\":\"[domain-name:value = 'cdn" + std::to_string(k) +
          ".example.net']\",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\","
          "\"description\":\"Domain observed hosting recruitment material; shared for "
          "blocking and monitoring.\"}";
      views.push_back({.id = ids[k],
                       .type = "indicator",
                       .spec_version = "2.1",
                       .created = t,
                       .modified = t,
                       .json = json[k],
                       .tlp = stix::Tlp::kGreen,
                       .author_member = 1});
    }
    auto stored = objects.objects().PutObjects(kCollection, views);
    if (!stored) Fail("put", stored.error());
  };
  auto audit_ids = [&](int round, AuditAction action) {
    AuditRecord r = TypicalRecord(static_cast<std::uint64_t>(round), 0);
    r.action = action;
    r.object_ids = ids;
    if (!audit->log->Append({&r, 1})) Fail("audit append", Error{});
  };
  SideBySide("ingest: put 1000 objects (store only)", rounds, put,
             [&](int round) { audit_ids(round, AuditAction::kWrite); });
  std::vector<store::Cursor> cursors;
  store::ObjectQuery query{.limit = 1000};
  for (;;) {
    auto page = objects.objects().ListObjects(kCollection, query, {.member_id = 1});
    if (!page) Fail("list", page.error());
    if (!page->more) break;
    cursors.push_back(*page->next);
    query.after = page->next;
  }
  auto read = [&](int round) {
    store::ObjectQuery q{.limit = 1000};
    if (round % 2 == 1 && !cursors.empty())
      q.after = cursors[static_cast<std::size_t>(round / 2) % cursors.size()];
    auto page = objects.objects().ListObjects(kCollection, q, {.member_id = 1});
    if (!page || page->objects.empty()) Fail("list", page ? Error{} : page.error());
    for (std::size_t k = 0; k < page->objects.size() && k < ids.size(); ++k)
      ids[k] = page->objects[k].id;
  };
  SideBySide("paged read: 1000 objects, record names all", rounds * 2, read,
             [&](int round) { audit_ids(round, AuditAction::kRead); });
  SideBySide("paged read: 1000 objects, record has query", rounds * 2, read, [&](int round) {
    AuditRecord r = TypicalRecord(static_cast<std::uint64_t>(round), 0);
    if (!audit->log->Append({&r, 1})) Fail("audit append", Error{});
  });
}

void BenchLargeLog(const fs::path& dir, std::uint64_t records) {
  auto audit = OpenAudit(dir / "large.db");
  std::vector<AuditRecord> batch;
  batch.reserve(1000);
  auto start = WallClock::now();
  double cpu = CpuSeconds();
  for (std::uint64_t i = 0; i < records; ++i) {
    batch.push_back(TypicalRecord(i));
    if (batch.size() == 1000 || i + 1 == records) {
      if (auto appended = audit->log->Append(batch); !appended) Fail("append", appended.error());
      batch.clear();
    }
  }
  auto head = audit->log->SignTreeHead();
  if (!head) Fail("sign", head.error());
  double wall = Since(start);
  cpu = CpuSeconds() - cpu;
  std::error_code ec;
  std::printf("build  %10" PRIu64
              " records (batches of 1000): wall %7.1f s = %8.0f/s, cpu %7.1f s; db %.0f MB\n",
              records, wall, static_cast<double>(records) / wall, cpu,
              static_cast<double>(fs::file_size(dir / "large.db", ec)) / 1e6);
  start = WallClock::now();
  cpu = CpuSeconds();
  auto report = audit->log->Verify();
  if (!report) Fail("verify", report.error());
  wall = Since(start);
  cpu = CpuSeconds() - cpu;
  std::printf("verify %10" PRIu64 " records, %" PRIu64 " heads, %" PRIu64
              " nodes: %s; wall %.1f s, cpu %.1f s (%.2f us/record)\n",
              report->records, report->heads, report->nodes, report->ok() ? "ok" : "PROBLEMS", wall,
              cpu, cpu * 1e6 / static_cast<double>(report->records));
  for (std::uint64_t index : {std::uint64_t{0}, records / 3, records - 1}) {
    start = WallClock::now();
    auto proof = audit->log->ProveInclusion(index);
    if (!proof) Fail("prove", proof.error());
    double us = Since(start) * 1e6;
    std::string json = InclusionProofToJson(*proof);
    bool ok = CheckInclusionProof(*proof, audit->key.public_key()).has_value();
    std::printf("proof  record %" PRIu64 " of %" PRIu64
                ": %zu hashes = %zu bytes of path; JSON "
                "with record and signed head %zu bytes; built in %.0f us; checks %s\n",
                index, records, proof->path.size(), proof->path.size() * 32, json.size(), us,
                ok ? "ok" : "FAILED");
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t records = 10'000'000;
  fs::path dir = fs::temp_directory_path() / "qccm-audit-bench";
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--quick") quick = true;
    if (flag == "--records" && i + 1 < argc) records = std::strtoull(argv[++i], nullptr, 10);
    if (flag == "--dir" && i + 1 < argc) dir = argv[++i];
  }
  if (quick && records == 10'000'000) records = 100'000;
  if (sodium_init() < 0) return 1;
  fs::create_directories(dir);
  BenchHashing();
  BenchAppend(dir, quick);
  BenchSideBySide(dir, quick);
  BenchLargeLog(dir, records);
  fs::remove_all(dir);
  return 0;
}
