// `qccm audit verify|query|sample|prove|check-proof|head|key`: the node's tamper-evident audit
// log (<data>/audit.db, signing key in <data>/keys/). verify exits 1 when it finds tampering.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/context.h"
#include "cli/table.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/proof_json.h"
#include "qccm/oversight/sqlite_audit_store.h"

namespace qccm::cli {
namespace {

namespace fs = std::filesystem;
using namespace qccm::oversight;

// The log, its store and (when writing) the key, kept together: the log borrows the others.
struct OpenedAudit {
  std::unique_ptr<AuditStore> store;
  std::unique_ptr<NodeKey> key;
  std::unique_ptr<AuditLog> log;
  fs::path keys_dir;
};

Result<OpenedAudit> OpenAudit(Context& context, bool writable) {
  QCCM_TRY(config, context.GetConfig());
  fs::path data(config->data_dir);
  OpenedAudit opened;
  opened.keys_dir = KeysDirectory(data);
  QCCM_TRY(store, OpenSqliteAuditStore(AuditDatabasePath(data), writable));
  opened.store = std::move(store);
  if (writable) {
    QCCM_TRY(key, NodeKey::LoadOrCreate(opened.keys_dir));
    opened.key = std::make_unique<NodeKey>(std::move(key));
  }
  QCCM_TRY(log, AuditLog::Open(*opened.store, opened.key.get(), context.clock()));
  opened.log = std::move(log);
  return opened;
}

// --key takes the base64 key itself or a file holding it.
Result<PublicKey> KeyArgument(const std::string& value) {
  std::error_code ec;
  if (fs::is_regular_file(value, ec)) {
    std::ifstream in(value);
    std::stringstream text;
    text << in.rdbuf();
    auto key = ParsePublicKey(text.str());
    if (!key) return std::unexpected(key.error().At(ErrorPlace{.file = value}));
    return key;
  }
  auto key = ParsePublicKey(value);
  if (!key) return MakeError(ErrorCode::kInvalidArgument, "--key: " + key.error().message);
  return key;
}

Result<std::optional<Timestamp>> TimeArgument(const std::string& flag, const std::string& value) {
  if (value.empty()) return std::optional<Timestamp>();
  auto t = ParseTimestamp(value);
  if (!t) return MakeError(ErrorCode::kInvalidArgument, flag + ": " + t.error().message);
  return std::optional<Timestamp>(*t);
}

struct FilterArgs {
  std::string user, member, action, collection, object, owner, since, until;

  void AddTo(CLI::App& cmd) {
    cmd.add_option("--user", user, "Only this user's records");
    cmd.add_option("--member", member, "Only records of users acting for this member");
    cmd.add_option("--action", action, "Only this action: " + oversight::ActionNameList());
    cmd.add_option("--collection", collection, "Only records on this collection id");
    cmd.add_option("--object", object, "Only records that name this STIX id");
    cmd.add_option("--owner", owner, "Only records that touched this member's contributions");
    cmd.add_option("--since", since, "From this time on (RFC 3339, inclusive)");
    cmd.add_option("--until", until, "Before this time (RFC 3339, exclusive)");
  }

