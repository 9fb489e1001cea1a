// The ingest pipeline: parallel validation (stix::ValidateBatch), then one
// ObjectStore::PutObjects call, so one transaction.
#include "qccm/sharing/ingest_service.h"

#include <algorithm>
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
  std::vector<Checked> checked =
      stix::ValidateBatch(objects, validator_options_, options.input_padded, options.threads);
  std::vector<std::vector<std::int64_t>> named_members(checked.size());

  // Members named by the QCCM sharing extension are resolved once per distinct code.
  std::unordered_map<std::string, std::int64_t> member_ids;
  for (std::size_t i = 0; i < checked.size(); ++i) {
    Checked& c = checked[i];
    if (!c.facts) continue;
    for (const std::string& code : c.facts->shared_with) {
      auto it = member_ids.find(code);
      if (it == member_ids.end()) {
        auto member = sharing_.GetMemberByCode(code);
        std::int64_t id = member ? member->id : 0;
        if (!member && member.error().code != ErrorCode::kNotFound) {
          return std::unexpected(member.error());
        }
        it = member_ids.emplace(code, id).first;
      }
      if (it->second == 0) {
        c.findings.push_back(stix::Finding{
            stix::Severity::kError,
            Error{ErrorCode::kInvalidInput, "shared_with names unknown member '" + code + "'",
                  ErrorPlace{.object_id = c.facts->id, .json_path = "$.extensions"}}});
        c.facts.reset();
        break;
      }
      named_members[i].push_back(it->second);
    }
  }

  std::vector<store::NewObjectVersion> versions;
  std::vector<std::size_t> version_index;  // versions[k] came from objects[version_index[k]]
  versions.reserve(objects.size());
  version_index.reserve(objects.size());
  store::StatusRecord status;
  for (std::size_t i = 0; i < checked.size(); ++i) {
    Checked& c = checked[i];
    for (auto& f : c.findings) {
      if (f.severity != stix::Severity::kWarning) continue;
      ++report.warning_count;
      if (report.warnings.size() < options.max_warnings) {
        report.warnings.push_back(
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
      if (options.write_status) {
        status.failures.push_back(store::StatusEntry{
            .id = rejected.id, .version = "", .message = rejected.error.ToString()});
      }
      report.rejected.push_back(std::move(rejected));
      continue;
    }
    const stix::ObjectFacts& f = *c.facts;
    versions.push_back(store::NewObjectVersion{
        .id = f.id,
        .type = f.type,
        .spec_version = f.spec_version,
        .created = f.created.value_or(Timestamp{}),
        .modified = f.version.value_or(Timestamp{}),
        .json = objects[i].json,
        .tlp = f.tlp,
        .author_member = principal.member_id,
        .named_members = named_members[i],
        .revoked = f.revoked,
        .valid_until = f.valid_until,
    });
    version_index.push_back(i);
  }

  // STIX 2.1 §3.6: only the creator of an object makes new versions of it. In a collection the
  // creator is the member that submitted it, so a new version of another member's object is
  // refused: no member can change another's report by reusing its id. A version already stored
  // is left to the store (identical content: unchanged; different: a conflict).
  QCCM_TRY(foreign, FindForeignObjects(objects_, found->id, principal.member_id, versions));
  if (!foreign.empty()) {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < versions.size(); ++k) {
      auto it = foreign.find(std::string(versions[k].id));
      if (it == foreign.end() || it->second.contains(versions[k].modified.micros)) {
        versions[kept] = versions[k];
        version_index[kept++] = version_index[k];
        continue;
      }
      const std::size_t i = version_index[k];
      Error error{ErrorCode::kPermissionDenied,
                  "object '" + std::string(versions[k].id) +
                      "' was submitted to this collection by another member; only the member "
                      "that created an object may add versions of it",
                  ErrorPlace{.line = objects[i].line,
                             .object_index = objects[i].index,
                             .object_id = std::string(versions[k].id)}};
      if (options.write_status) {
        status.failures.push_back(store::StatusEntry{.id = std::string(versions[k].id),
                                                     .version = checked[i].facts->version_text,
                                                     .message = error.ToString()});
      }
      report.rejected.push_back(RejectedObject{
          .index = objects[i].index, .id = std::string(versions[k].id), .error = error});
    }
    versions.resize(kept);
    version_index.resize(kept);
  }

  store::StatusRecord* status_ptr = nullptr;
  if (options.write_status) {
    status.id = options.status_id;
    status.collection_id = found->id;
    status.member_id = principal.member_id;
    status.user_id = principal.user_id;
    status.request_time = clock_.Now();
    status.complete = true;
    status_ptr = &status;
  }
  QCCM_TRY(put, objects_.PutObjects(found->id, versions, status_ptr));
  report.date_added = put.date_added;
  report.status_id = status.id;
  for (std::size_t k = 0; k < put.outcomes.size(); ++k) {
    switch (put.outcomes[k]) {
      case store::PutOutcome::kAdded:
        ++report.added;
        break;
      case store::PutOutcome::kUnchanged:
        ++report.unchanged;
        break;
      case store::PutOutcome::kConflict: {
        std::size_t i = version_index[k];
        report.rejected.push_back(RejectedObject{
            .index = objects[i].index,
            .id = checked[i].facts->id,
            .error = Error{ErrorCode::kConflict,
                           "a different object with this id and version (" +
                               checked[i].facts->version_text +
                               ") is already stored; change modified to make a new version",
                           ErrorPlace{.line = objects[i].line,
                                      .object_index = objects[i].index,
                                      .object_id = checked[i].facts->id}},
            .problems = 1});
        break;
      }
    }
  }
  if (after_commit_ && put.added > 0) {
    std::vector<store::NewObjectVersion> added;
    added.reserve(put.added);
    for (std::size_t k = 0; k < put.outcomes.size(); ++k) {
      if (put.outcomes[k] == store::PutOutcome::kAdded) added.push_back(versions[k]);
    }
    after_commit_(found->id, put.date_added, added);
  }
  std::sort(report.rejected.begin(), report.rejected.end(),
            [](const RejectedObject& a, const RejectedObject& b) { return a.index < b.index; });
  return report;
}

}  // namespace qccm::sharing
