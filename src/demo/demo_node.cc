// `qccm demo init`'s work: members, users, tokens, collections and rights through the
// SharingService, then generated and real objects through the IngestService (the import path).
#include "qccm/demo/demo_node.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>

#include "qccm/demo/demo_world.h"
#include "qccm/stix/reader.h"

namespace qccm::demo {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kPadding = 64;  // simdjson's SIMDJSON_PADDING: see IngestOptions
constexpr std::size_t kKeptRejections = 10;

constexpr std::array<sharing::Role, 5> kRoles = {sharing::Role::kAdmin, sharing::Role::kAnalyst,
                                                 sharing::Role::kLiaison, sharing::Role::kTrainer,
                                                 sharing::Role::kAuditor};

std::string UserName(const DemoMember& member, sharing::Role role) {
  return std::string(member.user_prefix) + "." + std::string(sharing::RoleName(role));
}

std::vector<std::string> Codes(MemberSet set) {
  std::vector<std::string> codes;
  for (std::size_t m = 0; m < kDemoMemberCount; ++m) {
    if (set & MemberBit(m)) codes.emplace_back(DemoMembers()[m].code);
  }
  return codes;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text.empty() ? "-" : text;
}

// Generated objects waiting for their ingest call: one buffer per (collection, member), so
// each call is one transaction with one principal, as a TAXII POST would be.
struct Batch {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset, length in text
};

class Loader final {
 public:
  Loader(sharing::IngestService& ingest, DemoNodeSummary& summary,
         std::vector<sharing::Principal> principals)
      : ingest_(ingest), summary_(summary), principals_(std::move(principals)) {}

  Status Add(const GeneratedObject& object, std::size_t batch_size) {
    Batch& batch = batches_[{object.collection, object.author}];
    batch.spans.emplace_back(batch.text.size(), object.json.size());
    batch.text.append(object.json);
    if (batch.spans.size() >= batch_size) return Flush(object.collection, object.author, batch);
    return Ok();
  }

  Status FlushAll() {
    for (auto& [key, batch] : batches_) QCCM_TRY_STATUS(Flush(key.first, key.second, batch));
    return Ok();
  }

 private:
  Status Flush(std::size_t collection, std::size_t author, Batch& batch) {
    if (batch.spans.empty()) return Ok();
    batch.text.append(kPadding, ' ');  // every slice now has kPadding readable bytes after it
    std::vector<stix::RawObject> raw;
    raw.reserve(batch.spans.size());
    for (std::size_t i = 0; i < batch.spans.size(); ++i) {
      auto [offset, length] = batch.spans[i];
      raw.push_back(
          stix::RawObject{.json = std::string_view(batch.text).substr(offset, length), .index = i});
    }
    DemoCollectionSummary& target = summary_.collections[collection];
    auto report = ingest_.Ingest(principals_[author], target.id, raw, {.input_padded = true});
    batch.text.clear();
    batch.spans.clear();
    if (!report) return std::unexpected(report.error());
    target.added += report->added;
    target.unchanged += report->unchanged;
    target.rejected += report->rejected.size();
    summary_.generated_rejected += report->rejected.size();
    for (const auto& rejected : report->rejected) {
      if (summary_.rejections.size() >= kKeptRejections) break;
      summary_.rejections.push_back(rejected.error.At(ErrorPlace{.object_id = rejected.id}));
    }
    return Ok();
  }

