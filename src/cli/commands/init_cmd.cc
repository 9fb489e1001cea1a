// `qccm init`: creates a node's data directory, store, audit log and audit signing key.
#include <CLI/CLI.hpp>
#include <filesystem>

#include "cli/commands.h"
#include "cli/context.h"
#include "qccm/oversight/sqlite_audit_store.h"
#include "qccm/oversight/tree_head.h"

namespace qccm::cli {

void AddInitCommand(CLI::App& app, Context& context, Action& action) {
  CLI::App* cmd = app.add_subcommand(
      "init", "Create a new node (data directory, store, audit log and its signing key)");
  cmd->callback([&context, &action] {
    action = [&context]() -> int {
      auto config = context.GetConfig();
      if (!config) return context.Fail(config.error());
      std::filesystem::path dir((*config)->data_dir);
      std::error_code ec;
      bool existed = std::filesystem::exists(dir / "qccm.db", ec);
      auto store = context.GetStore(store::OpenMode::kCreateIfMissing);
      if (!store) return context.Fail(store.error());
      // docs/oversight.md: the audit log and the node key exist before the first request, so
      // the public key can be published before the node serves.
      auto audit = oversight::OpenSqliteAuditStore(oversight::AuditDatabasePath(dir), true);
      if (!audit) return context.Fail(audit.error());
      auto key = oversight::NodeKey::LoadOrCreate(oversight::KeysDirectory(dir));
      if (!key) return context.Fail(key.error());
      context.out() << (existed ? "node already initialised at " : "initialised node at ")
                    << std::filesystem::absolute(dir, ec).string() << "\n"
                    << "audit log public key (publish it out of band): "
                    << oversight::EncodePublicKey(key->public_key()) << "\n";
      return kExitOk;
    };
  });
}

}  // namespace qccm::cli
