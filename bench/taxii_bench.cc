// TAXII server load driver: a C++ client with keep-alive connections, against a node served
// in this process on 127.0.0.1 (a fresh data directory) or against a running `qccm serve`.
// Three figures, each printed with how it was measured:
//   1. add objects: N indicators POSTed in envelopes of B by C concurrent connections; an
//      envelope counts when its 202 status says complete with B successes (so: durably stored);
//   2. paged read: GET objects with limit=L following next through the whole collection, on one
//      connection, every page parsed and its objects counted;
//   3. one object by id: R GETs of random ids at concurrency G, throughput and p50/p99 latency.
// Run on a Release build:
//   taxii_bench [--objects N] [--batch B] [--connections C] [--page L] [--requests R]
//               [--concurrency G] [--workers W] [--io-threads T] [--dir DIR] [--keep]
//   taxii_bench --url http://127.0.0.1:PORT --user U --password P --collection ID ...
//   taxii_bench --audit-compare ROUNDS [--objects N] [--batch B] [--connections C] [--page L]
//               [--read-passes P] [--audit-get]
//     add objects and paged read (P passes over the collection, for a CPU figure above the
//     clock's resolution), and with --audit-get also R GETs by id at concurrency G, side by
//     side with the audit log off and on (docs/oversight.md):
//     ROUNDS rounds, each a fresh node per mode, the modes' order alternating; prints wall and
//     CPU figures per round and the median loss. "server CPU" is the process CPU minus the CPU
//     of the client threads (the client runs in the same process).
#include <simdjson.h>
#include <sodium.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/wiring.h"
#include "http/server.h"
#include "qccm/core/log.h"
#include "qccm/oversight/audit_log.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options {
  std::size_t objects = 1000000;
  std::size_t batch = 1000;
  int connections = 4;
  std::size_t page = 1000;
  std::size_t requests = 50000;
  int concurrency = 16;
  int workers = 0;
  int io_threads = 0;
  int audit_rounds = 0;    // --audit-compare
  int read_passes = 1;     // --read-passes (audit compare)
  bool audit_get = false;  // --audit-get (audit compare)
  std::string dir;
  bool keep = false;
  std::string url;  // external server
  std::string user = "bench";
  std::string password = "bench-password-1";
  std::string collection;
};

double CpuSeconds(clockid_t clock = CLOCK_PROCESS_CPUTIME_ID) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
double ThreadCpuSeconds() { return CpuSeconds(CLOCK_THREAD_CPUTIME_ID); }

// What one phase measured.
struct Figures {
  double wall = 0;        // seconds
  double cpu = 0;         // process CPU seconds
  double client_cpu = 0;  // CPU seconds of the client threads
  std::size_t objects = 0;
  bool ok = true;
  double server_cpu() const { return cpu - client_cpu; }
};

std::string Uuid(std::uint64_t n) {
  std::uint64_t a = n * 0x9e3779b97f4a7c15ULL + 0x1234567ULL;
  a ^= a >> 29;
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-8%03x-%012" PRIx64,
                static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                static_cast<unsigned>(a & 0xfff), static_cast<unsigned>((n >> 48) & 0xfff),
                static_cast<std::uint64_t>(n & 0xffffffffffffULL));
  return text;
}

std::string IndicatorId(std::uint64_t n) { return "indicator--" + Uuid(n); }

// A realistic ~500-byte indicator.
void AppendIndicator(std::string& out, std::uint64_t n) {
  char ip[32];
  std::snprintf(ip, sizeof ip, "10.%u.%u.%u", static_cast<unsigned>((n >> 16) & 0xff),
                static_cast<unsigned>((n >> 8) & 0xff), static_cast<unsigned>(n & 0xff));
  out +=
      R"({"type":"indicator","spec_version":"2.1","id":")" + IndicatorId(n) +
      R"(","created_by_ref":"identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01","created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z","name":"C2 address )" +
      std::string(ip) +
      R"(","description":"Command and control server observed in a bench campaign.","indicator_types":["malicious-activity"],"pattern":"[ipv4-addr:value = ')" +
      std::string(ip) +
      R"(']","pattern_type":"stix","valid_from":"2024-03-01T10:00:00Z","labels":["bench","c2"],"confidence":80,"object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]})";
}

struct Target {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string authorization;
  std::string collection_path;  // /qccm/collections/<id>/
};