  sharing::IngestService& ingest_;
  DemoNodeSummary& summary_;
  std::vector<sharing::Principal> principals_;
  std::map<std::pair<std::size_t, std::size_t>, Batch> batches_;
};

Status AddPeople(sharing::SharingService& sharing, DemoNodeSummary& summary) {
  for (const DemoMember& member : DemoMembers()) {
    QCCM_TRY(added, sharing.AddMember(member.code, member.name));
    summary.members.push_back(added.code);
  }
  for (const DemoMember& member : DemoMembers()) {
    for (sharing::Role role : kRoles) {
      std::string name = UserName(member, role);
      QCCM_TRY(user, sharing.AddUser(name, member.code, sharing::RoleBit(role), kDemoPassword));
      summary.users.push_back(
          {user.name, std::string(member.code), std::string(sharing::RoleName(role))});
    }
  }
  for (const DemoMember& member : DemoMembers()) {
    std::string analyst = UserName(member, sharing::Role::kAnalyst);
    QCCM_TRY(token, sharing.CreateToken(analyst, "demo token", std::nullopt));
    summary.tokens.push_back({analyst, std::string(member.code), token.secret});
  }
  return Ok();
}

Status AddCollections(sharing::SharingService& sharing, DemoNodeSummary& summary) {
  for (const DemoCollection& collection : DemoCollections()) {
    sharing::NewCollection request{
        .title = std::string(collection.title),
        .description = std::string(collection.description),
        .alias = std::string(collection.alias),
        .read_members = Codes(collection.readers),
        .write_members = Codes(collection.writers),
    };
    QCCM_TRY(created, sharing.AddCollection(request));
    summary.collections.push_back({.id = created.id,
                                   .alias = created.alias,
                                   .title = created.title,
                                   .readers = Joined(request.read_members),
                                   .writers = Joined(request.write_members)});
  }
  return Ok();
}

Status ImportReferenceFiles(sharing::IngestService& ingest, const sharing::Principal& principal,
                            const std::string& dir, DemoCollectionSummary& target,
                            DemoNodeSummary& summary) {
  for (const std::string& relative : ReferenceFiles(dir)) {
    ImportedFile file{.path = relative};
    auto document = stix::ReadInputFile((fs::path(dir) / relative).string());
    if (!document) {
      file.error = document.error().ToString();
      summary.files.push_back(std::move(file));
      continue;
    }
    auto report = ingest.Ingest(principal, target.id, document->objects(),
                                {.input_padded = document->padded()});
    if (!report) {
      if (report.error().code == ErrorCode::kStorage) return std::unexpected(report.error());
      file.error = report.error().ToString();
    } else {
      file.received = report->received;
      file.added = report->added;
      file.unchanged = report->unchanged;
      file.rejected = report->rejected.size();
      if (!report->rejected.empty()) {
        const auto& first = report->rejected.front();
        file.first_rejection = first.error.At(ErrorPlace{.object_id = first.id}).ToString();
      }
      target.added += report->added;
      target.unchanged += report->unchanged;
      target.rejected += report->rejected.size();
    }
    summary.files.push_back(std::move(file));
  }
  return Ok();
}

}  // namespace

Result<DemoNodeSummary> SetUpDemoNode(sharing::SharingService& sharing,
                                      sharing::IngestService& ingest,
                                      const DemoNodeOptions& options) {
  QCCM_TRY(existing, sharing.ListMembers());
  if (!existing.empty()) {
    return MakeError(ErrorCode::kAlreadyExists,
                     "the node already has members; the demo setup changes nothing");
  }
  DemoNodeSummary summary;
  QCCM_TRY_STATUS(AddPeople(sharing, summary));
  QCCM_TRY_STATUS(AddCollections(sharing, summary));
  std::vector<sharing::Principal> principals;
  for (const DemoMember& member : DemoMembers()) {
    QCCM_TRY(principal, sharing.OperatorFor(member.code));
    principals.push_back(std::move(principal));
  }

  Loader loader(ingest, summary, principals);
  std::size_t batch_size = std::max<std::size_t>(options.batch_size, 1);
  GeneratorOptions generator{.seed = options.seed,
                             .objects = options.objects,
                             .kind = GeneratorKind::kMixed,
                             .for_collections = true};
  QCCM_TRY(stats, Generate(generator, [&](const GeneratedObject& object) {
             return loader.Add(object, batch_size);
           }));
  QCCM_TRY_STATUS(loader.FlushAll());
  summary.generated = std::move(stats);

  if (!options.shared_data_dir.empty()) {
    std::size_t reference = DemoCollectionIndex(SharingMode::kReference);
    std::size_t importer = 0;  // AUR-NCTC, the only writer of the reference collection
    QCCM_TRY_STATUS(ImportReferenceFiles(ingest, principals[importer], options.shared_data_dir,
                                         summary.collections[reference], summary));
  }
  return summary;
}

std::vector<std::string> ReferenceFiles(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".json") continue;
    fs::path relative = it->path().lexically_relative(dir);
    // The cti-stix-validator examples named invalid_* are broken on purpose (not JSON, missing
    // properties, impossible timestamps): they test rejection, they are not data.
    bool known_invalid = relative.parent_path().filename() == "validator-test-examples" &&
                         relative.filename().string().starts_with("invalid_");
    if (!known_invalid) files.push_back(relative.generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string DefaultSharedDataDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); dir.has_relative_path(); dir = dir.parent_path()) {
      fs::path candidate = dir / "shared" / "data" / "stix";
      if (fs::is_directory(candidate, ec)) return candidate.string();
    }
  }
  fs::path from_source = fs::path(QCCM_DEMO_SHARED_STIX_DIR);
  if (fs::is_directory(from_source, ec)) return fs::weakly_canonical(from_source, ec).string();
  return "";
}

}  // namespace qccm::demo
