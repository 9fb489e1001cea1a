// The qccm command tree (CLI11). CLI11 reports parse problems with exceptions; they are caught
// here and become exit code 2 with CLI11's message.
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/context.h"

namespace qccm::cli {

int RunWith(int argc, char** argv, std::ostream& out, std::ostream& err, std::istream& in) {
  Context context(out, err, in);
  CLI::App app{"qccm: a node of the counter-terrorism cooperation and coordination mechanism"};
  app.name("qccm");
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.require_subcommand(1);
  app.fallthrough();  // global flags may follow the subcommand: `qccm init --data D`
  GlobalFlags& flags = context.flags();
  app.add_option("--data", flags.data_dir, "Node data directory (default ./qccm-data)");
  app.add_option("--config", flags.config_file, "TOML config file (default <data>/qccm.toml)");
  app.add_option("--log-level", flags.log_level, "trace, debug, info, warn, error or off");
  app.add_option("--set", flags.settings,
                 "Override one setting: --set server.listen=127.0.0.1:9000");

  Action action;
  AddInitCommand(app, context, action);
  AddMemberCommands(app, context, action);
  AddUserCommands(app, context, action);
  AddTokenCommands(app, context, action);
  AddCollectionCommands(app, context, action);
  AddImportCommand(app, context, action);
  AddExportCommand(app, context, action);
  AddValidateCommand(app, context, action);
  AddConfigCommands(app, context, action);
  AddServeCommand(app, context, action);
  AddDemoCommands(app, context, action);
  AddAuditCommands(app, context, action);
  AddMatchCommand(app, context, action);
  AddReviewCommands(app, context, action);
  AddPurgeCommand(app, context, action);

  // Global flags are accepted after any subcommand; say so in every subcommand's help.
  std::function<void(CLI::App*)> add_footer = [&](CLI::App* parent) {
    for (CLI::App* sub : parent->get_subcommands({})) {
      sub->footer(
          "Global options (also accepted here): --data DIR, --config FILE, --log-level LEVEL, "
          "--set KEY=VALUE");
      add_footer(sub);
    }
  };
  add_footer(&app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Help on a subcommand also arrives here (as CallForHelp thrown from the subcommand).
    std::ostringstream help_out, help_err;
    int code = app.exit(e, help_out, help_err);
    out << help_out.str();
    err << help_err.str();
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!action) {
    err << "error: no command given\n" << app.help();
    return kExitUsage;
  }
  return action();
}

int Run(int argc, char** argv) { return RunWith(argc, argv, std::cout, std::cerr, std::cin); }

}  // namespace qccm::cli