// One keep-alive connection.
class Connection {
 public:
  explicit Connection(const Target& target) : target_(target), socket_(ioc_) { Open(); }

  // Sends and reads one response; returns the status (0 on a transport error).
  int Request(bhttp::verb verb, const std::string& path, std::string body, std::string* out) {
    bhttp::request<bhttp::string_body> request{verb, path, 11};
    request.set(bhttp::field::host, target_.host);
    request.set(bhttp::field::accept, "application/taxii+json;version=2.1");
    request.set(bhttp::field::authorization, target_.authorization);
    if (verb == bhttp::verb::post) {
      request.set(bhttp::field::content_type, "application/taxii+json;version=2.1");
      request.body() = std::move(body);
      request.prepare_payload();
    }
    beast::error_code ec;
    bhttp::write(socket_, request, ec);
    if (ec) return 0;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1ULL << 32);
    bhttp::read(socket_, buffer_, parser, ec);
    if (ec) return 0;
    if (out != nullptr) *out = std::move(parser.get().body());
    if (!parser.get().keep_alive()) Open();
    return static_cast<int>(parser.get().result_int());
  }

 private:
  void Open() {
    beast::error_code ec;
    socket_.close(ec);
    socket_ = tcp::socket(ioc_);
    socket_.connect(tcp::endpoint(asio::ip::make_address(target_.host), target_.port), ec);
    if (ec) {
      std::fprintf(stderr, "cannot connect: %s\n", ec.message().c_str());
      std::exit(1);
    }
    socket_.set_option(tcp::no_delay(true));
    buffer_.clear();
  }

  const Target& target_;
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

