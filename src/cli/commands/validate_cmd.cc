// `qccm validate FILE...`: a standalone STIX 2.1 validator. One line per problem; exit 1 if any
// error was found. Warnings (e.g. custom properties without the x_ prefix) do not fail it.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <span>

#include "cli/commands.h"
#include "cli/context.h"
#include "qccm/stix/batch_validation.h"
#include "qccm/stix/reader.h"

namespace qccm::cli {

void AddValidateCommand(CLI::App& app, Context& context, Action& action) {
  struct Args {
    std::vector<std::string> files;
    bool strict = false;
    bool no_warnings = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("validate", "Validate STIX 2.1 files (no node needed)");
  cmd->add_option("files", args->files, "Bundle, TAXII envelope, NDJSON or object files")
      ->required();
  cmd->add_flag("--strict", args->strict, "Custom property names without x_ are errors");
  cmd->add_flag("--no-warnings", args->no_warnings, "Do not print warnings");
  cmd->callback([&context, &action, args] {
    action = [&context, args]() -> int {
      std::size_t errors = 0, warnings = 0, objects = 0;
      auto print = [&](const Error& error, std::string_view severity, const std::string& file) {
        Error placed = error.At(ErrorPlace{.file = file});
        context.out() << placed.PlaceString() << ": " << severity << ": " << placed.message << "\n";
      };
      stix::ValidatorOptions options{.strict_property_names = args->strict};
      for (const std::string& file : args->files) {
        auto document = stix::ReadInputFile(file);
        if (!document) {
          print(document.error(), "error", file);
          ++errors;
          continue;
        }
        for (const Error& w : document->warnings()) {
          ++warnings;
          if (!args->no_warnings) print(w, "warning", file);
        }
        // In chunks: the results of one chunk are printed and freed before the next, so memory
        // stays bounded and is reused (a 1M-object bundle's results all at once cost ~0.5 GB
        // and its page faults). The output is the same, in the same order.
        constexpr std::size_t kChunk = 65536;
        const auto all = std::span<const stix::RawObject>(document->objects());
        for (std::size_t begin = 0; begin < all.size(); begin += kChunk) {
          const auto chunk = all.subspan(begin, std::min(kChunk, all.size() - begin));
          auto checked = stix::ValidateBatch(chunk, options, document->padded());
          objects += checked.size();
          for (std::size_t i = 0; i < checked.size(); ++i) {
            ErrorPlace where{.line = chunk[i].line, .object_index = chunk[i].index};
            for (const auto& finding : checked[i].findings) {
              bool is_error = finding.severity == stix::Severity::kError;
              (is_error ? errors : warnings)++;
              if (!is_error && args->no_warnings) continue;
              print(finding.error.At(where), is_error ? "error" : "warning", file);
            }
          }
        }
      }
      context.err() << objects << " objects, " << errors << " errors, " << warnings
                    << " warnings\n";
      return errors == 0 ? kExitOk : kExitFailed;
    };
  });
}

}  // namespace qccm::cli
