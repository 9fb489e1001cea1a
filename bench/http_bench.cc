// HTTP server load driver: starts the qccm_http server in process on 127.0.0.1:0 and drives it
// with keep-alive clients over plain POSIX sockets (no Beast here), reporting throughput and
// latency percentiles. Scenarios mirror the TAXII targets: single-object GETs (~1 KB) at
// concurrency 16, and paged GETs (~500 KB, ~1000 objects) at concurrency 4. Bounded in time;
// loopback only. Client and server share the machine's cores, so figures are pessimistic.
//
//   http_bench [seconds_per_scenario=3]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "http/router.h"
#include "http/server.h"
#include "qccm/core/log.h"

namespace {

using Clock = std::chrono::steady_clock;

// One keep-alive connection doing blocking request/response round trips.
class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ok_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { close(fd_); }

  // Sends `request` and reads one response; returns its body size, or -1 on error.
  long RoundTrip(const std::string& request) {
    if (!ok_ || send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
                    static_cast<ssize_t>(request.size())) {
      return -1;
    }
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return -1;
    }
    std::size_t cl = buffer_.find("Content-Length: ");
    if (cl == std::string::npos || cl > header_end) return -1;
    std::size_t length = std::strtoul(buffer_.c_str() + cl + 16, nullptr, 10);
    std::size_t total = header_end + 4 + length;
    while (buffer_.size() < total) {
      if (!Fill()) return -1;
    }
    buffer_.erase(0, total);
    return static_cast<long>(length);
  }

 private:
  bool Fill() {
    char chunk[65536];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool ok_ = false;
  std::string buffer_;
};

struct Figures {
  std::size_t requests = 0;
  std::size_t errors = 0;
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};

Figures Drive(std::uint16_t port, const std::string& target, int concurrency, double seconds) {
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: bench\r\n\r\n";
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(concurrency));
  std::atomic<std::size_t> errors{0};
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < concurrency; ++i) {
    threads.emplace_back([&, i] {
      Client client(port);
      auto& mine = latencies[static_cast<std::size_t>(i)];
      while (Clock::now() < deadline) {
        auto t0 = Clock::now();
        if (client.RoundTrip(request) < 0) {
          ++errors;
          return;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  }
  for (auto& t : threads) t.join();
  Figures f;
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  f.requests = all.size();
  f.errors = errors;
  if (!all.empty()) {
    f.p50_ms = all[all.size() / 2];
    f.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    f.max_ms = all.back();
  }
  return f;
}

void Report(const char* name, const Figures& f, double objects_per_response) {
  double rps = static_cast<double>(f.requests) / f.seconds;
  std::printf(
      "%-28s %9zu req %8.0f req/s %10.0f objects/s  p50 %6.3f ms  p99 %6.3f ms  max %7.3f ms"
      "  errors %zu\n",
      name, f.requests, rps, rps * objects_per_response, f.p50_ms, f.p99_ms, f.max_ms, f.errors);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace qccm::http;
  double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  if (seconds <= 0 || seconds > 60) seconds = 3.0;
  (void)qccm::InitLogging({.level = "warn"});

  // ~1 KB object and a ~500 KB page of 1000 such objects (built per request, as a handler
  // that serialises a page would, then moved into the response).
  const std::string object(1000, 'o');
  constexpr int kPageObjects = 1000;
  Router router;
  router.Add(Method::kGet, "/taxii2/{root}/collections/{id}/objects/{object}/",
             [&](Request&) { return Response::Json(200, object, kTaxiiType); }, {.name = "object"});
  router.Add(Method::kGet, "/taxii2/{root}/collections/{id}/objects/",
             [&](Request&) {
               std::string page;
               page.reserve(kPageObjects * 500 + 64);
               for (int i = 0; i < kPageObjects; ++i) page.append(object.data(), 500);
               return Response::Json(200, std::move(page), kTaxiiType);
             },
             {.name = "page"});

  qccm::ServerConfig config;
  config.listen = "127.0.0.1:0";
  auto server = Server::Create(router, {.config = config, .access_log = false});
  if (!server) {
    std::fprintf(stderr, "server: %s\n", server.error().message.c_str());
    return 1;
  }
  (*server)->Start();
  std::uint16_t port = (*server)->port();
  std::printf("http_bench: %u cores, io/worker threads = cores, %.1f s per scenario\n",
              std::thread::hardware_concurrency(), seconds);
  Report("single-object GET c=16",
         Drive(port, "/taxii2/qccm/collections/c1/objects/indicator--1/", 16, seconds), 1);
  Report("paged GET 500KB c=4", Drive(port, "/taxii2/qccm/collections/c1/objects/", 4, seconds),
         kPageObjects);
  Report("paged GET 500KB c=16", Drive(port, "/taxii2/qccm/collections/c1/objects/", 16, seconds),
         kPageObjects);
  (*server)->Stop();
  (*server)->Wait();
  return 0;
}
