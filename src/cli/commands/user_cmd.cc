// `qccm user add|list` and `qccm token create|list|revoke`. add, create and revoke leave a
// user_change record in the node's audit log (never the password or the token's secret).
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/commands/command_audit.h"
#include "cli/context.h"
#include "cli/password_input.h"
#include "cli/table.h"

namespace qccm::cli {

void AddUserCommands(CLI::App& app, Context& context, Action& action) {
  CLI::App* user = app.add_subcommand("user", "Users of member agencies");
  user->require_subcommand(1);

  struct AddArgs {
    std::string name;
    std::string member;
    std::vector<std::string> roles;
  };
  auto args = std::make_shared<AddArgs>();
  CLI::App* add = user->add_subcommand(
      "add", "Add a user; the password is read from standard input, never from the command line");
  add->add_option("name", args->name, "Login name")->required();
  add->add_option("--member", args->member, "The user's member agency (code)")->required();
  add->add_option("--role", args->roles,
                  "admin, analyst, liaison, trainer or auditor (repeat or comma-separate)")
      ->required()
      ->delimiter(',');
  add->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      sharing::RoleSet roles = 0;
      for (const auto& r : args->roles) {
        auto parsed = sharing::ParseRoles(r);
        if (!parsed) return context.Fail(parsed.error());
        roles |= *parsed;
      }
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      auto password = ReadPassword(context.in(), context.err(), isatty(STDIN_FILENO) == 1);
      if (!password) return context.Fail(password.error());
      oversight::AuditRecord record{.member = args->member,
                                    .action = oversight::AuditAction::kUserChange,
                                    .query = "user add " + args->name + " --member " +
                                             args->member + " --role " +
                                             sharing::FormatRoles(roles)};
      auto created = (*sharing)->AddUser(args->name, args->member, roles, *password);
      if (!created) return FailAudited(context, std::move(record), created.error());
      context.out() << created->name << "\n";
      return FinishAudited(context, std::move(record), nullptr, kExitOk);
    };
  });

  auto member_filter = std::make_shared<std::string>();
  CLI::App* list = user->add_subcommand("list", "List users");
  list->add_option("--member", *member_filter, "Only this member's users");
  list->callback([&context, &action, member_filter] {
    action = [&context, member_filter]() -> int {
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      std::optional<std::string_view> filter;
      if (!member_filter->empty()) filter = *member_filter;
      auto users = (*sharing)->ListUsers(filter);
      if (!users) return context.Fail(users.error());
      auto members = (*sharing)->ListMembers();
      if (!members) return context.Fail(members.error());
      Table table({"ID", "NAME", "MEMBER", "ROLES", "STATE"});
      for (const auto& u : *users) {
        std::string code;
        for (const auto& m : *members) {
          if (m.id == u.member_id) code = m.code;
        }
        table.Add({std::to_string(u.id), u.name, code, sharing::FormatRoles(u.roles),
                   u.disabled ? "disabled" : "active"});
      }
      table.Print(context.out());
      return kExitOk;
    };
  });
}

namespace {

// Parses "3600", "90m", "12h", "30d" into seconds.
Result<std::int64_t> ParseDuration(const std::string& text) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  std::int64_t scale = unit.empty() || unit == "s" ? 1
                       : unit == "m"               ? 60
                       : unit == "h"               ? 3600
                       : unit == "d"               ? 86400
                                                   : 0;
  if (used == 0 || scale == 0 || value <= 0 || value > 3650LL * 86400) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "--ttl '" + text + "' is not a duration like 3600, 90m, 12h or 30d");
  }
  return value * scale;
}

}  // namespace

void AddTokenCommands(CLI::App& app, Context& context, Action& action) {
  CLI::App* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);

  struct CreateArgs {
    std::string user;
    std::string label;
    std::string ttl;
  };
  auto args = std::make_shared<CreateArgs>();
  CLI::App* create = token->add_subcommand("create", "Create an API token (printed once)");
  create->add_option("user", args->user, "The user the token acts as")->required();
  create->add_option("--label", args->label, "What the token is for");
  create->add_option("--ttl", args->ttl, "Lifetime: seconds, or 90m, 12h, 30d (default: none)");
  create->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      std::optional<std::int64_t> ttl;
      if (!args->ttl.empty()) {
        auto parsed = ParseDuration(args->ttl);
        if (!parsed) return context.Fail(parsed.error());
        ttl = *parsed;
      }
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      oversight::AuditRecord record{
          .action = oversight::AuditAction::kUserChange,
          .query = "token create " + args->user + " --label " + args->label +
                   (args->ttl.empty() ? std::string() : " --ttl " + args->ttl)};
      auto created = (*sharing)->CreateToken(args->user, args->label, ttl);
      if (!created) return FailAudited(context, std::move(record), created.error());
      record.query += " (token " + std::to_string(created->token.id) + ")";
      context.out() << created->secret << "\n";
      context.err() << "token " << created->token.id << " created for " << args->user
                    << "; store it now, it cannot be shown again\n";
      return FinishAudited(context, std::move(record), nullptr, kExitOk);
    };
  });

  auto revoke_id = std::make_shared<std::int64_t>(0);
  CLI::App* revoke = token->add_subcommand("revoke", "Revoke an API token by its id");
  revoke->add_option("id", *revoke_id, "Token id")->required();
  revoke->callback([&context, &action, revoke_id] {
    action = [&context, revoke_id]() -> int {
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      oversight::AuditRecord record{.action = oversight::AuditAction::kUserChange,
                                    .query = "token revoke " + std::to_string(*revoke_id)};
      auto revoked = (*sharing)->RevokeToken(*revoke_id);
      if (!revoked) return FailAudited(context, std::move(record), revoked.error());
      context.out() << "revoked token " << *revoke_id << "\n";
      return FinishAudited(context, std::move(record), nullptr, kExitOk);
    };
  });
}

}  // namespace qccm::cli
