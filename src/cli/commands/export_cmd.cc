// `qccm export --collection C [--type T] [--added-after TS] [--as M]`: a STIX 2.1 bundle on
// stdout, streamed page by page from the store's original object text.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/context.h"
#include "qccm/core/stix_id.h"

namespace qccm::cli {

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
      auto collection = (*sharing)->FindCollection(args->collection);
      if (!collection) return context.Fail(collection.error());
      store::Viewer viewer;
      if (!args->member.empty()) {
        auto principal = (*sharing)->OperatorFor(args->member);
        if (!principal) return context.Fail(principal.error());
        auto access = (*sharing)->AccessTo(*principal, collection->id);
        if (!access) return context.Fail(access.error());
        if (!access->second.can_read) {
          return context.Fail(Error{ErrorCode::kPermissionDenied,
                                    "member '" + principal->member_code +
                                        "' may not read collection '" + args->collection + "'"});
        }
        viewer.member_id = principal->member_id;
      }
      auto store = context.GetStore();
      if (!store) return context.Fail(store.error());

      std::ostream& out = context.out();
      out << "{\"type\":\"bundle\",\"id\":\"" << NewStixId("bundle") << "\",\"objects\":[";
      bool first = true;
      std::size_t count = 0;
      while (true) {
        auto page = (*store)->objects().ListObjects(collection->id, query, viewer);
        if (!page) {
          out << "]}\n";
          return context.Fail(page.error());
        }
        for (const auto& object : page->objects) {
          out << (first ? "\n" : ",\n") << object.json;
          first = false;
          ++count;
        }
        if (!page->more || !page->next) break;
        query.after = page->next;
      }
      out << "\n]}\n";
      out.flush();
      context.err() << "exported " << count << " objects\n";
      return out ? kExitOk : kExitFailed;
    };
  });
}

}  // namespace qccm::cli
