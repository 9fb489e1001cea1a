// `qccm review list|renew|tombstones|expired`, `qccm hold add|release|list` and `qccm purge`:
// review of personal data, legal holds and the purge of lapsed objects (docs/retention.md).
// Every purge appends a `purge` record to the node's audit log (<data>/audit.db).
#include <CLI/CLI.hpp>
#include <filesystem>

#include "cli/commands.h"
#include "cli/commands/command_audit.h"
#include "cli/context.h"
#include "cli/table.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/sqlite_audit_store.h"
#include "qccm/retention/retention_service.h"

namespace qccm::cli {
namespace {

using retention::RetentionService;

// The service with the audit log it appends to; the members borrow one another.
struct OpenedRetention {
  std::unique_ptr<oversight::AuditStore> audit_store;
  std::unique_ptr<oversight::NodeKey> key;
  std::unique_ptr<oversight::AuditLog> audit;
  std::unique_ptr<RetentionService> service;
  store::Store* store = nullptr;
};

Result<OpenedRetention> OpenRetention(Context& context) {
  QCCM_TRY(config, context.GetConfig());
  QCCM_TRY(store, context.GetStore());
  if (store->retention() == nullptr) {
    return MakeError(ErrorCode::kUnsupported,
                     std::string(store->backend_name()) + " store has no retention tables");
  }
  std::filesystem::path data(config->data_dir);
  OpenedRetention opened;
  opened.store = store;
  QCCM_TRY(audit_store, oversight::OpenSqliteAuditStore(oversight::AuditDatabasePath(data), true));
  opened.audit_store = std::move(audit_store);
  QCCM_TRY(key, oversight::NodeKey::LoadOrCreate(oversight::KeysDirectory(data)));
  opened.key = std::make_unique<oversight::NodeKey>(std::move(key));
  QCCM_TRY(log, oversight::AuditLog::Open(*opened.audit_store, opened.key.get(), context.clock()));
  opened.audit = std::move(log);
  opened.service = std::make_unique<RetentionService>(
      *store->retention(), store->sharing(), *opened.audit, context.clock(),
      retention::RetentionOptions{.default_review_days = config->retention.data_review_days});
  return opened;
}

// The principal of a named user (`--as USER`). Fails with kNotFound, or kPermissionDenied for a
// disabled user.
Result<sharing::Principal> UserPrincipal(store::Store& store, std::string_view name) {
  QCCM_TRY(user, store.sharing().GetUserByName(name));
  if (user.disabled) {
    return MakeError(ErrorCode::kPermissionDenied, "user " + user.name + " is disabled");
  }
  QCCM_TRY(member, store.sharing().GetMember(user.member_id));
  return sharing::Principal{.user_id = user.id,
                            .user_name = user.name,
                            .member_id = member.id,
                            .member_code = member.code,
                            .roles = user.roles};
}

std::string MemberCode(store::Store& store, std::int64_t id) {
  auto member = store.sharing().GetMember(id);
  return member ? member->code : std::to_string(id);
}

void PrintReviews(Context& context, store::Store& store, const std::vector<retention::Review>& list,
                  Timestamp now) {
  Table table({"OBJECT", "COLLECTION", "OWNER", "REVIEW DATE", "RENEWALS", "STATUS"});
  for (const auto& r : list) {
    table.Add({r.object_id, r.collection_id, MemberCode(store, r.owner_member),
               FormatTimestamp(r.review_date, TimePrecision::kSeconds), std::to_string(r.renewals),
               r.review_date <= now ? "lapsed" : "open"});
  }
  table.Print(context.out());
}

struct Args {
  std::string object_id;
  std::string reason;
  std::string user;
  std::string member;
  std::string collection;
  std::string as_of;
  bool dry_run = false;
  bool audit = false;
};

void AddReviewList(CLI::App& review, Context& context, Action& action) {
  auto args = std::make_shared<Args>();
  CLI::App* list = review.add_subcommand("list", "A member's open review tasks on personal data");
  CLI::Option* member_option = list->add_option("--member", args->member, "Member code");
  list->add_option("--as", args->user, "List as this user (its member's tasks; admin or analyst)")
      ->excludes(member_option);
  list->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      if (args->member.empty() == args->user.empty()) {
        return context.Fail(Error{ErrorCode::kInvalidArgument, "give --member or --as"});
      }
      auto opened = OpenRetention(context);
      if (!opened) return context.Fail(opened.error());
      Result<std::vector<retention::Review>> tasks;
      if (!args->user.empty()) {
        auto principal = UserPrincipal(*opened->store, args->user);
        if (!principal) return context.Fail(principal.error());
        tasks = opened->service->ReviewTasks(*principal);
      } else {
        auto member = opened->store->sharing().GetMemberByCode(args->member);
        if (!member) return context.Fail(member.error());
        tasks = opened->service->ReviewTasksOfMember(member->id);
      }
      if (!tasks) return context.Fail(tasks.error());
      PrintReviews(context, *opened->store, *tasks, context.clock().Now());
      return kExitOk;
    };
  });
}

