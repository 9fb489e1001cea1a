// Config loading. toml++ parses; the key table below is the single list of settings, used by
// the file loader, the environment and flags alike.
#include "qccm/core/config.h"

// toml++ 3.3 trips GCC 12's -Warray-bounds at -O3 inside its own headers (a false positive).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <toml++/toml.h>
#pragma GCC diagnostic pop

#include <charconv>
#include <functional>
#include <sstream>

namespace qccm {
namespace {

struct Setting {
  const char* key;
  std::function<Status(Config&, std::string_view)> set;
  std::function<std::string(const Config&)> get;
  bool secret = false;
};

std::unexpected<Error> BadValue(std::string_view key, std::string_view value,
                                std::string_view want) {
  return MakeError(ErrorCode::kInvalidArgument, "config " + std::string(key) + ": '" +
                                                    std::string(value.substr(0, 100)) +
                                                    "' is not " + std::string(want));
}

template <typename Section, typename Int>
Setting MakeInt(const char* key, Section Config::*section, Int Section::*field, Int min, Int max) {
  return Setting{key,
                 [=](Config& c, std::string_view v) -> Status {
                   Int parsed{};
                   auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed);
                   if (ec != std::errc{} || end != v.data() + v.size())
                     return BadValue(key, v, "an integer");
                   if (parsed < min || parsed > max) {
                     return BadValue(
                         key, v, "in range " + std::to_string(min) + ".." + std::to_string(max));
                   }
                   (c.*section).*field = parsed;
                   return Ok();
                 },
                 [=](const Config& c) { return std::to_string((c.*section).*field); }};
}

template <typename Section>
Setting MakeString(const char* key, Section Config::*section, std::string Section::*field,
                   std::vector<std::string> allowed = {}, bool secret = false) {
  return Setting{key,
                 [=](Config& c, std::string_view v) -> Status {
                   if (!allowed.empty()) {
                     bool found = false;
                     for (const auto& a : allowed) found = found || a == v;
                     if (!found) {
                       std::string list;
                       for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                       return BadValue(key, v, "one of: " + list);
                     }
                   }
                   (c.*section).*field = std::string(v);
                   return Ok();
                 },
                 [=](const Config& c) { return (c.*section).*field; }, secret};
}

Setting MakeBool(const char* key, bool LogConfig::*field) {
  return Setting{key,
                 [=](Config& c, std::string_view v) -> Status {
                   if (v == "true" || v == "1") {
                     c.log.*field = true;
                   } else if (v == "false" || v == "0") {
                     c.log.*field = false;
                   } else {
                     return BadValue(key, v, "true or false");
                   }
                   return Ok();
                 },
                 [=](const Config& c) { return std::string(c.log.*field ? "true" : "false"); }};
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = [] {
    std::vector<Setting> s;
    s.push_back(Setting{"data_dir",
                        [](Config& c, std::string_view v) -> Status {
                          if (v.empty()) return BadValue("data_dir", v, "a directory path");
                          c.data_dir = std::string(v);
                          return Ok();
                        },
                        [](const Config& c) { return c.data_dir; }});
    s.push_back(
        MakeString("store.backend", &Config::store, &StoreConfig::backend, {"sqlite", "postgres"}));
    s.push_back(
        MakeString("store.postgres_dsn", &Config::store, &StoreConfig::postgres_dsn, {}, true));
    s.push_back(MakeInt("store.sqlite_busy_timeout_ms", &Config::store,
                        &StoreConfig::sqlite_busy_timeout_ms, 0, 600000));
    s.push_back(MakeInt<StoreConfig, std::int64_t>("store.sqlite_cache_kib", &Config::store,
                                                   &StoreConfig::sqlite_cache_kib, 1024,
                                                   64LL * 1024 * 1024));
    s.push_back(MakeString("server.listen", &Config::server, &ServerConfig::listen));
    s.push_back(MakeInt("server.io_threads", &Config::server, &ServerConfig::io_threads, 0, 256));
    s.push_back(
        MakeInt("server.worker_threads", &Config::server, &ServerConfig::worker_threads, 0, 256));
    s.push_back(MakeString("server.tls_cert_file", &Config::server, &ServerConfig::tls_cert_file));
    s.push_back(MakeString("server.tls_key_file", &Config::server, &ServerConfig::tls_key_file));
    s.push_back(MakeString("server.tls_client_ca_file", &Config::server,
                           &ServerConfig::tls_client_ca_file));
    s.push_back(MakeInt<ServerConfig, std::int64_t>("server.max_body_bytes", &Config::server,
                                                    &ServerConfig::max_body_bytes, 1024,
                                                    4LL * 1024 * 1024 * 1024));
    s.push_back(MakeInt<ServerConfig, std::int64_t>("server.max_header_bytes", &Config::server,
                                                    &ServerConfig::max_header_bytes, 1024,
                                                    1024 * 1024));
    s.push_back(MakeInt("server.read_timeout_ms", &Config::server, &ServerConfig::read_timeout_ms,
                        100, 3600000));
    s.push_back(MakeInt("server.idle_timeout_ms", &Config::server, &ServerConfig::idle_timeout_ms,
                        100, 3600000));
    s.push_back(MakeInt("server.shutdown_grace_ms", &Config::server,
                        &ServerConfig::shutdown_grace_ms, 0, 600000));
    s.push_back(MakeString("server.web_root", &Config::server, &ServerConfig::web_root));
    s.push_back(MakeString("taxii.title", &Config::taxii, &TaxiiConfig::title));
    s.push_back(MakeString("taxii.description", &Config::taxii, &TaxiiConfig::description));
    s.push_back(MakeString("taxii.contact", &Config::taxii, &TaxiiConfig::contact));
    s.push_back(MakeString("taxii.api_root", &Config::taxii, &TaxiiConfig::api_root));
    s.push_back(MakeInt("taxii.default_page_size", &Config::taxii, &TaxiiConfig::default_page_size,
                        1, 100000));
    s.push_back(
        MakeInt("taxii.max_page_size", &Config::taxii, &TaxiiConfig::max_page_size, 1, 100000));
    s.push_back(MakeString("log.level", &Config::log, &LogConfig::level,
                           {"trace", "debug", "info", "warn", "error", "off"}));
    s.push_back(MakeString("log.format", &Config::log, &LogConfig::format, {"text", "json"}));
    s.push_back(MakeString("log.file", &Config::log, &LogConfig::file));
    s.push_back(MakeBool("log.access_log", &LogConfig::access_log));
    s.push_back(MakeInt("retention.data_review_days", &Config::retention,
                        &RetentionConfig::data_review_days, 1, 36500));
    s.push_back(MakeInt("retention.audit_retention_days", &Config::retention,
                        &RetentionConfig::audit_retention_days, 1, 36500));
    return s;
  }();
  return settings;
}

const Setting* FindSetting(std::string_view key) {
  for (const auto& s : Settings()) {
    if (key == s.key) return &s;
  }
  return nullptr;
}

std::string TomlValueText(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (auto b = node.value_exact<bool>()) return *b ? "true" : "false";
  if (auto i = node.value_exact<std::int64_t>()) return std::to_string(*i);
  if (auto d = node.value_exact<double>()) return std::to_string(*d);
  return "<unsupported TOML value type>";
}

}  // namespace

