// `qccm init`: creates a node's data directory and store.
#include <CLI/CLI.hpp>
#include <filesystem>

#include "cli/commands.h"
#include "cli/context.h"

namespace qccm::cli {

void AddInitCommand(CLI::App& app, Context& context, Action& action) {
  CLI::App* cmd = app.add_subcommand("init", "Create a new node (data directory and store)");
  cmd->callback([&context, &action] {
    action = [&context]() -> int {
      auto config = context.GetConfig();
      if (!config) return context.Fail(config.error());
      std::filesystem::path dir((*config)->data_dir);
      std::error_code ec;
      bool existed = std::filesystem::exists(dir / "qccm.db", ec);
      auto store = context.GetStore(store::OpenMode::kCreateIfMissing);
      if (!store) return context.Fail(store.error());
      context.out() << (existed ? "node already initialised at " : "initialised node at ")
                    << std::filesystem::absolute(dir, ec).string() << "\n";
      return kExitOk;
    };
  });
}

}  // namespace qccm::cli