void AddReviewRenew(CLI::App& review, Context& context, Action& action) {
  auto args = std::make_shared<Args>();
  CLI::App* renew = review.add_subcommand(
      "renew",
      "Keep an object one more review period (its owner's admin or analyst; a reason "
      "is required)");
  renew->add_option("object", args->object_id, "STIX id")->required();
  renew->add_option("--reason", args->reason, "Why the data is still needed")->required();
  renew->add_option("--as", args->user, "The user renewing (admin or analyst of the owner)")
      ->required();
  renew->add_option("--collection", args->collection,
                    "The collection, when the object is reviewed in several");
  renew->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      auto opened = OpenRetention(context);
      if (!opened) return context.Fail(opened.error());
      oversight::AuditRecord record{
          .user = args->user,
          .action = oversight::AuditAction::kRetentionChange,
          .collection = args->collection,
          .object_ids = {args->object_id},
          .query = "review renew " + args->object_id + " --reason " + args->reason};
      auto principal = UserPrincipal(*opened->store, args->user);
      if (!principal) return FailAudited(context, std::move(record), principal.error());
      record.member = principal->member_code;
      std::optional<std::string_view> collection;
      if (!args->collection.empty()) collection = args->collection;
      auto renewed = opened->service->Renew(*principal, args->object_id, args->reason, collection);
      if (!renewed) return FailAudited(context, std::move(record), renewed.error());
      for (const auto& r : *renewed) {
        context.out() << "renewed " << r.object_id << " in " << r.collection_id << " until "
                      << FormatTimestamp(r.review_date, TimePrecision::kSeconds) << "\n";
        if (record.collection.empty()) record.collection = r.collection_id;
      }
      record.owners = {principal->member_code};
      return FinishAudited(context, std::move(record), nullptr, kExitOk);
    };
  });
}

void AddReviewReports(CLI::App& review, Context& context, Action& action) {
  CLI::App* tombstones =
      review.add_subcommand("tombstones", "What was purged: id, time, reason, who (no content)");
  tombstones->callback([&context, &action] {
    action = [&context]() -> int {
      auto opened = OpenRetention(context);
      if (!opened) return context.Fail(opened.error());
      auto list = opened->service->Tombstones();
      if (!list) return context.Fail(list.error());
      Table table({"OBJECT", "COLLECTION", "VERSIONS", "PURGED", "BY", "REASON"});
      for (const auto& t : *list) {
        table.Add({t.object_id, t.collection_id, std::to_string(t.versions),
                   FormatTimestamp(t.purged_at, TimePrecision::kSeconds), t.purged_by, t.reason});
      }
      table.Print(context.out());
      return kExitOk;
    };
  });
  CLI::App* expired =
      review.add_subcommand("expired", "Mark and list indicators past their valid_until");
  expired->callback([&context, &action] {
    action = [&context]() -> int {
      auto opened = OpenRetention(context);
      if (!opened) return context.Fail(opened.error());
      auto marked = opened->service->MarkExpired(context.clock().Now());
      if (!marked) return context.Fail(marked.error());
      auto list = opened->service->ExpiredIndicators();
      if (!list) return context.Fail(list.error());
      Table table({"INDICATOR", "COLLECTION", "VALID UNTIL", "MARKED"});
      for (const auto& e : *list) {
        table.Add({e.object_id, e.collection_id,
                   FormatTimestamp(e.valid_until, TimePrecision::kSeconds),
                   FormatTimestamp(e.marked_at, TimePrecision::kSeconds)});
      }
      table.Print(context.out());
      return kExitOk;
    };
  });
}