Status SetConfigValue(Config& config, std::string_view key, std::string_view value) {
  const Setting* setting = FindSetting(key);
  if (setting == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown config setting '" + std::string(key) + "'");
  }
  return setting->set(config, value);
}

Status LoadConfigFile(Config& config, const std::string& path) {
  // Debian's toml++ is built with exceptions; they are caught here and become values.
  toml::table parsed;
  try {
    parsed = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    return MakeError(ErrorCode::kInvalidArgument, "config file: " + std::string(err.description()),
                     ErrorPlace{.file = path,
                                .line = static_cast<std::size_t>(err.source().begin.line),
                                .column = static_cast<std::size_t>(err.source().begin.column)});
  }
  Config updated = config;
  Status status = Ok();
  std::function<void(const toml::table&, const std::string&)> walk =
      [&](const toml::table& table, const std::string& prefix) {
        for (const auto& [k, node] : table) {
          if (!status) return;
          std::string key =
              prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
          if (const toml::table* sub = node.as_table()) {
            walk(*sub, key);
            continue;
          }
          ErrorPlace place{.file = path,
                           .line = static_cast<std::size_t>(node.source().begin.line)};
          if (node.is_array()) {
            status = MakeError(ErrorCode::kInvalidArgument,
                               "config " + key + ": arrays are not supported here", place);
            return;
          }
          Status set = SetConfigValue(updated, key, TomlValueText(node));
          if (!set) status = std::unexpected(std::move(set).error().At(place));
        }
      };
  walk(parsed, "");
  if (!status) return status;
  config = std::move(updated);
  return Ok();
}

Status ApplyConfigEnvironment(Config& config,
                              const std::map<std::string, std::string>& environment) {
  Config updated = config;
  for (const auto& s : Settings()) {
    std::string name = "QCCM_";
    for (const char* p = s.key; *p != 0; ++p) {
      char c = *p;
      name += c == '.' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    auto it = environment.find(name);
    if (it == environment.end()) continue;
    Status set = s.set(updated, it->second);
    if (!set) {
      Error e = std::move(set).error();
      e.message = "environment " + name + ": " + e.message;
      return std::unexpected(std::move(e));
    }
  }
  config = std::move(updated);
  return Ok();
}

std::vector<std::string> ConfigKeys() {
  std::vector<std::string> keys;
  for (const auto& s : Settings()) keys.emplace_back(s.key);
  return keys;
}

std::string Config::Redacted() const {
  std::string out;
  std::string section;
  for (const auto& s : Settings()) {
    std::string key = s.key;
    std::string name = key;
    std::size_t dot = key.find('.');
    std::string this_section = dot == std::string::npos ? "" : key.substr(0, dot);
    if (dot != std::string::npos) name = key.substr(dot + 1);
    if (this_section != section) {
      out += "\n[" + this_section + "]\n";
      section = this_section;
    }
    std::string value = s.get(*this);
    bool is_number = !value.empty() && value.find_first_not_of("0123456789-") == std::string::npos;
    bool is_bool = value == "true" || value == "false";
    if (s.secret && !value.empty()) value = "<redacted>";
    if (is_number || is_bool) {
      out += name + " = " + value + "\n";
    } else {
      toml::value<std::string> quoted(value);
      std::ostringstream q;
      q << quoted;
      out += name + " = " + q.str() + "\n";
    }
  }
  return out;
}

}  // namespace qccm
