// Paging indicators out of the store for a principal, and their IndicatorInput form.
#include "qccm/matching/indicator_source.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace qccm::matching {
namespace {

namespace json = boost::json;

std::string_view StringAt(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->value().is_string()) return {};
  return {it->value().as_string().data(), it->value().as_string().size()};
}

}  // namespace

Result<std::optional<IndicatorInput>> IndicatorFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return MakeError(ErrorCode::kInvalidInput, "not a JSON object");
  const json::object& o = value.as_object();
  if (StringAt(o, "type") != "indicator") return std::optional<IndicatorInput>();
  if (StringAt(o, "pattern_type") != "stix") return std::optional<IndicatorInput>();
  IndicatorInput input;
  input.id = std::string(StringAt(o, "id"));
  input.pattern = std::string(StringAt(o, "pattern"));
  auto modified = ParseTimestamp(StringAt(o, "modified"));
  if (input.id.empty() || input.pattern.empty() || !modified) {
    return MakeError(ErrorCode::kInvalidInput, "indicator without id, modified or pattern");
  }
  input.modified = *modified;
  if (auto from = ParseTimestamp(StringAt(o, "valid_from"))) input.valid_from = *from;
  if (auto until = ParseTimestamp(StringAt(o, "valid_until"))) input.valid_until = *until;
  if (auto it = o.find("revoked"); it != o.end() && it->value().is_bool()) {
    input.revoked = it->value().as_bool();
  }
  return std::optional<IndicatorInput>(std::move(input));
}

Result<LoadReport> LoadIndicatorsFor(sharing::SharingService& sharing, store::ObjectStore& objects,
                                     const sharing::Principal& principal, Matcher& matcher) {
  if (!sharing::MayHandleIntelligence(principal)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "user '" + principal.user_name + "' may not read intelligence");
  }
  QCCM_TRY(collections, sharing.AccessibleCollections(principal));
  LoadReport report;
  store::Viewer viewer{principal.member_id};
  std::vector<IndicatorInput> batch;
  for (const auto& [collection, access] : collections) {
    if (!access.can_read) continue;
    ++report.collections;
    store::ObjectQuery query;
    query.types = {"indicator"};
    query.limit = 1000;
    while (true) {
      QCCM_TRY(page, objects.ListObjects(collection.id, query, viewer));
      for (const store::StoredObject& object : page.objects) {
        ++report.indicators;
        auto input = IndicatorFromJson(object.json);
        if (!input) {
          report.invalid.push_back(object.id + ": " + input.error().message);
          continue;
        }
        if (!*input || (*input)->revoked) {
          ++report.skipped;
          if (*input) batch.push_back(std::move(**input));
          continue;
        }
        batch.push_back(std::move(**input));
      }
      if (!page.more || !page.next) break;
      query.after = page.next;
    }
  }
  std::vector<AddResult> results = matcher.AddAll(batch);
  for (std::size_t i = 0; i < results.size(); ++i) {
    switch (results[i].outcome) {
      case AddOutcome::kAdded:
      case AddOutcome::kReplaced:
        ++report.added;
        if (!results[i].message.empty()) {
          report.unsupported.push_back(batch[i].id + ": " + results[i].message);
        }
        break;
      case AddOutcome::kUnsupported:
        report.unsupported.push_back(batch[i].id + ": " + results[i].message);
        break;
      case AddOutcome::kInvalid:
        report.invalid.push_back(batch[i].id + ": " + results[i].message);
        break;
      case AddOutcome::kIgnored:
      case AddOutcome::kRemoved:
        break;
    }
  }
  return report;
}

}  // namespace qccm::matching
