// Sign-in failure counting and per-credential token buckets.
#include "http/auth/throttle.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace qccm::http::auth {
namespace {

constexpr std::string_view kRetryAfter = "retry after ";
constexpr std::int64_t kMicros = 1000000;

std::int64_t CeilSeconds(std::int64_t micros) {
  return std::max<std::int64_t>(1, (micros + kMicros - 1) / kMicros);
}

}  // namespace

std::unexpected<Error> RateLimited(std::string what, std::int64_t retry_after_seconds) {
  return MakeError(ErrorCode::kRateLimited, std::move(what) + "; " + std::string(kRetryAfter) +
                                                std::to_string(retry_after_seconds) + " s");
}

std::int64_t RetryAfterSeconds(const Error& error) {
  const std::size_t at = error.message.rfind(kRetryAfter);
  std::int64_t seconds = 1;
  if (at != std::string::npos) {
    const char* begin = error.message.data() + at + kRetryAfter.size();
    std::from_chars(begin, error.message.data() + error.message.size(), seconds);
  }
  return std::max<std::int64_t>(1, seconds);
}

std::string_view AddressWithoutPort(std::string_view remote) {
  if (!remote.empty() && remote.front() == '[') {
    const std::size_t close = remote.find(']');
    return close == std::string_view::npos ? remote : remote.substr(1, close - 1);
  }
  const std::size_t colon = remote.rfind(':');
  if (colon == std::string_view::npos || remote.find(':') != colon) return remote;
  return remote.substr(0, colon);
}

Throttle::Throttle(Clock& clock, ThrottleOptions options) : clock_(clock), options_(options) {}

std::int64_t Throttle::WaitOf(const std::string& key, std::int64_t now) {
  auto it = failures_.find(key);
  if (it == failures_.end() || it->second.locked_until <= now) return 0;
  return CeilSeconds(it->second.locked_until - now);
}

void Throttle::Fail(const std::string& key, std::int64_t now) {
  Bound(failures_);
  Failures& f = failures_[key];
  const std::int64_t window = static_cast<std::int64_t>(options_.failure_window.count()) * kMicros;
  if (f.count == 0 || now - f.first > window) {
    f.count = 0;
    f.first = now;
  }
  if (++f.count >= options_.max_failures) {
    f.locked_until = now + static_cast<std::int64_t>(options_.lockout.count()) * kMicros;
    f.count = 0;
  }
}

template <typename Map>
void Throttle::Bound(Map& map) {
  if (map.size() < options_.max_entries) return;
  // Drop about half, arbitrary ones: a flood of fresh keys must not grow memory without bound,
  // and an attacker gains nothing it would not gain by waiting out the window.
  std::size_t drop = map.size() / 2;
  for (auto it = map.begin(); it != map.end() && drop > 0; --drop) it = map.erase(it);
}

std::int64_t Throttle::LoginWait(std::string_view user, std::string_view address) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = clock_.Now().micros;
  std::int64_t wait = WaitOf("a:" + std::string(address), now);
  if (!user.empty()) wait = std::max(wait, WaitOf("u:" + std::string(user), now));
  return wait;
}

void Throttle::LoginFailed(std::string_view user, std::string_view address) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = clock_.Now().micros;
  Fail("a:" + std::string(address), now);
  if (!user.empty()) Fail("u:" + std::string(user), now);
}

void Throttle::LoginSucceeded(std::string_view user) {
  std::lock_guard lock(mutex_);
  failures_.erase("u:" + std::string(user));
}

std::int64_t Throttle::Spend(std::string_view credential) {
  if (options_.requests_per_second <= 0) return 0;
  std::lock_guard lock(mutex_);
  const std::int64_t now = clock_.Now().micros;
  auto it = buckets_.find(std::string(credential));
  if (it == buckets_.end()) {
    Bound(buckets_);
    it = buckets_.emplace(std::string(credential), Bucket{options_.burst, now}).first;
  }
  Bucket& b = it->second;
  const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now - b.updated)) / 1e6;
  b.tokens = std::min(options_.burst, b.tokens + elapsed * options_.requests_per_second);
  b.updated = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil((1 - b.tokens) / options_.requests_per_second)));
}

}  // namespace qccm::http::auth
