// Brakes on guessing and flooding: sign-in failures are counted per user name and per client
// address, and past a bound further attempts wait (429); every authenticated credential (API
// token, user, client certificate) has a token bucket of requests (429 with Retry-After).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "qccm/core/result.h"
#include "qccm/core/time.h"

namespace qccm::http::auth {

struct ThrottleOptions {
  // Sign-ins: after `max_failures` failures within `failure_window` for one user name, or from
  // one address, attempts for it are refused for `lockout`.
  int max_failures = 10;
  std::chrono::seconds failure_window{600};
  std::chrono::seconds lockout{60};
  // Requests per authenticated credential: a bucket of `burst` refilled at `requests_per_second`
  // (0: no limit).
  double requests_per_second = 200;
  double burst = 1000;
  // Entries kept at most; past it the oldest half is dropped (a flood of names cannot exhaust
  // memory).
  std::size_t max_entries = 100000;
};

// The message form of every kRateLimited error made here; error_mapping reads the seconds back
// for the Retry-After header.
std::unexpected<Error> RateLimited(std::string what, std::int64_t retry_after_seconds);
// The seconds in a RateLimited message ("... retry after N s"), at least 1.
std::int64_t RetryAfterSeconds(const Error& error);

// Thread-safe. Borrows the clock.
class Throttle final {
 public:
  Throttle(Clock& clock, ThrottleOptions options);

  // Seconds to wait before a sign-in attempt for `user` (may be empty) from `address`, 0: go.
  std::int64_t LoginWait(std::string_view user, std::string_view address);
  void LoginFailed(std::string_view user, std::string_view address);
  // Forgets the user's failures (not the address's: one good password does not clear a scan).
  void LoginSucceeded(std::string_view user);

  // Takes one request from `credential`'s bucket. Returns 0, or the seconds until one is free.
  std::int64_t Spend(std::string_view credential);

 private:
  struct Failures {
    int count = 0;
    std::int64_t first = 0;         // micros of the first failure in the window
    std::int64_t locked_until = 0;  // micros
  };
  struct Bucket {
    double tokens = 0;
    std::int64_t updated = 0;
  };
  std::int64_t WaitOf(const std::string& key, std::int64_t now);
  void Fail(const std::string& key, std::int64_t now);
  template <typename Map>
  void Bound(Map& map);

  Clock& clock_;
  const ThrottleOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// "127.0.0.1:54321" -> "127.0.0.1", "[::1]:80" -> "::1".
std::string_view AddressWithoutPort(std::string_view remote);

}  // namespace qccm::http::auth
