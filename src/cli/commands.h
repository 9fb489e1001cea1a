// Registration of every subcommand. Each Add*Commands adds its subcommands to `app`; when one
// is selected its callback stores the action to run in `action` (run after parsing ends).
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace qccm::cli {

class Context;
using Action = std::function<int()>;

void AddInitCommand(CLI::App& app, Context& context, Action& action);
void AddMemberCommands(CLI::App& app, Context& context, Action& action);
void AddUserCommands(CLI::App& app, Context& context, Action& action);
void AddTokenCommands(CLI::App& app, Context& context, Action& action);
void AddCollectionCommands(CLI::App& app, Context& context, Action& action);
void AddImportCommand(CLI::App& app, Context& context, Action& action);
void AddExportCommand(CLI::App& app, Context& context, Action& action);
void AddValidateCommand(CLI::App& app, Context& context, Action& action);
void AddConfigCommands(CLI::App& app, Context& context, Action& action);
void AddServeCommand(CLI::App& app, Context& context, Action& action);
void AddDemoCommands(CLI::App& app, Context& context, Action& action);
void AddAuditCommands(CLI::App& app, Context& context, Action& action);
void AddMatchCommand(CLI::App& app, Context& context, Action& action);
// `review`, `hold` (review_cmd: retention_cmd.cc) and `purge`.
void AddReviewCommands(CLI::App& app, Context& context, Action& action);
void AddPurgeCommand(CLI::App& app, Context& context, Action& action);

}  // namespace qccm::cli
