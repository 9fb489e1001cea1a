// `qccm member add|list`. `add` leaves a member_change record in the node's audit log.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/commands/command_audit.h"
#include "cli/context.h"
#include "cli/table.h"

namespace qccm::cli {

void AddMemberCommands(CLI::App& app, Context& context, Action& action) {
  CLI::App* member = app.add_subcommand("member", "Member agencies");
  member->require_subcommand(1);

  struct AddArgs {
    std::string name;
    std::string code;
  };
  auto args = std::make_shared<AddArgs>();
  CLI::App* add = member->add_subcommand("add", "Add a member agency");
  add->add_option("name", args->name, "Member name (also its code when it is a valid code)")
      ->required();
  add->add_option("--code", args->code,
                  "Short code, 2-32 of A-Z 0-9 - _ (default: derived from the name)");
  add->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      std::string code = args->code.empty() ? sharing::MemberCodeFromName(args->name) : args->code;
      oversight::AuditRecord record{.action = oversight::AuditAction::kMemberChange,
                                    .query = "member add " + args->name + " --code " + code};
      auto created = (*sharing)->AddMember(code, args->name);
      if (!created) return FailAudited(context, std::move(record), created.error());
      context.out() << created->code << "\n";
      return FinishAudited(context, std::move(record), nullptr, kExitOk);
    };
  });

  CLI::App* list = member->add_subcommand("list", "List member agencies");
  list->callback([&context, &action] {
    action = [&context]() -> int {
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      auto members = (*sharing)->ListMembers();
      if (!members) return context.Fail(members.error());
      Table table({"ID", "CODE", "NAME", "CREATED"});
      for (const auto& m : *members) {
        table.Add({std::to_string(m.id), m.code, m.name, FormatTimestamp(m.created)});
      }
      table.Print(context.out());
      return kExitOk;
    };
  });
}

}  // namespace qccm::cli
