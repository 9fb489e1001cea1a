// `qccm config show`: the effective configuration with secrets redacted.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/context.h"

namespace qccm::cli {

void AddConfigCommands(CLI::App& app, Context& context, Action& action) {
  CLI::App* config = app.add_subcommand("config", "Configuration");
  config->require_subcommand(1);
  CLI::App* show = config->add_subcommand("show", "Print the effective config (secrets redacted)");
  show->callback([&context, &action] {
    action = [&context]() -> int {
      auto resolved = context.GetConfig();
      if (!resolved) return context.Fail(resolved.error());
      context.out() << (*resolved)->Redacted();
      return kExitOk;
    };
  });
}

}  // namespace qccm::cli
