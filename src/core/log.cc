// Structured logging over spdlog.
#include "qccm/core/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace qccm {
namespace {

struct LogState {
  std::mutex mutex;
  spdlog::sink_ptr sink;
  spdlog::level::level_enum level = spdlog::level::info;
  bool json = false;
};

LogState& State() {
  static LogState state;
  return state;
}

spdlog::level::level_enum ToSpd(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

void AppendQuoted(std::string& out, std::string_view value, bool always) {
  bool plain =
      !always && !value.empty() && value.find_first_of(" \"=\\\n\r\t") == std::string_view::npos;
  if (plain) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

Status InitLogging(const LogConfig& config) {
  LogState& state = State();
  std::lock_guard lock(state.mutex);
  spdlog::level::level_enum level = spdlog::level::from_str(config.level);
  if (level == spdlog::level::off && config.level != "off") {
    return MakeError(ErrorCode::kInvalidArgument, "unknown log level '" + config.level + "'");
  }
  try {
    if (config.file.empty()) {
      state.sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else {
      state.sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(config.file);
    }
  } catch (const spdlog::spdlog_ex& e) {
    return MakeError(ErrorCode::kIo, "cannot open log file: " + std::string(e.what()),
                     ErrorPlace{.file = config.file});
  }
  state.level = level;
  state.json = config.format == "json";
  spdlog::drop_all();
  return Ok();
}

std::shared_ptr<spdlog::logger> Logger(std::string_view subsystem) {
  LogState& state = State();
  std::lock_guard lock(state.mutex);
  std::string name(subsystem);
  if (auto existing = spdlog::get(name)) return existing;
  if (!state.sink) state.sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>(name, state.sink);
  logger->set_level(state.level);
  if (state.json) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","subsystem":"%n",%v})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %n %v", spdlog::pattern_time_type::utc);
  }
  spdlog::register_logger(logger);
  return logger;
}

std::string FormatLogFields(std::initializer_list<LogField> fields) {
  std::string out;
  for (const LogField& f : fields) {
    if (!out.empty()) out += ' ';
    out += f.key;
    out += '=';
    AppendQuoted(out, f.value, false);
  }
  return out;
}

void LogEvent(std::string_view subsystem, LogLevel level, std::string_view event,
              std::initializer_list<LogField> fields) {
  auto logger = Logger(subsystem);
  auto spd_level = ToSpd(level);
  if (!logger->should_log(spd_level)) return;
  std::string line;
  if (State().json) {
    line = "\"event\":";
    AppendQuoted(line, event, true);
    for (const LogField& f : fields) {
      line += ',';
      AppendQuoted(line, f.key, true);
      line += ':';
      AppendQuoted(line, f.value, true);
    }
  } else {
    line = std::string(event);
    if (fields.size() > 0) {
      line += ' ';
      line += FormatLogFields(fields);
    }
  }
  logger->log(spd_level, "{}", line);
}

}  // namespace qccm
