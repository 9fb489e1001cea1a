// Timestamps (microseconds since the Unix epoch, UTC), RFC 3339 / STIX parsing and formatting,
// and the Clock seam that lets tests control time.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "qccm/core/result.h"

namespace qccm {

// A UTC instant with microsecond resolution. STIX timestamps may carry more digits; those are
// kept in the object's original text, and truncated here (ordering is by microsecond).
struct Timestamp {
  std::int64_t micros = 0;

  static constexpr Timestamp FromMillis(std::int64_t ms) { return {ms * 1000}; }
  static constexpr Timestamp FromSeconds(std::int64_t s) { return {s * 1000000}; }
  constexpr std::int64_t millis() const { return micros / 1000 - (micros % 1000 < 0 ? 1 : 0); }
  auto operator<=>(const Timestamp&) const = default;
};

// Sub-second digits written by FormatTimestamp.
enum class TimePrecision : std::uint8_t { kSeconds, kMillis, kMicros };

// Parses a STIX 2.1 / TAXII 2.1 timestamp: "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (RFC 3339 in UTC,
// upper-case T and Z, any number of fraction digits). Calendar fields are range checked
// (month, day of that month, leap years, hour, minute, second 0-60). Fails with
// kInvalidInput and a message saying what is wrong and at which column.
Result<Timestamp> ParseTimestamp(std::string_view text);

// As ParseTimestamp, also reporting how many fraction digits the text had.
Result<Timestamp> ParseTimestamp(std::string_view text, int* fraction_digits);

// Formats as "YYYY-MM-DDTHH:MM:SS.mmmZ" (kMillis, the default), with 6 digits (kMicros), or none.
std::string FormatTimestamp(Timestamp t, TimePrecision precision = TimePrecision::kMillis);

// The source of "now". Abstract so tests can use FakeClock. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  Timestamp Now() override;
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start.micros) {}
  Timestamp Now() override;
  void Advance(std::int64_t micros);
  void Set(Timestamp t);

 private:
  std::int64_t now_;  // guarded by being accessed atomically
};

}  // namespace qccm
