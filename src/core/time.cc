// Timestamp parsing/formatting (hand-written: std::chrono::parse is missing in g++ 12 and
// strptime neither range-checks nor reports where the text is wrong).
#include "qccm/core/time.h"

#include <atomic>
#include <chrono>
#include <cstdio>

namespace qccm {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr std::string_view kExpected = "YYYY-MM-DDTHH:MM:SS[.fraction]Z";

std::unexpected<Error> TimestampError(std::string_view what, std::size_t column) {
  return MakeError(ErrorCode::kInvalidInput,
                   "invalid timestamp: " + std::string(what) + " (expected " +
                       std::string(kExpected) + " in UTC)",
                   ErrorPlace{.column = column});
}

bool ReadDigits(std::string_view text, std::size_t pos, std::size_t count, int* out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

}  // namespace

Result<Timestamp> ParseTimestamp(std::string_view text) { return ParseTimestamp(text, nullptr); }

Result<Timestamp> ParseTimestamp(std::string_view text, int* fraction_digits) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  struct Field {
    std::size_t pos, len;
    int* out;
    const char* name;
    char separator;  // expected right after the field, or 0
  };
  const Field fields[] = {{0, 4, &y, "year", '-'},     {5, 2, &mo, "month", '-'},
                          {8, 2, &d, "day", 'T'},      {11, 2, &h, "hour", ':'},
                          {14, 2, &mi, "minute", ':'}, {17, 2, &s, "second", 0}};
  for (const Field& f : fields) {
    if (!ReadDigits(text, f.pos, f.len, f.out)) {
      return TimestampError(std::string(f.name) + " must be " + std::to_string(f.len) + " digits",
                            f.pos + 1);
    }
    if (f.separator != 0) {
      std::size_t sep = f.pos + f.len;
      if (sep >= text.size() || text[sep] != f.separator) {
        return TimestampError(std::string("expected '") + f.separator + "' after " + f.name,
                              sep + 1);
      }
    }
  }
  if (mo < 1 || mo > 12) return TimestampError("month out of range", 6);
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (d < 1 || !ymd.ok()) return TimestampError("day out of range for that month", 9);
  if (h > 23) return TimestampError("hour out of range", 12);
  if (mi > 59) return TimestampError("minute out of range", 15);
  if (s > 60) return TimestampError("second out of range", 18);

  std::size_t pos = 19;
  std::int64_t micros = 0;
  int digits = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (pos == start) return TimestampError("expected digits after '.'", pos + 1);
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  if (pos >= text.size() || text[pos] != 'Z') {
    return TimestampError("expected 'Z' (UTC) at the end", pos + 1);
  }
  if (pos + 1 != text.size()) return TimestampError("unexpected text after 'Z'", pos + 2);
  if (fraction_digits != nullptr) *fraction_digits = digits;

  // A leap second (:60) is ordered as the last microsecond of its minute.
  std::int64_t second_micros = s == 60 ? 59 * 1000000LL + 999999 : s * 1000000LL;
  std::int64_t days = sys_days{ymd}.time_since_epoch().count();
  std::int64_t total = ((days * 24 + h) * 60 + mi) * 60 * 1000000LL + second_micros + micros;
  return Timestamp{total};
}

std::string FormatTimestamp(Timestamp t, TimePrecision precision) {
  std::int64_t micros = t.micros % 1000000;
  std::int64_t seconds = t.micros / 1000000;
  if (micros < 0) {
    micros += 1000000;
    seconds -= 1;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d",
                        static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day()), static_cast<int>(rem / 3600),
                        static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  std::string out(buf, static_cast<std::size_t>(n));
  if (precision == TimePrecision::kMillis) {
    std::snprintf(buf, sizeof buf, ".%03dZ", static_cast<int>(micros / 1000));
  } else if (precision == TimePrecision::kMicros) {
    std::snprintf(buf, sizeof buf, ".%06dZ", static_cast<int>(micros));
  } else {
    std::snprintf(buf, sizeof buf, "Z");
  }
  out += buf;
  return out;
}

Timestamp SystemClock::Now() {
  auto now = std::chrono::system_clock::now();
  return Timestamp{
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count()};
}

Timestamp FakeClock::Now() { return Timestamp{std::atomic_ref<std::int64_t>(now_).load()}; }
void FakeClock::Advance(std::int64_t micros) {
  std::atomic_ref<std::int64_t>(now_).fetch_add(micros);
}
void FakeClock::Set(Timestamp t) { std::atomic_ref<std::int64_t>(now_).store(t.micros); }

}  // namespace qccm
