// URL parameter parsing for the TAXII endpoints.
#include "http/taxii/filters.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

#include "qccm/core/stix_id.h"

namespace qccm::http::taxii {
namespace {

constexpr std::string_view kAddedAfter = "added_after";
constexpr std::string_view kLimit = "limit";
constexpr std::string_view kNext = "next";
constexpr std::string_view kMatchId = "match[id]";
constexpr std::string_view kMatchType = "match[type]";
constexpr std::string_view kMatchVersion = "match[version]";
constexpr std::string_view kMatchSpecVersion = "match[spec_version]";

// Longest list a client may give in one filter: bounds the SQL a request can make.
constexpr std::size_t kMaxListItems = 1000;

std::vector<std::string_view> Allowed(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::kNoParameters:
      return {};
    case Endpoint::kObjects:
    case Endpoint::kManifest:
      return {kAddedAfter, kLimit, kNext, kMatchId, kMatchType, kMatchVersion, kMatchSpecVersion};
    case Endpoint::kObject:
      return {kAddedAfter, kLimit, kNext, kMatchVersion, kMatchSpecVersion};
    case Endpoint::kVersions:
      return {kAddedAfter, kLimit, kNext, kMatchSpecVersion};
    case Endpoint::kDeleteObject:
      return {kMatchVersion, kMatchSpecVersion};
  }
  return {};
}

std::unexpected<Error> Bad(std::string_view parameter, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "URL parameter " + std::string(parameter) + ": " + std::move(message));
}

std::string Quoted(std::string_view value) {
  return "'" + std::string(value.substr(0, 120)) + (value.size() > 120 ? "...'" : "'");
}