void AddHoldCommand(CLI::App& hold, Context& context, Action& action, bool place) {
  auto args = std::make_shared<Args>();
  CLI::App* cmd = hold.add_subcommand(
      place ? "add" : "release",
      place ? "Place a legal hold on an object: no purge while it stands (owner's admin)"
            : "Release a legal hold (owner's admin)");
  cmd->add_option("object", args->object_id, "STIX id")->required();
  cmd->add_option("--reason", args->reason, "The legal ground, e.g. the order's reference")
      ->required();
  cmd->add_option("--as", args->user, "The user (an admin of the owning member)")->required();
  cmd->callback([&context, &action, args, place] {
    action = [&context, args, place]() -> int {
      auto opened = OpenRetention(context);
      if (!opened) return context.Fail(opened.error());
      oversight::AuditRecord record{.user = args->user,
                                    .action = oversight::AuditAction::kRetentionChange,
                                    .object_ids = {args->object_id},
                                    .query = std::string(place ? "hold add " : "hold release ") +
                                             args->object_id + " --reason " + args->reason};
      auto principal = UserPrincipal(*opened->store, args->user);
      if (!principal) return FailAudited(context, std::move(record), principal.error());
      record.member = principal->member_code;
      auto done = place ? opened->service->PlaceHold(*principal, args->object_id, args->reason)
                        : opened->service->ReleaseHold(*principal, args->object_id, args->reason);
      if (!done) return FailAudited(context, std::move(record), done.error());
      record.owners = {principal->member_code};
      context.out() << (place ? "hold placed on " : "hold released on ") << args->object_id << "\n";
      return FinishAudited(context, std::move(record), nullptr, kExitOk);
    };
  });
}

void PrintPurgeReport(Context& context, const retention::PurgeReport& report, bool dry_run) {
  for (const auto& r : report.due) {
    context.out() << (dry_run ? "would purge " : "purged ") << r.object_id << " in "
                  << r.collection_id << "\n";
  }
  for (const auto& r : report.held) {
    context.out() << "held " << r.object_id << " in " << r.collection_id
                  << " (legal hold: not purged)\n";
  }
  context.out() << (dry_run ? "would purge " : "purged ") << report.due.size() << ", held "
                << report.held.size() << "\n";
}

// Audit retention: the log must outlive the data it reports on.
int PurgeAudit(Context& context, OpenedRetention& opened, Timestamp now) {
  auto config = context.GetConfig();
  if (!config) return context.Fail(config.error());
  const RetentionConfig& settings = (*config)->retention;
  if (settings.audit_retention_days <= settings.data_review_days) {
    return context.Fail(Error{ErrorCode::kInvalidArgument,
                              "retention.audit_retention_days (" +
                                  std::to_string(settings.audit_retention_days) +
                                  ") must be longer than retention.data_review_days (" +
                                  std::to_string(settings.data_review_days) + ")"});
  }
  Timestamp cutoff{now.micros - settings.audit_retention_days * retention::kMicrosPerDay};
  auto end = opened.service->PurgeAuditBefore(cutoff);
  if (!end) return context.Fail(end.error());
  context.out() << "audit records before " << FormatTimestamp(cutoff, TimePrecision::kSeconds)
                << ": content erased up to seq " << *end << "\n";
  return kExitOk;
}

}  // namespace

