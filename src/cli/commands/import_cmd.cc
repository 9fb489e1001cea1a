// `qccm import FILE... --collection C --as MEMBER`: bundles, TAXII envelopes, NDJSON or single
// objects. Each file is one ingest batch: every valid object is kept, each rejected object is
// reported with its place, and a storage failure keeps nothing of that file.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/context.h"
#include "qccm/stix/reader.h"

namespace qccm::cli {

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
      auto principal = (*sharing)->OperatorFor(args->member);
      if (!principal) return context.Fail(principal.error());
      auto collection = (*sharing)->AccessTo(*principal, args->collection);
      if (!collection) return context.Fail(collection.error());

      int exit_code = kExitOk;
      for (const std::string& file : args->files) {
        auto document = stix::ReadInputFile(file);
        if (!document) {
          context.err() << "error: " << document.error().ToString() << "\n";
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
      }
      return exit_code;
    };
  });
}

}  // namespace qccm::cli
