// One Boost.JSON parse per object (error_code API): observables, references, provenance.
#include "qccm/correlation/clue_parse.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "qccm/correlation/observable_extract.h"

namespace qccm::correlation {
namespace {

namespace json = boost::json;

std::string_view StringAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return {};
  return {v->get_string().data(), v->get_string().size()};
}

void AddDistinct(std::vector<Observable>& out, Observable o) {
  if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(std::move(o));
}

void ReadProvenance(const json::object& o, ParsedClue& clue) {
  if (const json::value* v = o.if_contains("x_qccm_source_member")) {
    if (v->is_string()) {
      clue.source_member_codes.emplace_back(v->get_string());
    } else if (v->is_array()) {
      for (const auto& e : v->get_array()) {
        if (e.is_string()) clue.source_member_codes.emplace_back(e.get_string());
      }
    }
  }
  if (const json::value* refs = o.if_contains("external_references"); refs && refs->is_array()) {
    for (const auto& r : refs->get_array()) {
      if (!r.is_object()) continue;
      if (StringAt(r.get_object(), "source_name") != "qccm-member") continue;
      if (auto code = StringAt(r.get_object(), "external_id"); !code.empty()) {
        clue.source_member_codes.emplace_back(code);
      }
    }
  }
  clue.created_by_ref = std::string(StringAt(o, "created_by_ref"));
}

void ReadIndicator(const json::object& o, ParsedClue& clue) {
  if (StringAt(o, "pattern_type") != "stix") return;
  clue.pattern_text = std::string(StringAt(o, "pattern"));
  auto pattern = stix::ParsePattern(clue.pattern_text);
  if (!pattern) return;
  for (auto& e : ExtractFromPattern(*pattern).observables)
    AddDistinct(clue.observables, e.observable);
  clue.pattern = std::move(*pattern);
  if (auto from = ParseTimestamp(StringAt(o, "valid_from"))) clue.valid_from = *from;
  if (auto until = ParseTimestamp(StringAt(o, "valid_until"))) clue.valid_until = *until;
}

}  // namespace

std::string_view ClueKindName(ClueKind kind) {
  switch (kind) {
    case ClueKind::kIndicator:
      return "indicator";
    case ClueKind::kObservedData:
      return "observed-data";
    case ClueKind::kSco:
      return "sco";
    case ClueKind::kSighting:
      return "sighting";
    case ClueKind::kOpinion:
      return "opinion";
    case ClueKind::kIdentity:
      return "identity";
    case ClueKind::kOther:
      return "other";
  }
  return "other";
}

ParsedClue ParseClue(std::string_view text) {
  ParsedClue clue;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return clue;
  const json::object& o = value.get_object();
  std::string_view type = StringAt(o, "type");
  clue.id = std::string(StringAt(o, "id"));
  ReadProvenance(o, clue);
  if (type == "indicator") {
    clue.kind = ClueKind::kIndicator;
    ReadIndicator(o, clue);
  } else if (type == "sighting") {
    clue.kind = ClueKind::kSighting;
    clue.stance = 1;
    if (auto target = StringAt(o, "sighting_of_ref"); !target.empty()) {
      clue.target_refs.emplace_back(target);
    }
  } else if (type == "opinion") {
    clue.kind = ClueKind::kOpinion;
    std::string_view opinion = StringAt(o, "opinion");
    clue.stance = (opinion == "agree" || opinion == "strongly-agree")         ? 1
                  : (opinion == "disagree" || opinion == "strongly-disagree") ? -1
                                                                              : 0;
    if (const json::value* refs = o.if_contains("object_refs"); refs && refs->is_array()) {
      for (const auto& r : refs->get_array()) {
        if (r.is_string()) clue.target_refs.emplace_back(r.get_string());
      }
    }
  } else if (type == "identity") {
    clue.kind = ClueKind::kIdentity;
    clue.member_code = std::string(StringAt(o, "x_qccm_member_code"));
  } else if (type == "observed-data") {
    clue.kind = ClueKind::kObservedData;
    if (auto extraction = ExtractFromObservedData(text)) {
      for (auto& e : extraction->observables) AddDistinct(clue.observables, e.observable);
    }
  } else {
    if (auto extraction = ExtractFromSco(text); extraction && !extraction->observables.empty()) {
      clue.kind = ClueKind::kSco;
      for (auto& e : extraction->observables) AddDistinct(clue.observables, e.observable);
    }
  }
  return clue;
}

}  // namespace qccm::correlation