void AddReviewCommands(CLI::App& app, Context& context, Action& action) {
  CLI::App* review = app.add_subcommand("review", "Review of personal data (docs/retention.md)");
  review->require_subcommand(1);
  AddReviewList(*review, context, action);
  AddReviewRenew(*review, context, action);
  AddReviewReports(*review, context, action);

  CLI::App* hold = app.add_subcommand("hold", "Legal holds: objects that must not be purged");
  hold->require_subcommand(1);
  AddHoldCommand(*hold, context, action, true);
  AddHoldCommand(*hold, context, action, false);
  CLI::App* list = hold->add_subcommand("list", "List legal holds");
  list->callback([&context, &action] {
    action = [&context]() -> int {
      auto opened = OpenRetention(context);
      if (!opened) return context.Fail(opened.error());
      auto holds = opened->service->Holds();
      if (!holds) return context.Fail(holds.error());
      Table table({"OBJECT", "OWNER", "PLACED", "BY", "REASON"});
      for (const auto& h : *holds) {
        table.Add({h.object_id, MemberCode(*opened->store, h.owner_member),
                   FormatTimestamp(h.placed_at, TimePrecision::kSeconds), h.placed_by, h.reason});
      }
      table.Print(context.out());
      return kExitOk;
    };
  });
}

void AddPurgeCommand(CLI::App& app, Context& context, Action& action) {
  auto args = std::make_shared<Args>();
  CLI::App* purge = app.add_subcommand(
      "purge",
      "Purge objects whose review lapsed (not under legal hold), or with OBJECT --reason --as "
      "one's own object early; each purge leaves a tombstone and a `purge` audit record");
  purge->add_option("object", args->object_id, "Purge this object now (its owner's decision)");
  purge->add_option("--reason", args->reason, "Why (required with OBJECT)");
  purge->add_option("--as", args->user, "The user (admin or analyst of the owner; with OBJECT)");
  purge->add_flag("--dry-run", args->dry_run, "Only list what would be purged");
  purge->add_flag("--audit", args->audit,
                  "Also erase the content of audit records older than "
                  "retention.audit_retention_days (their hashes stay; verify still passes)");
  purge->add_option("--as-of", args->as_of,
                    "Purge what has lapsed by this time (RFC 3339; default now)");
  purge->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      auto opened = OpenRetention(context);
      if (!opened) return context.Fail(opened.error());
      if (!args->object_id.empty()) {
        if (args->user.empty() || args->dry_run || !args->as_of.empty()) {
          return context.Fail(Error{ErrorCode::kInvalidArgument,
                                    "purge OBJECT needs --reason and --as, and takes neither "
                                    "--dry-run nor --as-of"});
        }
        auto principal = UserPrincipal(*opened->store, args->user);
        if (!principal) return context.Fail(principal.error());
        auto purged = opened->service->PurgeObject(*principal, args->object_id, args->reason);
        if (!purged) return context.Fail(purged.error());
        for (const auto& t : *purged) {
          context.out() << "purged " << t.object_id << " in " << t.collection_id << "\n";
        }
        if (purged->empty()) context.out() << args->object_id << " was already purged\n";
        return kExitOk;
      }
      Timestamp now = context.clock().Now();
      if (!args->as_of.empty()) {
        auto parsed = ParseTimestamp(args->as_of);
        if (!parsed) {
          return context.Fail(
              Error{ErrorCode::kInvalidArgument, "--as-of: " + parsed.error().message});
        }
        now = *parsed;
      }
      auto report = opened->service->PurgeDue(now, args->dry_run);
      if (!report) return context.Fail(report.error());
      if (!args->dry_run) {
        auto expired = opened->service->MarkExpired(now);
        if (!expired) return context.Fail(expired.error());
      }
      PrintPurgeReport(context, *report, args->dry_run);
      if (args->audit && !args->dry_run) return PurgeAudit(context, *opened, now);
      return kExitOk;
    };
  });
}

}  // namespace qccm::cli