  Result<AuditFilter> Filter() const {
    AuditFilter f{.user = user,
                  .member = member,
                  .collection = collection,
                  .object_id = object,
                  .owner = owner};
    if (!action.empty()) {
      f.action = ParseAction(action);
      if (!f.action)
        return MakeError(ErrorCode::kInvalidArgument, "--action: unknown action '" + action + "'");
    }
    QCCM_TRY(from, TimeArgument("--since", since));
    QCCM_TRY(to, TimeArgument("--until", until));
    f.since = from;
    f.until = to;
    return f;
  }
};

void PrintRecords(std::ostream& out, const std::vector<AuditRecord>& records, bool table) {
  if (!table) {
    for (const AuditRecord& r : records) out << EncodeRecord(r) << "\n";
    return;
  }
  Table t(
      {"SEQ", "TIME", "USER", "MEMBER", "ACTION", "OUTCOME", "COLLECTION", "OBJECTS", "OWNERS"});
  for (const AuditRecord& r : records) {
    std::string owners;
    for (const std::string& o : r.owners) owners += (owners.empty() ? "" : ",") + o;
    t.Add({std::to_string(r.seq), FormatTimestamp(r.time), r.user.empty() ? "-" : r.user,
           r.member.empty() ? "-" : r.member, std::string(ActionName(r.action)),
           std::string(OutcomeName(r.outcome)), r.collection.empty() ? "-" : r.collection,
           std::to_string(r.object_ids.size()), owners.empty() ? "-" : owners});
  }
  t.Print(out);
}

int RunVerify(Context& context, const std::string& key_text) {
  auto opened = OpenAudit(context, false);
  if (!opened) return context.Fail(opened.error());
  VerifyOptions options;
  auto key = key_text.empty() ? LoadPublicKey(opened->keys_dir) : KeyArgument(key_text);
  if (!key) return context.Fail(key.error());
  options.key = *key;
  auto report = opened->log->Verify(options);
  if (!report) return context.Fail(report.error());
  std::ostream& out = context.out();
  const std::string summary = std::to_string(report->records) + " records (" +
                              std::to_string(report->purged) + " purged), " +
                              std::to_string(report->heads) + " signed heads, " +
                              std::to_string(report->nodes) + " tree nodes";
  if (report->ok()) {
    out << "ok: " << summary << "; root " << ToHex(report->root) << "\n";
    return kExitOk;
  }
  const VerifyProblem& first = report->problems.front();
  out << "TAMPERED: " << report->problem_count << " problem(s) in " << summary << "\n";
  out << "first: " << ProblemKindName(first.kind) << " at record " << first.index << ": "
      << first.message << "\n";
  for (const VerifyProblem& p : report->problems) {
    out << "  " << ProblemKindName(p.kind) << " " << p.index << ": " << p.message << "\n";
  }
  if (report->problem_count > report->problems.size()) {
    out << "  ... and " << report->problem_count - report->problems.size() << " more\n";
  }
  return kExitFailed;
}

void AddVerify(CLI::App& audit, Context& context, Action& action) {
  auto key = std::make_shared<std::string>();
  CLI::App* cmd = audit.add_subcommand(
      "verify", "Recompute every record, the tree and every signed head; exit 1 on tampering");
  cmd->add_option("--key", *key,
                  "Check heads against this public key (base64, or a file); default the node's");
  cmd->callback(
      [&context, &action, key] { action = [&context, key] { return RunVerify(context, *key); }; });
}

void AddQuery(CLI::App& audit, Context& context, Action& action) {
  struct Args {
    FilterArgs filter;
    std::size_t limit = 100;
    std::uint64_t after = 0;
    bool has_after = false;
    bool table = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = audit.add_subcommand("query", "Print audit records (NDJSON, or a table)");
  args->filter.AddTo(*cmd);
  cmd->add_option("--limit", args->limit, "At most this many records (1-10000, default 100)");
  cmd->add_option("--after", args->after, "Only records after this seq (paging)");
  cmd->add_flag("--table", args->table, "A table instead of NDJSON");
  cmd->callback([&context, &action, args, cmd] {
    args->has_after = cmd->count("--after") > 0;
    action = [&context, args] {
      auto filter = args->filter.Filter();
      if (!filter) return context.Fail(filter.error());
      AuditQuery query{.filter = *filter, .limit = args->limit};
      if (args->has_after) query.after = args->after;
      auto opened = OpenAudit(context, false);
      if (!opened) return context.Fail(opened.error());
      auto page = opened->log->Query(query);
      if (!page) return context.Fail(page.error());
      PrintRecords(context.out(), page->records, args->table);
      if (page->next) context.err() << "more: --after " << *page->next << "\n";
      return kExitOk;
    };
  });
}

void AddSample(CLI::App& audit, Context& context, Action& action) {
  struct Args {
    FilterArgs filter;
    std::string seed;
    std::size_t count = 10;
    std::uint64_t tree_size = 0;
    bool table = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = audit.add_subcommand(
      "sample", "A reproducible random sample of records for spot checks (same seed, same sample)");
  cmd->add_option("--seed", args->seed, "Any text; publish it with the sample")->required();
  cmd->add_option("--count", args->count, "How many records (default 10)");
  cmd->add_option("--tree-size", args->tree_size,
                  "Sample the log as of this signed head (default latest)");
  args->filter.AddTo(*cmd);
  cmd->add_flag("--table", args->table, "A table instead of NDJSON");
  cmd->callback([&context, &action, args] {
    action = [&context, args] {
      auto filter = args->filter.Filter();
      if (!filter) return context.Fail(filter.error());
      SampleRequest request{.seed = args->seed, .count = args->count, .filter = *filter};
      if (args->tree_size > 0) request.tree_size = args->tree_size;
      auto opened = OpenAudit(context, false);
      if (!opened) return context.Fail(opened.error());
      auto sample = opened->log->Sample(request);
      if (!sample) return context.Fail(sample.error());
      PrintRecords(context.out(), *sample, args->table);
      return kExitOk;
    };
  });
}

void AddProve(CLI::App& audit, Context& context, Action& action) {
  struct Args {
    std::uint64_t record = 0;
    std::uint64_t tree_size = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = audit.add_subcommand(
      "prove", "Print an inclusion proof (JSON) of one record under a signed tree head");
  cmd->add_option("--record", args->record, "The record's seq")->required();
  cmd->add_option("--tree-size", args->tree_size,
                  "The signed head to prove against (default latest)");
  cmd->callback([&context, &action, args] {
    action = [&context, args] {
      auto opened = OpenAudit(context, false);
      if (!opened) return context.Fail(opened.error());
      std::optional<std::uint64_t> size;
      if (args->tree_size > 0) size = args->tree_size;
      auto proof = opened->log->ProveInclusion(args->record, size);
      if (!proof) return context.Fail(proof.error());
      context.out() << InclusionProofToJson(*proof) << "\n";
      return kExitOk;
    };
  });
}

void AddCheckProof(CLI::App& audit, Context& context, Action& action) {
  struct Args {
    std::string file;
    std::string key;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = audit.add_subcommand(
      "check-proof", "Check an inclusion proof offline against a published public key");
  cmd->add_option("file", args->file, "The proof (as `qccm audit prove` prints it; - for stdin)")
      ->required();
  cmd->add_option("--key", args->key, "The node's public key (base64, or a file)")->required();
  cmd->callback([&context, &action, args] {
    action = [&context, args] {
      auto key = KeyArgument(args->key);
      if (!key) return context.Fail(key.error());
      std::stringstream text;
      if (args->file == "-") {
        text << context.in().rdbuf();
      } else {
        std::ifstream in(args->file);
        if (!in) {
          return context.Fail(Error{ErrorCode::kInvalidArgument, "cannot read the proof file",
                                    ErrorPlace{.file = args->file}});
        }
        text << in.rdbuf();
      }
      auto proof = InclusionProofFromJson(text.str());
      if (!proof) return context.Fail(proof.error().At(ErrorPlace{.file = args->file}));
      auto checked = CheckInclusionProof(*proof, *key);
      if (!checked) {
        context.out() << "INVALID: " << checked.error().message << "\n";
        return kExitFailed;
      }
      context.out() << "ok: record " << checked->leaf_index << " is in the log of "
                    << checked->tree_size << " records signed at "
                    << FormatTimestamp(proof->head.head.time) << "\n";
      return kExitOk;
    };
  });
}

void AddHead(CLI::App& audit, Context& context, Action& action) {
  auto sign = std::make_shared<bool>(false);
  CLI::App* cmd = audit.add_subcommand("head", "Print the latest signed tree head (JSON)");
  cmd->add_flag("--sign", *sign, "Sign a new head over every record first");
  cmd->callback([&context, &action, sign] {
    action = [&context, sign] {
      auto opened = OpenAudit(context, *sign);
      if (!opened) return context.Fail(opened.error());
      std::optional<SignedTreeHead> head;
      if (*sign) {
        auto signed_head = opened->log->SignTreeHead();
        if (!signed_head) return context.Fail(signed_head.error());
        head = *signed_head;
      } else {
        auto latest = opened->log->LatestHead();
        if (!latest) return context.Fail(latest.error());
        head = *latest;
      }
      if (!head) {
        return context.Fail(
            Error{ErrorCode::kNotFound, "no tree head has been signed yet (use --sign)", {}});
      }
      context.out() << TreeHeadToJson(*head) << "\n";
      return kExitOk;
    };
  });
}

void AddKey(CLI::App& audit, Context& context, Action& action) {
  CLI::App* cmd = audit.add_subcommand(
      "key", "Print the node's audit public key (base64), creating the key pair on first use");
  cmd->callback([&context, &action] {
    action = [&context] {
      auto config = context.GetConfig();
      if (!config) return context.Fail(config.error());
      auto key = NodeKey::LoadOrCreate(KeysDirectory((*config)->data_dir));
      if (!key) return context.Fail(key.error());
      context.out() << EncodePublicKey(key->public_key()) << "\n";
      return kExitOk;
    };
  });
}

}  // namespace

void AddAuditCommands(CLI::App& app, Context& context, Action& action) {
  CLI::App* audit = app.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  AddVerify(*audit, context, action);
  AddQuery(*audit, context, action);
  AddSample(*audit, context, action);
  AddProve(*audit, context, action);
  AddCheckProof(*audit, context, action);
  AddHead(*audit, context, action);
  AddKey(*audit, context, action);
}

}  // namespace qccm::cli
