// The ingest pipeline: parallel validation (stix::ValidateBatch), then one transaction: one
// ObjectStore::PutObjects call, or (IngestOptions::pipeline_chunk) a PutObjectStream fed chunk
// by chunk while the next chunk is validated.
#include "qccm/sharing/ingest_service.h"

#include <algorithm>
#include <future>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "qccm/stix/batch_validation.h"

namespace qccm::sharing {
namespace {

using Checked = stix::CheckedObject;

std::string IdOf(const Checked& checked) {
  if (checked.facts) return checked.facts->id;
  for (const auto& f : checked.findings) {
    if (!f.error.where.object_id.empty()) return f.error.where.object_id;
  }
  return {};
}

// Ids of the batch that another member already has versions of in the collection, each with
// the `modified` of every version stored. Looks at every version whatever its marking: a
// TLP:RED object the caller cannot see is still another member's object.
using ForeignObjects = std::unordered_map<std::string, std::unordered_set<std::int64_t>>;

Result<ForeignObjects> FindForeignObjects(store::ObjectStore& objects,
                                          const std::string& collection_id, std::int64_t member_id,
                                          std::span<const store::NewObjectVersion> versions) {
  constexpr std::size_t kChunk = 1000;
  ForeignObjects foreign;
  // An empty collection has no other member's objects: a first import skips the id lookups
  // (one IN-list query per 1,000 ids) with one one-row listing.
  QCCM_TRY(any, objects.ListObjects(
                    collection_id,
                    store::ObjectQuery{.versions = {.all = true}, .limit = 1, .with_json = false},
                    store::Viewer{.member_id = member_id, .every_marking = true}));
  if (any.objects.empty()) return foreign;
  std::vector<std::string> ids;
  std::unordered_set<std::string_view> seen;
  for (const store::NewObjectVersion& v : versions) {
    if (seen.insert(v.id).second) ids.emplace_back(v.id);
  }
  for (std::size_t begin = 0; begin < ids.size(); begin += kChunk) {
    const std::size_t end = std::min(ids.size(), begin + kChunk);
    store::ObjectQuery query{.ids = {ids.begin() + static_cast<std::ptrdiff_t>(begin),
                                     ids.begin() + static_cast<std::ptrdiff_t>(end)},
                             .versions = {.all = true},
                             .limit = 1000,
                             .with_json = false};
    ForeignObjects stored;
    std::unordered_set<std::string> other_author;
    for (;;) {
      QCCM_TRY(page,
               objects.ListObjects(collection_id, query,
                                   store::Viewer{.member_id = member_id, .every_marking = true}));
      for (const store::StoredObject& object : page.objects) {
        stored[object.id].insert(object.modified.micros);
        if (object.author_member != member_id) other_author.insert(object.id);
      }
      if (!page.more) break;
      query.after = page.next;
    }
    for (const std::string& id : other_author) foreign[id] = std::move(stored[id]);
  }
  return foreign;
}

// What one chunk of the input became before storing: the valid versions (their views point into
// `checked`, `named_members` and the input), and what was refused.
struct PreparedChunk {
  std::vector<Checked> checked;  // checked[j] is objects[begin + j]
  std::vector<std::vector<std::int64_t>> named_members;
  std::vector<store::NewObjectVersion> versions;
  std::vector<std::size_t> version_index;  // versions[k] came from objects[version_index[k]]
  std::vector<RejectedObject> rejected;
  std::vector<Error> warnings;  // at most max_warnings
  std::size_t warning_count = 0;
  std::vector<store::StatusEntry> failures;  // for the status resource
  std::size_t begin = 0;
  const Checked& CheckedOf(std::size_t input_index) const { return checked[input_index - begin]; }
};

// What every chunk of one ingest shares. `member_ids` caches the QCCM sharing extension's
// member codes; chunks are prepared one at a time, so it needs no lock.
struct IngestContext {
  store::ObjectStore& objects;
  SharingStore& sharing;
  const stix::ValidatorOptions& validator_options;
  const Principal& principal;
  const std::string& collection_id;
  std::span<const stix::RawObject> input;
  const IngestOptions& options;
  std::unordered_map<std::string, std::int64_t> member_ids;
};

// Resolves the members a TLP:RED object is shared with; an unknown code makes it invalid.
Status ResolveNamedMembers(IngestContext& context, PreparedChunk& chunk) {
  for (std::size_t j = 0; j < chunk.checked.size(); ++j) {
    Checked& c = chunk.checked[j];
    if (!c.facts) continue;
    for (const std::string& code : c.facts->shared_with) {
      auto it = context.member_ids.find(code);
      if (it == context.member_ids.end()) {
        auto member = context.sharing.GetMemberByCode(code);
        std::int64_t id = member ? member->id : 0;
        if (!member && member.error().code != ErrorCode::kNotFound) {
          return std::unexpected(member.error());
        }
        it = context.member_ids.emplace(code, id).first;
      }
      if (it->second == 0) {
        c.findings.push_back(stix::Finding{
            stix::Severity::kError,
            Error{ErrorCode::kInvalidInput, "shared_with names unknown member '" + code + "'",
                  ErrorPlace{.object_id = c.facts->id, .json_path = "$.extensions"}}});
        c.facts.reset();
        break;
      }
      chunk.named_members[j].push_back(it->second);
    }
  }
  return Ok();
}

// Splits a validated chunk into versions to store and refused objects (with their warnings).
void SortOutChunk(const IngestContext& context, PreparedChunk& chunk) {
  const auto objects = context.input;
  for (std::size_t j = 0; j < chunk.checked.size(); ++j) {
    const std::size_t i = chunk.begin + j;
    Checked& c = chunk.checked[j];
    for (auto& f : c.findings) {
      if (f.severity != stix::Severity::kWarning) continue;
      ++chunk.warning_count;
      if (chunk.warnings.size() < context.options.max_warnings) {
        chunk.warnings.push_back(
            f.error.At(ErrorPlace{.line = objects[i].line, .object_index = objects[i].index}));
      }
    }
    if (!c.facts) {
      RejectedObject rejected{.index = objects[i].index, .id = IdOf(c), .problems = 0};
      for (auto& f : c.findings) {
        if (f.severity != stix::Severity::kError) continue;
        if (rejected.problems++ == 0) {
          rejected.error =
              f.error.At(ErrorPlace{.line = objects[i].line, .object_index = objects[i].index});
        }
      }
      if (rejected.problems == 0) {
        rejected.problems = 1;
        rejected.error =
            Error{ErrorCode::kInvalidInput, "object is invalid",
                  ErrorPlace{.line = objects[i].line, .object_index = objects[i].index}};
      }
      if (context.options.write_status) {
        chunk.failures.push_back(store::StatusEntry{
            .id = rejected.id, .version = "", .message = rejected.error.ToString()});
      }
      chunk.rejected.push_back(std::move(rejected));
      continue;
    }
    const stix::ObjectFacts& f = *c.facts;
    chunk.versions.push_back(store::NewObjectVersion{
        .id = f.id,
        .type = f.type,
        .spec_version = f.spec_version,
        .created = f.created.value_or(Timestamp{}),
        .modified = f.version.value_or(Timestamp{}),
        .json = objects[i].json,
        .tlp = f.tlp,
        .author_member = context.principal.member_id,
        .named_members = chunk.named_members[j],
        .revoked = f.revoked,
        .valid_until = f.valid_until,
    });
    chunk.version_index.push_back(i);
  }
}

// STIX 2.1 §3.6: only the creator of an object makes new versions of it. In a collection the
// creator is the member that submitted it, so a new version of another member's object is
// refused: no member can change another's report by reusing its id. A version already stored
// is left to the store (identical content: unchanged; different: a conflict).
Status RefuseForeignVersions(const IngestContext& context, PreparedChunk& chunk) {
  const auto objects = context.input;
  QCCM_TRY(foreign, FindForeignObjects(context.objects, context.collection_id,
                                       context.principal.member_id, chunk.versions));
  if (foreign.empty()) return Ok();
  std::size_t kept = 0;
  for (std::size_t k = 0; k < chunk.versions.size(); ++k) {
    auto it = foreign.find(std::string(chunk.versions[k].id));
    if (it == foreign.end() || it->second.contains(chunk.versions[k].modified.micros)) {
      chunk.versions[kept] = chunk.versions[k];
      chunk.version_index[kept++] = chunk.version_index[k];
      continue;
    }
    const std::size_t i = chunk.version_index[k];
    const std::string id(chunk.versions[k].id);
    Error error{
        ErrorCode::kPermissionDenied,
        "object '" + id +
            "' was submitted to this collection by another member; only the member "
            "that created an object may add versions of it",
        ErrorPlace{.line = objects[i].line, .object_index = objects[i].index, .object_id = id}};
    if (context.options.write_status) {
      chunk.failures.push_back(store::StatusEntry{.id = id,
                                                  .version = chunk.CheckedOf(i).facts->version_text,
                                                  .message = error.ToString()});
    }
    chunk.rejected.push_back(RejectedObject{.index = objects[i].index, .id = id, .error = error});
  }
  chunk.versions.resize(kept);
  chunk.version_index.resize(kept);
  return Ok();
}

// Validates objects [begin, end) of the input and sorts them into versions and refusals.
Result<std::unique_ptr<PreparedChunk>> PrepareChunk(IngestContext& context, std::size_t begin,
                                                    std::size_t end, int threads) {
  auto chunk = std::make_unique<PreparedChunk>();
  chunk->begin = begin;
  chunk->checked =
      stix::ValidateBatch(context.input.subspan(begin, end - begin), context.validator_options,
                          context.options.input_padded, threads);
  chunk->named_members.resize(chunk->checked.size());
  chunk->versions.reserve(chunk->checked.size());
  chunk->version_index.reserve(chunk->checked.size());
  QCCM_TRY_STATUS(ResolveNamedMembers(context, *chunk));
  SortOutChunk(context, *chunk);
  QCCM_TRY_STATUS(RefuseForeignVersions(context, *chunk));
  return chunk;
}

// Feeds a streamed put: while the store writes chunk N (on the calling thread), chunk N+1 is
// validated on another thread, so a large import uses both cores. The chunks stay alive (their
// versions' views with them) until the pipeline goes away.
class ChunkPipeline final : public store::VersionSource {
 public:
  explicit ChunkPipeline(IngestContext& context)
      : context_(context), chunk_(std::max<std::size_t>(1, context.options.pipeline_chunk)) {}
  ~ChunkPipeline() override {
    if (pending_.valid()) pending_.wait();  // it uses context_ and this pipeline's state
  }
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  Result<std::span<const store::NewObjectVersion>> Next() override {
    if (!pending_.valid()) {
      if (next_begin_ >= context_.input.size()) return std::span<const store::NewObjectVersion>();
      Launch(context_.options.threads);
    }
    Result<std::unique_ptr<PreparedChunk>> prepared = pending_.get();
    if (!prepared) return std::unexpected(std::move(prepared).error());
    // The store thread keeps one core busy from now on: the next chunk gets one thread unless
    // the caller chose a number.
    if (next_begin_ < context_.input.size()) {
      Launch(context_.options.threads == 0 ? 1 : context_.options.threads);
    }
    chunks_.push_back(std::move(*prepared));
    // A chunk whose objects were all refused yields no version; it must not end the stream.
    if (chunks_.back()->versions.empty()) return Next();
    return std::span<const store::NewObjectVersion>(chunks_.back()->versions);
  }

