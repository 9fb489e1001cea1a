// `qccm export --collection C [--type T] [--added-after TS] [--as M]`: a STIX 2.1 bundle on
// stdout, streamed page by page from the store's original object text. Leaves an export record
// in the node's audit log naming every exported id and the members who contributed them (in
// records of at most 100,000 ids, appended together), or the failure.
#include <CLI/CLI.hpp>
#include <map>

#include "cli/commands.h"
#include "cli/commands/command_audit.h"
#include "cli/context.h"
#include "qccm/core/stix_id.h"

namespace qccm::cli {
namespace {

// The most ids one audit record names (ValidateRecord allows 100,000).
constexpr std::size_t kIdsPerRecord = 100000;

const Error kOutputFailed{ErrorCode::kIo, "writing the bundle to standard output failed"};

// The export's records: `first` with the ids split over copies of it, owners on each.
std::vector<oversight::AuditRecord> ExportRecords(oversight::AuditRecord first,
                                                  std::vector<std::string> ids,
                                                  std::vector<std::string> owners) {
  std::vector<oversight::AuditRecord> records;
  first.owners = std::move(owners);
  for (std::size_t start = 0; start < ids.size() || records.empty(); start += kIdsPerRecord) {
    oversight::AuditRecord& r = records.emplace_back(first);
    const std::size_t end = std::min(ids.size(), start + kIdsPerRecord);
    r.object_ids.assign(std::make_move_iterator(ids.begin() + static_cast<std::ptrdiff_t>(start)),
                        std::make_move_iterator(ids.begin() + static_cast<std::ptrdiff_t>(end)));
  }
  return records;
}

}  // namespace

void AddExportCommand(CLI::App& app, Context& context, Action& action) {
  struct Args {
    std::string collection;
    std::vector<std::string> types;
    std::string added_after;
    std::string member;
    bool all_versions = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("export", "Write a collection's objects as a STIX bundle");
  cmd->add_option("--collection", args->collection, "Collection id or alias")->required();
  cmd->add_option("--type", args->types, "Only these object types (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--added-after", args->added_after, "Only objects added after this timestamp");
  cmd->add_option("--as", args->member,
                  "Export as this member sees it (needs its read right; TLP:RED rules apply). "
                  "Without it the node operator's view: every object except TLP:RED ones");
  cmd->add_flag("--all-versions", args->all_versions, "Every version, not just the latest");
  cmd->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      store::ObjectQuery query;
      query.types = args->types;
      query.limit = 1000;
      if (args->all_versions) query.versions.all = true;
      if (!args->added_after.empty()) {
        auto after = ParseTimestamp(args->added_after);
        if (!after) {
          return context.Fail(
              Error{ErrorCode::kInvalidArgument, "--added-after: " + after.error().message});
        }
        query.added_after = *after;
      }
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      std::string types;
      for (const auto& t : args->types) types += (types.empty() ? "" : ",") + t;
      oversight::AuditRecord record{
          .member = args->member,
          .action = oversight::AuditAction::kExport,
          .collection = args->collection,
          .query = "export --collection " + args->collection +
                   (types.empty() ? "" : " --type " + types) +
                   (args->added_after.empty() ? "" : " --added-after " + args->added_after) +
                   (args->member.empty() ? "" : " --as " + args->member) +
                   (args->all_versions ? " --all-versions" : "")};
      auto collection = (*sharing)->FindCollection(args->collection);
      if (!collection) return FailAudited(context, std::move(record), collection.error());
      record.collection = collection->id;
      store::Viewer viewer;
      if (!args->member.empty()) {
        auto principal = (*sharing)->OperatorFor(args->member);
        if (!principal) return FailAudited(context, std::move(record), principal.error());
        record.member = principal->member_code;
        auto access = (*sharing)->AccessTo(*principal, collection->id);
        if (!access) return FailAudited(context, std::move(record), access.error());
        if (!access->second.can_read) {
          return FailAudited(context, std::move(record),
                             Error{ErrorCode::kPermissionDenied,
                                   "member '" + principal->member_code +
                                       "' may not read collection '" + args->collection + "'"});
        }
        viewer.member_id = principal->member_id;
      }
      auto store = context.GetStore();
      if (!store) return FailAudited(context, std::move(record), store.error());
      std::vector<std::string> ids;
      std::map<std::int64_t, std::string> owner_codes;  // author member id -> code

      std::ostream& out = context.out();
      out << "{\"type\":\"bundle\",\"id\":\"" << NewStixId("bundle") << "\",\"objects\":[";
      bool first = true;
      std::size_t count = 0;
      while (true) {
        auto page = (*store)->objects().ListObjects(collection->id, query, viewer);
        if (!page) {
          out << "]}\n";
          // What left before the failure was exported: the record names it.
          const int code = context.Fail(page.error());
          auto records = ExportRecords(std::move(record), std::move(ids), {});
          if (auto config = context.GetConfig()) {
            auto appended = oversight::AppendCommandRecords((*config)->data_dir, context.clock(),
                                                            std::move(records), &page.error());
            if (!appended) context.err() << "warning: " << appended.error().message << "\n";
          }
          return code;
        }
        for (const auto& object : page->objects) {
          out << (first ? "\n" : ",\n") << object.json;
          first = false;
          ++count;
          if (ids.empty() || ids.back() != object.id) ids.push_back(object.id);
          owner_codes.try_emplace(object.author_member);
        }
        if (!page->more || !page->next) break;
        query.after = page->next;
      }
      out << "\n]}\n";
      out.flush();
      context.err() << "exported " << count << " objects\n";
      std::vector<std::string> owners;
      for (auto& [id, code] : owner_codes) {
        if (id == 0) continue;
        auto member = (*store)->sharing().GetMember(id);
        owners.push_back(member ? member->code : "member-" + std::to_string(id));
      }
      auto records = ExportRecords(std::move(record), std::move(ids), std::move(owners));
      auto config = context.GetConfig();
      Status appended = config ? oversight::AppendCommandRecords(
                                     (*config)->data_dir, context.clock(), std::move(records),
                                     out ? nullptr : &kOutputFailed)
                               : Status(std::unexpected(config.error()));
      if (!appended) {
        return context.Fail(Error{appended.error().code,
                                  "the objects were exported, but the audit record could not be "
                                  "written: " +
                                      appended.error().message});
      }
      return out ? kExitOk : kExitFailed;
    };
  });
}

}  // namespace qccm::cli
