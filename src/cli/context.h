// What every command needs, built lazily after argument parsing: the resolved config, the
// store, the services, the clock and the output streams (swappable in tests).
#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "qccm/core/config.h"
#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/store/store.h"

namespace qccm::cli {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the command failed, or found problems (validate)
inline constexpr int kExitUsage = 2;   // bad arguments

// Global flags, filled by the parser before any command runs.
struct GlobalFlags {
  std::string data_dir;
  std::string config_file;
  std::string log_level;
  std::vector<std::string> settings;  // --set key=value
};

class Context final {
 public:
  Context(std::ostream& out, std::ostream& err, std::istream& in);
  ~Context();

  GlobalFlags& flags() { return flags_; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  std::istream& in() { return in_; }
  Clock& clock() { return clock_; }

  // Resolves the config once: defaults, then the --config file (or <data>/qccm.toml when it
  // exists), then QCCM_* environment variables, then flags.
  Result<const Config*> GetConfig();

  // Opens the node's store (kOpenExisting unless `mode` says otherwise), once.
  Result<store::Store*> GetStore(store::OpenMode mode = store::OpenMode::kOpenExisting);
  Result<sharing::SharingService*> Sharing();
  Result<sharing::IngestService*> Ingest();

  // Prints "error: <error>" on err() and returns the exit code for the error.
  int Fail(const Error& error);

 private:
  std::ostream& out_;
  std::ostream& err_;
  std::istream& in_;
  GlobalFlags flags_;
  SystemClock clock_;
  std::unique_ptr<Config> config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<sharing::SharingService> sharing_;
  std::unique_ptr<sharing::IngestService> ingest_;
};

}  // namespace qccm::cli