Figures AddObjects(const Target& target, const Options& options) {
  const std::size_t batches = (options.objects + options.batch - 1) / options.batch;
  std::atomic<std::size_t> next_batch{0};
  std::atomic<std::size_t> acknowledged{0};
  std::atomic<bool> failed{false};
  std::mutex client_mutex;
  double client_cpu = 0;
  const double cpu_start = CpuSeconds();
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < options.connections; ++c) {
    threads.emplace_back([&] {
      const double thread_start = ThreadCpuSeconds();
      struct AddClientCpu {
        std::mutex& mutex;
        double& total;
        double start;
        ~AddClientCpu() {
          std::lock_guard lock(mutex);
          total += ThreadCpuSeconds() - start;
        }
      } add_client_cpu{client_mutex, client_cpu, thread_start};
      Connection connection(target);
      simdjson::dom::parser parser;
      std::string body, response;
      for (std::size_t b; (b = next_batch.fetch_add(1)) < batches && !failed;) {
        const std::size_t first = b * options.batch;
        const std::size_t count = std::min(options.batch, options.objects - first);
        body = R"({"objects":[)";
        for (std::size_t i = 0; i < count; ++i) {
          if (i > 0) body += ',';
          AppendIndicator(body, first + i);
        }
        body += "]}";
        int status = connection.Request(bhttp::verb::post, target.collection_path + "objects/",
                                        std::move(body), &response);
        simdjson::dom::element status_json;
        std::string_view state;
        std::int64_t successes = 0;
        if (status != 202 || parser.parse(response).get(status_json) ||
            status_json["status"].get(state) || status_json["success_count"].get(successes) ||
            state != "complete" || static_cast<std::size_t>(successes) != count) {
          std::fprintf(stderr, "add objects failed: HTTP %d %.300s\n", status, response.c_str());
          failed = true;
          return;
        }
        acknowledged += count;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const Figures figures{.wall = seconds,
                        .cpu = CpuSeconds() - cpu_start,
                        .client_cpu = client_cpu,
                        .objects = acknowledged.load(),
                        .ok = !failed};
  std::printf(
      "add objects: %zu indicators in envelopes of %zu over %d connections: %.2f s, "
      "%.0f objects/s acknowledged (202, status complete)%s; process CPU %.2f s (client "
      "threads %.2f s)\n",
      acknowledged.load(), options.batch, options.connections, seconds,
      static_cast<double>(acknowledged.load()) / seconds, failed ? " [FAILED]" : "", figures.cpu,
      figures.client_cpu);
  return figures;
}

Figures PagedRead(const Target& target, const Options& options) {
  Connection connection(target);
  simdjson::dom::parser parser;
  std::string response;
  std::string next;
  std::size_t objects = 0, pages = 0;
  std::vector<double> page_ms;
  const double cpu_start = CpuSeconds();
  const double client_start = ThreadCpuSeconds();
  const auto start = Clock::now();
  for (;;) {
    std::string path = target.collection_path + "objects/?limit=" + std::to_string(options.page);
    if (!next.empty()) path += "&next=" + next;
    const auto page_start = Clock::now();
    int status = connection.Request(bhttp::verb::get, path, {}, &response);
    simdjson::dom::element envelope;
    if (status != 200 || parser.parse(response).get(envelope)) {
      std::fprintf(stderr, "paged read failed: HTTP %d %.300s\n", status, response.c_str());
      return {.ok = false};
    }
    page_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - page_start).count());
    ++pages;
    simdjson::dom::array list;
    if (!envelope["objects"].get(list)) objects += list.size();
    bool more = false;
    std::string_view token;
    if (envelope["more"].get(more) || !more || envelope["next"].get(token)) break;
    next = std::string(token);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const Figures figures{.wall = seconds,
                        .cpu = CpuSeconds() - cpu_start,
                        .client_cpu = ThreadCpuSeconds() - client_start,
                        .objects = objects};
  std::printf(
      "paged read: %zu objects in %zu pages of up to %zu on one connection: %.2f s, "
      "%.0f objects/s; first page %.2f ms, last page %.2f ms; process CPU %.2f s (client "
      "thread %.2f s)\n",
      objects, pages, options.page, seconds, static_cast<double>(objects) / seconds,
      page_ms.empty() ? 0.0 : page_ms.front(), page_ms.empty() ? 0.0 : page_ms.back(), figures.cpu,
      figures.client_cpu);
  return figures;
}

// What GetById measured.
struct GetFigures {
  double requests_per_second = 0;
  double p50_ms = 0, p99_ms = 0;
  double cpu = 0;  // process CPU seconds (client threads included)
  std::size_t requests = 0;
};

GetFigures GetById(const Target& target, const Options& options, std::size_t stored) {
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(options.concurrency));
  std::atomic<std::size_t> issued{0};
  std::atomic<std::size_t> errors{0};
  const double cpu_start = CpuSeconds();
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < options.concurrency; ++c) {
    threads.emplace_back([&, c] {
      Connection connection(target);
      std::mt19937_64 random(static_cast<std::uint64_t>(c) + 1);
      std::string response;
      auto& mine = latencies[static_cast<std::size_t>(c)];
      while (issued.fetch_add(1) < options.requests) {
        const std::string path =
            target.collection_path + "objects/" + IndicatorId(random() % stored) + "/";
        const auto t0 = Clock::now();
        int status = connection.Request(bhttp::verb::get, path, {}, &response);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (status != 200) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto percentile = [&](double p) {
    return all.empty()
               ? 0.0
               : all[std::min(all.size() - 1,
                              static_cast<std::size_t>(p * static_cast<double>(all.size())))];
  };
  std::printf(
      "get by id: %zu requests at concurrency %d: %.2f s, %.0f requests/s, latency p50 "
      "%.3f ms, p99 %.3f ms, max %.3f ms, %zu non-200; process CPU %.2f s\n",
      all.size(), options.concurrency, seconds, static_cast<double>(all.size()) / seconds,
      percentile(0.50), percentile(0.99), all.empty() ? 0.0 : all.back(), errors.load(),
      CpuSeconds() - cpu_start);
  return {.requests_per_second = static_cast<double>(all.size()) / seconds,
          .p50_ms = percentile(0.50),
          .p99_ms = percentile(0.99),
          .cpu = CpuSeconds() - cpu_start,
          .requests = all.size()};
}

std::string BasicAuth(const std::string& user, const std::string& password) {
  std::string plain = user + ":" + password;
  std::string encoded(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(std::strlen(encoded.c_str()));
  return "Basic " + encoded;
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--objects")
      o.objects = std::stoull(value());
    else if (a == "--batch")
      o.batch = std::stoull(value());
    else if (a == "--connections")
      o.connections = std::stoi(value());
    else if (a == "--page")
      o.page = std::stoull(value());
    else if (a == "--requests")
      o.requests = std::stoull(value());
    else if (a == "--concurrency")
      o.concurrency = std::stoi(value());
    else if (a == "--workers")
      o.workers = std::stoi(value());
    else if (a == "--io-threads")
      o.io_threads = std::stoi(value());
    else if (a == "--dir")
      o.dir = value();
    else if (a == "--keep")
      o.keep = true;
    else if (a == "--url")
      o.url = value();
    else if (a == "--user")
      o.user = value();
    else if (a == "--password")
      o.password = value();
    else if (a == "--collection")
      o.collection = value();
    else if (a == "--audit-compare")
      o.audit_rounds = std::stoi(value());
    else if (a == "--read-passes")
      o.read_passes = std::max(1, std::stoi(value()));
    else if (a == "--audit-get")
      o.audit_get = true;
    else if (a == "--quick") {
      o.objects = 20000;
      o.requests = 2000;
    } else {
      std::fprintf(stderr, "unknown argument %s (see the comment at the top of taxii_bench.cc)\n",
                   a.c_str());
      std::exit(2);
    }
  }
  return o;
}

// A node served in this process on a fresh data directory, with one member, user and
// collection; fills `target`. Exits on a setup failure.
std::unique_ptr<qccm::app::Node> StartNode(const Options& options, const std::filesystem::path& dir,
                                           bool audit, Target& target) {
  std::filesystem::remove_all(dir);
  qccm::Config config;
  config.data_dir = dir.string();
  config.server.listen = "127.0.0.1:0";
  config.server.worker_threads = options.workers;
  config.server.io_threads = options.io_threads;
  config.log.level = "warn";
  (void)qccm::InitLogging(config.log);
  auto opened = qccm::app::Node::Open({.config = config,
                                       .open_mode = qccm::store::OpenMode::kCreateIfMissing,
                                       .credential_requests_per_second = 0,
                                       .audit = audit,
                                       .access_log = false});
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().ToString().c_str());
    std::exit(1);
  }
  std::unique_ptr<qccm::app::Node> node = std::move(*opened);
  auto& sharing = node->sharing();
  (void)sharing.AddMember("BENCH", "Bench agency");
  (void)sharing.AddUser(options.user, "BENCH",
                        qccm::sharing::RoleBit(qccm::sharing::Role::kAnalyst), options.password);
  auto collection = sharing.AddCollection(
      {.title = "Bench", .read_members = {"BENCH"}, .write_members = {"BENCH"}});
  if (!collection) {
    std::fprintf(stderr, "%s\n", collection.error().ToString().c_str());
    std::exit(1);
  }
  node->Start();
  target.port = node->server().port();
  target.collection_path = "/qccm/collections/" + collection->id + "/";
  return node;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0.0 : values[values.size() / 2];
}

// Add objects and paged read with the audit log off and on, in alternating order, a fresh node
// each time; the median of the per-round losses.
int AuditCompare(const Options& options, const std::filesystem::path& base) {
  std::printf(
      "audit compare: %d rounds, %zu objects in envelopes of %zu over %d connections, "
      "pages of %zu, %u cores\n",
      options.audit_rounds, options.objects, options.batch, options.connections, options.page,
      std::thread::hardware_concurrency());
  // [phase][mode] per round: phase 0 add, 1 read; mode 0 off, 1 on.
  std::vector<double> wall[2][2], server_cpu[2][2], cpu[2][2];
  std::vector<double> get_rps[2], get_p99[2], get_cpu[2];  // [mode], with --audit-get
  std::size_t audit_records = 0;
  for (int round = 0; round < options.audit_rounds; ++round) {
    for (int k = 0; k < 2; ++k) {
      const int mode = (round + k) % 2;
      std::printf("round %d, audit %s:\n", round + 1, mode == 1 ? "on" : "off");
      Target target;
      target.authorization = BasicAuth(options.user, options.password);
      const std::filesystem::path dir = base / (mode == 1 ? "on" : "off");
      std::unique_ptr<qccm::app::Node> node = StartNode(options, dir, mode == 1, target);
      const Figures add = AddObjects(target, options);
      Figures read;
      for (int pass = 0; pass < options.read_passes; ++pass) {
        const Figures one = PagedRead(target, options);
        read.ok = read.ok && one.ok && one.objects == options.objects;
        read.wall += one.wall;
        read.cpu += one.cpu;
        read.client_cpu += one.client_cpu;
      }
      read.objects = options.objects;
      if (options.audit_get) {
        const GetFigures get = GetById(target, options, options.objects);
        get_rps[mode].push_back(get.requests_per_second);
        get_p99[mode].push_back(get.p99_ms);
        get_cpu[mode].push_back(get.cpu /
                                static_cast<double>(std::max<std::size_t>(1, get.requests)));
      }
      if (!add.ok || !read.ok) {
        std::fprintf(stderr, "round %d failed\n", round + 1);
        return 1;
      }
      if (mode == 1) audit_records = node->audit_log()->size();
      int phase = 0;
      const Figures* phases[] = {&add, &read};
      for (const Figures* f : phases) {
        wall[phase][mode].push_back(f->wall);
        cpu[phase][mode].push_back(f->cpu);
        server_cpu[phase][mode].push_back(f->server_cpu());
        ++phase;
      }
      node.reset();
      std::filesystem::remove_all(dir);
    }
  }
  const char* names[2] = {"add objects", "paged read"};
  std::printf(
      "\nmedians over %d rounds (audit off -> on; loss = on/off - 1; audit log held %zu "
      "records at the end of a round; paged read: %d passes)\n",
      options.audit_rounds, audit_records, options.read_passes);
  for (int phase = 0; phase < 2; ++phase) {
    const double n = static_cast<double>(options.objects) * (phase == 1 ? options.read_passes : 1);
    const double w0 = Median(wall[phase][0]), w1 = Median(wall[phase][1]);
    const double c0 = Median(cpu[phase][0]), c1 = Median(cpu[phase][1]);
    const double s0 = Median(server_cpu[phase][0]), s1 = Median(server_cpu[phase][1]);
    std::printf(
        "%s: wall %.2f -> %.2f s (%.0f -> %.0f objects/s, %+.1f%%); process CPU %.2f -> %.2f s "
        "(%+.1f%%); server CPU %.2f -> %.2f s (%+.1f%%, %.1f -> %.1f us/object)\n",
        names[phase], w0, w1, n / w0, n / w1, (w1 / w0 - 1) * 100, c0, c1, (c1 / c0 - 1) * 100, s0,
        s1, (s1 / s0 - 1) * 100, s0 / n * 1e6, s1 / n * 1e6);
  }
  if (options.audit_get) {
    const double r0 = Median(get_rps[0]), r1 = Median(get_rps[1]);
    const double c0 = Median(get_cpu[0]), c1 = Median(get_cpu[1]);
    std::printf(
        "get by id (%zu requests at concurrency %d): %.0f -> %.0f requests/s (%+.1f%%); p99 "
        "%.3f -> %.3f ms; process CPU per request %.1f -> %.1f us (%+.1f%%)\n",
        options.requests, options.concurrency, r0, r1, (r0 / r1 - 1) * 100, Median(get_p99[0]),
        Median(get_p99[1]), c0 * 1e6, c1 * 1e6, (c1 / c0 - 1) * 100);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = ParseArgs(argc, argv);
  if (sodium_init() < 0) return 1;
  Target target;
  std::unique_ptr<qccm::app::Node> node;
  std::filesystem::path dir;
  if (options.audit_rounds > 0) {
    dir = options.dir.empty() ? std::filesystem::temp_directory_path() /
                                    ("qccm-taxii-bench-" + std::to_string(::getpid()))
                              : std::filesystem::path(options.dir);
    const int code = AuditCompare(options, dir);
    std::filesystem::remove_all(dir);
    return code;
  }
  if (!options.url.empty()) {
    std::string rest = options.url.substr(options.url.find("://") + 3);
    target.host = rest.substr(0, rest.find(':'));
    target.port = static_cast<std::uint16_t>(std::stoi(rest.substr(rest.find(':') + 1)));
    target.collection_path = "/qccm/collections/" + options.collection + "/";
  } else {
    dir = options.dir.empty() ? std::filesystem::temp_directory_path() /
                                    ("qccm-taxii-bench-" + std::to_string(::getpid()))
                              : std::filesystem::path(options.dir);
    node = StartNode(options, dir, true, target);
    std::printf(
        "server: in process at %s, data %s, worker threads %d (0: one per core), io "
        "threads %d, %u cores\n",
        node->url().c_str(), dir.c_str(), options.workers, options.io_threads,
        std::thread::hardware_concurrency());
  }
  target.authorization = BasicAuth(options.user, options.password);
  AddObjects(target, options);
  PagedRead(target, options);
  GetById(target, options, options.objects);
  node.reset();
  if (!options.keep && options.url.empty()) std::filesystem::remove_all(dir);
  return 0;
}
