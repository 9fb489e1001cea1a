// Structured logging: one spdlog logger per subsystem; a message is an event name plus
// key=value fields. Never pass a secret, token or object body as a field (content may be TLP:RED).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "qccm/core/config.h"

namespace spdlog {
class logger;
}

namespace qccm {

// One key=value field of a log line. Values are quoted when they contain spaces or quotes.
struct LogField {
  std::string_view key;
  std::string value;
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  template <typename Number>
  requires std::is_arithmetic_v<Number> LogField(std::string_view k, Number n)
      : key(k), value(std::to_string(n)) {}
};

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

// Configures every logger from `config` (level, text or JSON lines, stderr or a file).
// Call once at start, before other threads log. Fails with kInvalidArgument or kIo.
Status InitLogging(const LogConfig& config);

// Returns the logger of a subsystem ("http", "store", "access", ...), creating it on first use.
// Thread-safe.
std::shared_ptr<spdlog::logger> Logger(std::string_view subsystem);

// Writes "event key=value key=value" (or a JSON object when the format is json). Thread-safe.
void LogEvent(std::string_view subsystem, LogLevel level, std::string_view event,
              std::initializer_list<LogField> fields = {});

// Formats fields as the text format does ("a=1 b=\"x y\""); exposed for tests.
std::string FormatLogFields(std::initializer_list<LogField> fields);

}  // namespace qccm
