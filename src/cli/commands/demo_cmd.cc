// `qccm demo init|generate`: a demo node with generated and real data, and generated files for
// benchmarks. Everything generated is deterministic for a given seed and size.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>

#include "cli/commands.h"
#include "cli/context.h"
#include "cli/table.h"
#include "qccm/demo/demo_node.h"
#include "qccm/demo/generator.h"

namespace qccm::cli {
namespace {

struct InitArgs {
  std::uint64_t seed = demo::kDefaultSeed;
  std::size_t objects = demo::kDefaultObjectCount;
  std::string shared_data;
  bool no_shared_data = false;
};

struct GenerateArgs {
  std::uint64_t seed = demo::kDefaultSeed;
  std::size_t objects = 0;
  std::string kind = "mixed";
  std::string format = "bundle";
  std::string out;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// --shared-data may name the data directory (holding stix/) or the stix directory itself.
std::string SharedStixDir(const InitArgs& args) {
  if (args.no_shared_data) return "";
  if (args.shared_data.empty()) return demo::DefaultSharedDataDir();
  std::error_code ec;
  std::filesystem::path stix = std::filesystem::path(args.shared_data) / "stix";
  return std::filesystem::is_directory(stix, ec) ? stix.string() : args.shared_data;
}

void PrintSummary(std::ostream& out, const demo::DemoNodeSummary& summary) {
  out << "\nDEMO ONLY: every demo user's password is '" << demo::kDemoPassword
      << "'. Never use these accounts or tokens outside a demo.\n\n";
  Table users({"USER", "MEMBER", "ROLE"});
  for (const auto& user : summary.users) users.Add({user.name, user.member, user.roles});
  users.Print(out);
  out << "\nAPI tokens (DEMO ONLY; one per member analyst; shown once):\n";
  Table tokens({"USER", "MEMBER", "TOKEN"});
  for (const auto& token : summary.tokens) tokens.Add({token.user, token.member, token.secret});
  tokens.Print(out);
  out << "\n";
  Table collections({"ALIAS", "READ", "WRITE", "ADDED", "UNCHANGED", "REJECTED", "ID"});
  for (const auto& c : summary.collections) {
    collections.Add({c.alias, c.readers, c.writers, std::to_string(c.added),
                     std::to_string(c.unchanged), std::to_string(c.rejected), c.id});
  }
  collections.Print(out);
  out << "\ngenerated " << summary.generated.objects << " objects (" << summary.generated.bytes
      << " bytes of JSON) and " << summary.generated.reshares << " re-shared copies:";
  for (const auto& [type, count] : summary.generated.by_type)
    out << " " << type << " " << count << ";";
  out << "\n";
}

void PrintFiles(std::ostream& out, std::ostream& err, const demo::DemoNodeSummary& summary,
                const std::string& dir) {
  if (dir.empty()) {
    out << "real STIX files: none imported (no ../shared/data/stix found; use --shared-data)\n";
    return;
  }
  std::size_t received = 0, added = 0, rejected = 0;
  for (const auto& file : summary.files) {
    received += file.received;
    added += file.added;
    rejected += file.rejected;
    if (!file.error.empty()) err << "warning: " << file.path << ": " << file.error << "\n";
  }
  out << "real STIX files from " << dir << ": " << summary.files.size() << " files, " << received
      << " objects, " << added << " added, " << rejected << " rejected\n";
  // Real-world data: the same id and version with other content in another file, etc.
  for (const auto& file : summary.files) {
    if (file.rejected == 0) continue;
    out << "  " << file.path << ": " << file.rejected
        << " rejected, first: " << file.first_rejection << "\n";
  }
}

int RunInit(Context& context, const InitArgs& args) {
  auto start = std::chrono::steady_clock::now();
  auto config = context.GetConfig();
  if (!config) return context.Fail(config.error());
  std::error_code ec;
  std::string where = std::filesystem::absolute((*config)->data_dir, ec).string();
  auto existing = context.GetStore(store::OpenMode::kOpenExisting);
  if (existing) {
    context.out() << "a node already exists at " << where
                  << "; nothing changed (remove the directory for a fresh demo node)\n";
    return kExitOk;
  }
  if (existing.error().code != ErrorCode::kNotFound) return context.Fail(existing.error());
  auto created = context.GetStore(store::OpenMode::kCreateIfMissing);
  if (!created) return context.Fail(created.error());
  auto sharing = context.Sharing();
  if (!sharing) return context.Fail(sharing.error());
  auto ingest = context.Ingest();
  if (!ingest) return context.Fail(ingest.error());

  std::string shared_dir = SharedStixDir(args);
  context.out() << "creating a demo node at " << where << " (seed " << args.seed << ", "
                << args.objects << " generated objects)\n";
  auto summary = demo::SetUpDemoNode(
      **sharing, **ingest,
      {.seed = args.seed, .objects = args.objects, .shared_data_dir = shared_dir});
  if (!summary) return context.Fail(summary.error());
  PrintSummary(context.out(), *summary);
  PrintFiles(context.out(), context.err(), *summary, shared_dir);
  if (summary->generated_rejected > 0) {
    context.err() << "warning: " << summary->generated_rejected
                  << " generated objects were rejected (a bug in the generator or the "
                     "validator); the first ones:\n";
    for (const Error& e : summary->rejections) context.err() << "  " << e.ToString() << "\n";
  }
  context.out() << "demo node ready in " << SecondsSince(start) << " s\n";
  return kExitOk;
}

int RunGenerate(Context& context, const GenerateArgs& args) {
  auto start = std::chrono::steady_clock::now();
  demo::GeneratorOptions options{.seed = args.seed,
                                 .objects = args.objects,
                                 .kind = args.kind == "indicators"
                                             ? demo::GeneratorKind::kIndicators
                                             : demo::GeneratorKind::kMixed};
  auto format = args.format == "ndjson" ? demo::FileFormat::kNdjson : demo::FileFormat::kBundle;
  auto stats = demo::WriteGeneratedFile(options, format, args.out);
  if (!stats) return context.Fail(stats.error());
  double seconds = SecondsSince(start);
  context.err() << "wrote " << stats->objects << " objects (" << stats->bytes
                << " bytes of JSON) to " << args.out << " in " << seconds << " s\n";
  return kExitOk;
}

}  // namespace

void AddDemoCommands(CLI::App& app, Context& context, Action& action) {
  CLI::App* demo = app.add_subcommand("demo", "Demo data: a demo node, generated files");
  demo->require_subcommand(1);

  auto init_args = std::make_shared<InitArgs>();
  CLI::App* init = demo->add_subcommand(
      "init",
      "Create a demo node in --data (4 members, users, tokens, collections, generated "
      "and real STIX data); does nothing if a node already exists there");
  init->add_option("--seed", init_args->seed, "Generator seed (same seed, same objects)");
  init->add_option("--objects", init_args->objects, "Generated objects (default 40000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  init->add_option("--shared-data", init_args->shared_data,
                   "Directory of real STIX files (default: ../shared/data/stix found from the "
                   "executable or the source tree)");
  init->add_flag("--no-shared-data", init_args->no_shared_data, "Import no real STIX files");
  init->callback([&context, &action, init_args] {
    action = [&context, init_args] { return RunInit(context, *init_args); };
  });

  auto generate_args = std::make_shared<GenerateArgs>();
  CLI::App* generate = demo->add_subcommand(
      "generate", "Write generated STIX objects to a file (streamed; no node needed)");
  generate->add_option("--objects", generate_args->objects, "How many objects")
      ->required()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000000}));
  generate->add_option("--seed", generate_args->seed, "Generator seed");
  generate->add_option("--kind", generate_args->kind, "indicators or mixed (default)")
      ->check(CLI::IsMember({"indicators", "mixed"}));
  generate->add_option("--format", generate_args->format, "bundle (default) or ndjson")
      ->check(CLI::IsMember({"bundle", "ndjson"}));
  generate->add_option("--out", generate_args->out, "Output file ('-': standard output)")
      ->required();
  generate->callback([&context, &action, generate_args] {
    action = [&context, generate_args] { return RunGenerate(context, *generate_args); };
  });
}

}  // namespace qccm::cli