// Splits every value of `name` on commas into `items`; empty items are errors.
Status SplitList(const QueryParams& query, std::string_view name, std::vector<std::string>& items) {
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view value = it->second;
    std::size_t start = 0;
    for (;;) {
      std::size_t comma = value.find(',', start);
      std::string_view item = value.substr(start, comma == value.npos ? value.npos : comma - start);
      if (item.empty()) return Bad(name, "empty value in " + Quoted(value));
      items.emplace_back(item);
      if (items.size() > kMaxListItems) {
        return Bad(name, "more than " + std::to_string(kMaxListItems) + " values");
      }
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  return Ok();
}

void SortUnique(std::vector<std::string>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

Status ParseIds(const QueryParams& query, Filters& filters) {
  QCCM_TRY_STATUS(SplitList(query, kMatchId, filters.ids));
  for (const std::string& id : filters.ids) {
    if (auto parsed = ParseStixId(id); !parsed) {
      return Bad(kMatchId, Quoted(id) + " is not a STIX identifier: " + parsed.error().message);
    }
  }
  SortUnique(filters.ids);
  return Ok();
}

Status ParseTypes(const QueryParams& query, Filters& filters) {
  QCCM_TRY_STATUS(SplitList(query, kMatchType, filters.types));
  for (const std::string& type : filters.types) {
    if (!IsValidStixType(type)) return Bad(kMatchType, Quoted(type) + " is not a STIX type name");
  }
  SortUnique(filters.types);
  return Ok();
}

Status ParseSpecVersions(const QueryParams& query, Filters& filters) {
  QCCM_TRY_STATUS(SplitList(query, kMatchSpecVersion, filters.spec_versions));
  for (const std::string& v : filters.spec_versions) {
    std::size_t dot = v.find('.');
    bool digits = dot != std::string::npos && dot > 0 && dot + 1 < v.size() && v.size() <= 8 &&
                  std::all_of(v.begin(), v.end(),
                              [](char c) { return c == '.' || (c >= '0' && c <= '9'); }) &&
                  v.find('.', dot + 1) == std::string::npos;
    if (!digits) return Bad(kMatchSpecVersion, Quoted(v) + " is not a spec version such as 2.1");
  }
  SortUnique(filters.spec_versions);
  return Ok();
}

Status ParseVersions(const QueryParams& query, Filters& filters) {
  std::vector<std::string> items;
  QCCM_TRY_STATUS(SplitList(query, kMatchVersion, items));
  store::VersionFilter& versions = filters.versions;
  for (const std::string& item : items) {
    if (item == "first") {
      versions.first = true;
    } else if (item == "last") {
      versions.last = true;
    } else if (item == "all") {
      versions.all = true;
    } else {
      auto t = ParseTimestamp(item);
      if (!t) {
        return Bad(kMatchVersion, Quoted(item) + " is neither first, last, all nor a timestamp (" +
                                      t.error().message + ")");
      }
      versions.at.push_back(*t);
    }
  }
  std::sort(versions.at.begin(), versions.at.end());
  versions.at.erase(std::unique(versions.at.begin(), versions.at.end()), versions.at.end());
  return Ok();
}

// The single value of a parameter that may appear once, or nullopt.
Result<std::optional<std::string_view>> Single(const QueryParams& query, std::string_view name) {
  auto [begin, end] = query.equal_range(name);
  if (begin == end) return std::optional<std::string_view>();
  if (std::next(begin) != end) return Bad(name, "given more than once");
  return std::optional<std::string_view>(begin->second);
}

Status ParseScalars(const QueryParams& query, const PageLimits& limits, Filters& filters) {
  QCCM_TRY(added_after, Single(query, kAddedAfter));
  if (added_after) {
    auto t = ParseTimestamp(*added_after);
    if (!t) {
      return Bad(kAddedAfter, Quoted(*added_after) +
                                  " is not a timestamp such as "
                                  "2024-01-31T12:00:00.000Z (" +
                                  t.error().message + ")");
    }
    filters.added_after = *t;
  }
  QCCM_TRY(limit, Single(query, kLimit));
  filters.limit = limits.default_size;
  if (limit) {
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (ec == std::errc::result_out_of_range && !limit->empty() && limit->front() != '-') {
      n = static_cast<std::int64_t>(limits.max_size);
    } else if (ec != std::errc{} || ptr != limit->data() + limit->size() || n < 1) {
      return Bad(kLimit, Quoted(*limit) + " is not a positive integer");
    }
    filters.limit = std::min(static_cast<std::size_t>(n), limits.max_size);
  }
  QCCM_TRY(next, Single(query, kNext));
  if (next) {
    if (next->empty()) return Bad(kNext, "empty");
    filters.next = std::string(*next);
  }
  return Ok();
}

void AppendList(std::string& out, std::string_view name, const std::vector<std::string>& items) {
  out += name;
  out += '=';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  out += '\n';
}

}  // namespace

std::string Filters::Canonical() const {
  std::string out;
  AppendList(out, "id", ids);
  AppendList(out, "type", types);
  AppendList(out, "spec_version", spec_versions);
  out += "version=";
  out += versions.first ? "f" : "";
  out += versions.last ? "l" : "";
  out += versions.all ? "a" : "";
  for (Timestamp t : versions.at) out += "," + std::to_string(t.micros);
  out += "\nadded_after=";
  out += added_after ? std::to_string(added_after->micros) : "-";
  out += '\n';
  return out;
}

Result<Filters> ParseFilters(const QueryParams& query, Endpoint endpoint,
                             const PageLimits& limits) {
  const std::vector<std::string_view> allowed = Allowed(endpoint);
  for (const auto& [name, value] : query) {
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return Bad(Quoted(name), list.empty() ? "this endpoint takes no URL parameters"
                                          : "unknown here; this endpoint takes " + list);
  }
  Filters filters;
  QCCM_TRY_STATUS(ParseIds(query, filters));
  QCCM_TRY_STATUS(ParseTypes(query, filters));
  QCCM_TRY_STATUS(ParseSpecVersions(query, filters));
  QCCM_TRY_STATUS(ParseVersions(query, filters));
  QCCM_TRY_STATUS(ParseScalars(query, limits, filters));
  return filters;
}

}  // namespace qccm::http::taxii
