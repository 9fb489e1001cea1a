// `qccm collection add|list|grant|revoke`. add leaves a collection_change record, grant and
// revoke a rights_change record in the node's audit log.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/commands/command_audit.h"
#include "cli/context.h"
#include "cli/table.h"
#include "qccm/retention/retention.h"

namespace qccm::cli {
namespace {

struct RightArgs {
  std::string collection;
  std::string member;
  bool read = false;
  bool write = false;
};

void AddRightCommand(CLI::App& parent, Context& context, Action& action, bool grant) {
  auto args = std::make_shared<RightArgs>();
  CLI::App* cmd = parent.add_subcommand(
      grant ? "grant" : "revoke",
      grant ? "Give a member read and/or write rights on a collection (default: read)"
            : "Take a member's read and/or write rights on a collection (default: both)");
  cmd->add_option("collection", args->collection, "Collection id or alias")->required();
  cmd->add_option("member", args->member, "Member code")->required();
  cmd->add_flag("--read", args->read, "The read right");
  cmd->add_flag("--write", args->write, "The write right");
  cmd->callback([&context, &action, args, grant] {
    action = [&context, args, grant]() -> int {
      bool read = args->read, write = args->write;
      if (!read && !write) {
        read = true;
        write = !grant;
      }
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      oversight::AuditRecord record{
          .action = oversight::AuditAction::kRightsChange,
          .collection = args->collection,
          .query = std::string("collection ") + (grant ? "grant " : "revoke ") + args->collection +
                   " " + args->member + (read ? " --read" : "") + (write ? " --write" : ""),
          .owners = {args->member}};
      if (auto found = (*sharing)->FindCollection(args->collection)) {
        record.collection = found->id;  // the id, also when the command named an alias
      }
      auto changed = grant ? (*sharing)->Grant(args->collection, args->member, read, write)
                           : (*sharing)->Revoke(args->collection, args->member, read, write);
      if (!changed) return FailAudited(context, std::move(record), changed.error());
      context.out() << (grant ? "granted " : "revoked ") << (read ? "read" : "")
                    << (read && write ? "," : "") << (write ? "write" : "") << " on "
                    << args->collection << " for " << args->member << "\n";
      return FinishAudited(context, std::move(record), nullptr, kExitOk);
    };
  });
}

}  // namespace

void AddCollectionCommands(CLI::App& app, Context& context, Action& action) {
  CLI::App* collection = app.add_subcommand("collection", "Collections and their rights");
  collection->require_subcommand(1);

  struct AddArgs {
    std::string title;
    std::string description;
    std::string alias;
    std::vector<std::string> read;
    std::vector<std::string> write;
    std::string purpose;
    int review_days = 0;
  };
  auto args = std::make_shared<AddArgs>();
  CLI::App* add = collection->add_subcommand("add", "Create a collection; prints its id");
  add->add_option("title", args->title, "Title")->required();
  add->add_option("--description", args->description, "Description");
  add->add_option("--alias", args->alias, "Short unique name (a-z 0-9 - _)");
  add->add_option("--read", args->read, "Members that may read (comma-separated codes)")
      ->delimiter(',');
  add->add_option("--write", args->write, "Members that may write (comma-separated codes)")
      ->delimiter(',');
  add->add_option("--purpose", args->purpose, "Why the collection exists (docs/retention.md)");
  add->add_option("--review-days", args->review_days,
                  "Days personal data may stay before its owner must review it (default: "
                  "retention.data_review_days)");
  add->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      // Checked before the collection is created, so a bad value creates nothing.
      const bool has_policy = !args->purpose.empty() || args->review_days != 0;
      if (has_policy) {
        if (auto ok = retention::ValidateReason("--purpose", args->purpose); !ok) {
          return context.Fail(ok.error());
        }
        if (args->review_days < 0 || args->review_days > retention::kMaxReviewDays) {
          return context.Fail(
              Error{ErrorCode::kInvalidArgument,
                    "--review-days: must be in 1.." + std::to_string(retention::kMaxReviewDays)});
        }
      }
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      std::string readers, writers;
      for (const auto& m : args->read) readers += (readers.empty() ? "" : ",") + m;
      for (const auto& m : args->write) writers += (writers.empty() ? "" : ",") + m;
      oversight::AuditRecord record{
          .action = oversight::AuditAction::kCollectionChange,
          .query =
              "collection add " + args->title + (args->alias.empty() ? "" : " --alias ") +
              args->alias + (readers.empty() ? "" : " --read ") + readers +
              (writers.empty() ? "" : " --write ") + writers +
              (args->purpose.empty() ? "" : " --purpose " + args->purpose) +
              (args->review_days == 0 ? std::string()
                                      : " --review-days " + std::to_string(args->review_days))};
      auto created = (*sharing)->AddCollection(sharing::NewCollection{
          .title = args->title,
          .description = args->description,
          .alias = args->alias,
          .read_members = args->read,
          .write_members = args->write,
      });
      if (!created) return FailAudited(context, std::move(record), created.error());
      record.collection = created->id;
      if (has_policy) {
        auto config = context.GetConfig();
        if (!config) return FailAudited(context, std::move(record), config.error());
        auto store = context.GetStore();
        if (!store) return FailAudited(context, std::move(record), store.error());
        if ((*store)->retention() == nullptr) {
          return FailAudited(context, std::move(record),
                             Error{ErrorCode::kUnsupported, "this store has no retention"});
        }
        auto set = (*store)->retention()->SetCollectionPolicy(retention::CollectionPolicy{
            .collection_id = created->id,
            .purpose = args->purpose,
            .review_days = args->review_days != 0 ? args->review_days
                                                  : (*config)->retention.data_review_days});
        if (!set) return FailAudited(context, std::move(record), set.error());
      }
      context.out() << created->id << "\n";
      return FinishAudited(context, std::move(record), nullptr, kExitOk);
    };
  });

  CLI::App* list = collection->add_subcommand("list", "List collections with their rights");
  list->callback([&context, &action] {
    action = [&context]() -> int {
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      auto collections = (*sharing)->ListCollections();
      if (!collections) return context.Fail(collections.error());
      auto members = (*sharing)->ListMembers();
      if (!members) return context.Fail(members.error());
      auto code_of = [&](std::int64_t id) {
        for (const auto& m : *members) {
          if (m.id == id) return m.code;
        }
        return std::to_string(id);
      };
      Table table({"ID", "ALIAS", "TITLE", "READ", "WRITE"});
      for (const auto& c : *collections) {
        auto rights = (*sharing)->ListRights(c.id);
        if (!rights) return context.Fail(rights.error());
        std::string readers, writers;
        for (const auto& r : *rights) {
          if (r.can_read) readers += (readers.empty() ? "" : ",") + code_of(r.member_id);
          if (r.can_write) writers += (writers.empty() ? "" : ",") + code_of(r.member_id);
        }
        table.Add({c.id, c.alias.empty() ? "-" : c.alias, c.title, readers.empty() ? "-" : readers,
                   writers.empty() ? "-" : writers});
      }
      table.Print(context.out());
      return kExitOk;
    };
  });

  AddRightCommand(*collection, context, action, true);
  AddRightCommand(*collection, context, action, false);
}

}  // namespace qccm::cli