  std::vector<std::unique_ptr<PreparedChunk>>& chunks() { return chunks_; }

 private:
  void Launch(int threads) {
    const std::size_t begin = next_begin_;
    const std::size_t end = std::min(context_.input.size(), begin + chunk_);
    next_begin_ = end;
    pending_ = std::async(std::launch::async, [this, begin, end, threads] {
      return PrepareChunk(context_, begin, end, threads);
    });
  }

  IngestContext& context_;
  const std::size_t chunk_;
  std::size_t next_begin_ = 0;
  std::vector<std::unique_ptr<PreparedChunk>> chunks_;
  std::future<Result<std::unique_ptr<PreparedChunk>>> pending_;
};

// Adds the refusals and warnings of every chunk to the report, and the store's conflicts.
void Report(std::span<const std::unique_ptr<PreparedChunk>> chunks,
            std::span<const stix::RawObject> objects, const store::PutResult& put,
            std::size_t max_warnings, IngestReport& report) {
  std::size_t k = 0;  // position in the concatenated versions (put.outcomes)
  for (const auto& chunk : chunks) {
    report.warning_count += chunk->warning_count;
    for (const Error& warning : chunk->warnings) {
      if (report.warnings.size() < max_warnings) report.warnings.push_back(warning);
    }
    for (const RejectedObject& rejected : chunk->rejected) report.rejected.push_back(rejected);
    for (std::size_t v = 0; v < chunk->versions.size(); ++v, ++k) {
      switch (put.outcomes[k]) {
        case store::PutOutcome::kAdded:
          ++report.added;
          break;
        case store::PutOutcome::kUnchanged:
          ++report.unchanged;
          break;
        case store::PutOutcome::kConflict: {
          const std::size_t i = chunk->version_index[v];
          const stix::ObjectFacts& facts = *chunk->CheckedOf(i).facts;
          report.rejected.push_back(RejectedObject{
              .index = objects[i].index,
              .id = facts.id,
              .error = Error{ErrorCode::kConflict,
                             "a different object with this id and version (" + facts.version_text +
                                 ") is already stored; change modified to make a new version",
                             ErrorPlace{.line = objects[i].line,
                                        .object_index = objects[i].index,
                                        .object_id = facts.id}},
              .problems = 1});
          break;
        }
      }
    }
  }
}

}  // namespace

Result<IngestReport> IngestService::Ingest(const Principal& principal, std::string_view collection,
                                           std::span<const stix::RawObject> objects,
                                           const IngestOptions& options) {
  auto found = sharing_.GetCollection(collection);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no collection '" + std::string(collection) + "'");
    }
    return std::unexpected(found.error());
  }
  QCCM_TRY(rights, sharing_.ListRights(found->id));
  std::optional<CollectionRight> mine;
  for (const auto& r : rights) {
    if (r.member_id == principal.member_id) mine = r;
  }
  const CollectionAccess access = DecideCollectionAccess(principal, mine);
  if (!access.can_read && !access.can_write) {
    // A collection the member has no right on answers as a missing one, so callers (the RFI
    // service, the CLI) cannot learn that it exists (docs/api/taxii.md "Rights").
    return MakeError(ErrorCode::kNotFound, "no collection '" + std::string(collection) + "'");
  }
  if (!access.can_write) {
    return MakeError(ErrorCode::kPermissionDenied, "member '" + principal.member_code +
                                                       "' may not write to collection '" +
                                                       std::string(collection) + "'");
  }

  IngestReport report;
  report.collection_id = found->id;
  report.received = objects.size();
  IngestContext context{.objects = objects_,
                        .sharing = sharing_,
                        .validator_options = validator_options_,
                        .principal = principal,
                        .collection_id = found->id,
                        .input = objects,
                        .options = options,
                        .member_ids = {}};
  std::vector<std::unique_ptr<PreparedChunk>> chunks;
  store::PutResult put;
  if (!options.write_status && options.pipeline_chunk > 0 &&
      objects.size() > options.pipeline_chunk) {
    // A large batch (an import) is validated and stored in a pipeline, still one transaction.
    ChunkPipeline pipeline(context);
    QCCM_TRY(streamed, objects_.PutObjectStream(found->id, pipeline));
    put = std::move(streamed);
    chunks = std::move(pipeline.chunks());
  } else {
    QCCM_TRY(chunk, PrepareChunk(context, 0, objects.size(), options.threads));
    store::StatusRecord status;
    store::StatusRecord* status_ptr = nullptr;
    if (options.write_status) {
      status.id = options.status_id;
      status.collection_id = found->id;
      status.member_id = principal.member_id;
      status.user_id = principal.user_id;
      status.request_time = clock_.Now();
      status.complete = true;
      status.failures = std::move(chunk->failures);
      status_ptr = &status;
    }
    QCCM_TRY(stored, objects_.PutObjects(found->id, chunk->versions, status_ptr));
    put = std::move(stored);
    report.status_id = status.id;
    if (options.write_status) report.status = std::move(status);
    chunks.push_back(std::move(chunk));
  }
  report.date_added = put.date_added;
  Report(chunks, objects, put, options.max_warnings, report);
  if (after_commit_ && put.added > 0) {
    std::vector<store::NewObjectVersion> added;
    added.reserve(put.added);
    std::size_t k = 0;
    for (const auto& chunk : chunks) {
      for (const store::NewObjectVersion& version : chunk->versions) {
        if (put.outcomes[k++] == store::PutOutcome::kAdded) added.push_back(version);
      }
    }
    after_commit_(found->id, put.date_added, added);
  }
  std::sort(report.rejected.begin(), report.rejected.end(),
            [](const RejectedObject& a, const RejectedObject& b) { return a.index < b.index; });
  return report;
}

}  // namespace qccm::sharing
