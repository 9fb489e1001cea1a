// `qccm import FILE... --collection C --as MEMBER`: bundles, TAXII envelopes, NDJSON or single
// objects. Each file is one ingest batch: every valid object is kept, each rejected object is
// reported with its place, and a storage failure keeps nothing of that file. Each file leaves
// one `write` record in the node's audit log (docs/oversight.md).
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/commands/command_audit.h"
#include "cli/context.h"
#include "qccm/stix/reader.h"

namespace qccm::cli {
namespace {

// The record of importing `file`: the command and what came of it. It names no object ids: a
// command-line import writes no status resource to list them from, a bulk load of millions
// would need tens of records of 100,000 ids, and the store keeps which member contributed each
// object. `--object` queries therefore find reads and exports of an object, not its import.
oversight::AuditRecord ImportRecord(const std::string& member, const std::string& collection,
                                    const std::string& file, const std::string& result) {
  return {.member = member,
          .action = oversight::AuditAction::kWrite,
          .collection = collection,
          .query = "import " + file + " --collection " + collection + " --as " + member +
                   (result.empty() ? "" : ": " + result),
          .owners = {member}};
}

}  // namespace

void AddImportCommand(CLI::App& app, Context& context, Action& action) {
  struct Args {
    std::vector<std::string> files;
    std::string collection;
    std::string member;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("import", "Import STIX objects into a collection");
  cmd->add_option("files", args->files, "Bundle, TAXII envelope, NDJSON or object files")
      ->required();
  cmd->add_option("--collection", args->collection, "Collection id or alias")->required();
  cmd->add_option("--as", args->member, "The member the objects come from (code)")->required();
  cmd->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      auto sharing = context.Sharing();
      if (!sharing) return context.Fail(sharing.error());
      auto ingest = context.Ingest();
      if (!ingest) return context.Fail(ingest.error());
      std::string files;
      for (const std::string& file : args->files) files += (files.empty() ? "" : " ") + file;
      auto principal = (*sharing)->OperatorFor(args->member);
      if (!principal) {
        return FailAudited(context, ImportRecord(args->member, args->collection, files, ""),
                           principal.error());
      }
      auto collection = (*sharing)->AccessTo(*principal, args->collection);
      if (!collection) {
        return FailAudited(context,
                           ImportRecord(principal->member_code, args->collection, files, ""),
                           collection.error());
      }

      int exit_code = kExitOk;
      std::vector<oversight::AuditRecord> records;
      auto record_file = [&](const std::string& file, const std::string& result,
                             const Error* failure) {
        oversight::AuditRecord& r = records.emplace_back(
            ImportRecord(principal->member_code, collection->first.id, file, result));
        if (failure != nullptr) r.outcome = oversight::OutcomeOfError(failure->code);
      };
      for (const std::string& file : args->files) {
        auto document = stix::ReadInputFile(file);
        if (!document) {
          context.err() << "error: " << document.error().ToString() << "\n";
          record_file(file, "not read", &document.error());
          exit_code = kExitFailed;
          continue;
        }
        for (const Error& warning : document->warnings()) {
          context.err() << "warning: " << warning.ToString() << "\n";
        }
        auto report = (*ingest)->Ingest(*principal, collection->first.id, document->objects(),
                                        {.input_padded = document->padded()});
        if (!report) {
          context.err() << "error: " << report.error().At(ErrorPlace{.file = file}).ToString()
                        << " (nothing from this file was stored)\n";
          record_file(file, "nothing stored", &report.error());
          exit_code = kExitFailed;
          continue;
        }
        for (const auto& rejected : report->rejected) {
          Error placed = rejected.error.At(ErrorPlace{.file = file});
          context.err() << placed.PlaceString() << ": rejected: " << placed.message;
          if (rejected.problems > 1) context.err() << " (and " << rejected.problems - 1 << " more)";
          context.err() << "\n";
        }
        for (const Error& warning : report->warnings) {
          Error placed = warning.At(ErrorPlace{.file = file});
          context.err() << placed.PlaceString() << ": warning: " << placed.message << "\n";
        }
        if (report->warning_count > report->warnings.size()) {
          context.err() << file << ": " << report->warning_count - report->warnings.size()
                        << " more warnings not shown\n";
        }
        context.out() << file << ": " << report->received << " objects ("
                      << InputFormatName(document->format()) << "): " << report->added << " added, "
                      << report->unchanged << " unchanged, " << report->rejected.size()
                      << " rejected\n";
        record_file(file,
                    std::to_string(report->received) + " received, " +
                        std::to_string(report->added) + " added, " +
                        std::to_string(report->unchanged) + " unchanged, " +
                        std::to_string(report->rejected.size()) + " rejected",
                    nullptr);
      }
      auto config = context.GetConfig();
      Status appended = config
                            ? oversight::AppendCommandRecords((*config)->data_dir, context.clock(),
                                                              std::move(records), nullptr)
                            : Status(std::unexpected(config.error()));
      if (!appended) {
        if (exit_code != kExitOk) {
          context.err() << "warning: the audit records of this import could not be written: "
                        << appended.error().message << "\n";
          return exit_code;
        }
        return context.Fail(Error{appended.error().code,
                                  "the objects were imported, but the audit record could not be "
                                  "written: " +
                                      appended.error().message});
      }
      return exit_code;
    };
  });
}

}  // namespace qccm::cli
