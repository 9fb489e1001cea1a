// Lazily built command context.
#include "cli/context.h"

#include <filesystem>
#include <iostream>
#include <map>

#include "qccm/core/log.h"

extern char** environ;

namespace qccm::cli {

Context::Context(std::ostream& out, std::ostream& err, std::istream& in)
    : out_(out), err_(err), in_(in) {}

Context::~Context() = default;

Result<const Config*> Context::GetConfig() {
  if (config_) return config_.get();
  auto config = std::make_unique<Config>();
  std::string file = flags_.config_file;
  if (file.empty()) {
    std::string data = flags_.data_dir.empty() ? config->data_dir : flags_.data_dir;
    std::filesystem::path candidate = std::filesystem::path(data) / "qccm.toml";
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) file = candidate.string();
  } else if (!std::filesystem::exists(file)) {
    return MakeError(ErrorCode::kInvalidArgument, "config file does not exist",
                     ErrorPlace{.file = file});
  }
  if (!file.empty()) QCCM_TRY_STATUS(LoadConfigFile(*config, file));
  std::map<std::string, std::string> environment;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    std::size_t eq = entry.find('=');
    if (eq != std::string::npos && entry.starts_with("QCCM_")) {
      environment.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
  }
  QCCM_TRY_STATUS(ApplyConfigEnvironment(*config, environment));
  if (!flags_.data_dir.empty())
    QCCM_TRY_STATUS(SetConfigValue(*config, "data_dir", flags_.data_dir));
  if (!flags_.log_level.empty())
    QCCM_TRY_STATUS(SetConfigValue(*config, "log.level", flags_.log_level));
  for (const std::string& setting : flags_.settings) {
    std::size_t eq = setting.find('=');
    if (eq == std::string::npos) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--set expects key=value, got '" + setting + "'");
    }
    QCCM_TRY_STATUS(SetConfigValue(*config, setting.substr(0, eq), setting.substr(eq + 1)));
  }
  QCCM_TRY_STATUS(InitLogging(config->log));
  config_ = std::move(config);
  return config_.get();
}

Result<store::Store*> Context::GetStore(store::OpenMode mode) {
  if (store_) return store_.get();
  QCCM_TRY(config, GetConfig());
  QCCM_TRY(opened, store::OpenStore(*config, mode));
  store_ = std::move(opened);
  return store_.get();
}

Result<sharing::SharingService*> Context::Sharing() {
  if (sharing_) return sharing_.get();
  QCCM_TRY(store, GetStore());
  sharing_ = std::make_unique<sharing::SharingService>(store->sharing(), clock_);
  return sharing_.get();
}

Result<sharing::IngestService*> Context::Ingest() {
  if (ingest_) return ingest_.get();
  QCCM_TRY(store, GetStore());
  ingest_ = std::make_unique<sharing::IngestService>(store->objects(), store->sharing(), clock_);
  return ingest_.get();
}

int Context::Fail(const Error& error) {
  err_ << "error: " << error.ToString() << "\n";
  return error.code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailed;
}

}  // namespace qccm::cli
