// JSON rendering of the /api/v1 resources. Times are RFC 3339 with milliseconds.
#include "http/routes/correlation_json.h"

#include <boost/json.hpp>

namespace qccm::http::routes {
namespace {

namespace json = boost::json;
using namespace correlation;

json::string Time(Timestamp t) { return json::string(FormatTimestamp(t)); }

json::value OptionalTime(const std::optional<Timestamp>& t) {
  return t ? json::value(Time(*t)) : json::value(nullptr);
}

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

json::object GradeJson(const GradeView& g) {
  json::object o;
  o["admiralty"] = FormatAdmiralty(g.admiralty);
  o["reliability"] = std::string(1, ReliabilityLetter(g.admiralty.reliability));
  o["reliability_name"] = ReliabilityName(g.admiralty.reliability);
  o["credibility"] = std::string(1, CredibilityDigit(g.admiralty.credibility));
  o["credibility_name"] = CredibilityName(g.admiralty.credibility);
  o["europol"] = FormatEuropol(g.europol);
  o["stix_confidence"] = g.stix_confidence ? json::value(*g.stix_confidence) : json::value(nullptr);
  o["graded_by"] = g.graded_by;
  o["graded_at"] = Time(g.graded_at);
  o["rule"] = g.rule;
  o["reliability_of"] = g.reliability_of;
  o["reliability_rated"] = g.reliability_rated;
  return o;
}

}  // namespace

json::value ObservableJson(const Observable& o) {
  return json::object{{"type", ObservableTypeName(o.type)}, {"value", o.value}};
}

json::value AnswerJson(const ObservableAnswer& a) {
  json::object o;
  o["observable"] = ObservableJson(a.observable);
  if (!a.excluded.empty()) o["excluded"] = a.excluded;
  json::array carriers;
  for (const auto& c : a.carriers) {
    carriers.push_back(json::object{{"id", c.id},
                                    {"type", c.type},
                                    {"collection", c.collection_id},
                                    {"member", c.member},
                                    {"first_seen", Time(c.first_seen)},
                                    {"last_seen", Time(c.last_seen)}});
  }
  o["carriers"] = std::move(carriers);
  o["members"] = a.members;
  o["independent_sources"] = a.independent_sources;
  o["first_seen"] = OptionalTime(a.first_seen);
  o["last_seen"] = OptionalTime(a.last_seen);
  o["truncated"] = a.truncated;
  o["hit"] = a.hit;
  if (a.hit) o["hit_message"] = "hit: the holder has been notified";
  return o;
}

json::value MatchJson(const std::vector<MatchAnswer>& answers) {
  json::array results;
  for (const auto& a : answers) {
    json::object r{{"index", a.index}};
    if (a.observable) r["observable"] = ObservableJson(*a.observable);
    if (!a.error.empty()) r["error"] = a.error;
    r["indicators"] = Strings(a.indicators);
    r["hit"] = a.hit;
    if (a.hit) r["hit_message"] = "hit: the holder has been notified";
    results.push_back(std::move(r));
  }
  return json::object{{"results", std::move(results)}};
}

json::value AssertionJson(const GradeAssertion& a, const std::string& member) {
  std::string grade{a.reliability, a.credibility};
  return json::object{{"id", a.id},
                      {"member", member},
                      {"admiralty", grade},
                      {"scale", a.scale},
                      {"original", a.original},
                      {"note", a.note},
                      {"asserted_at", Time(a.asserted_at)}};
}

json::value TrackRecordJson(const TrackRecord& t) {
  return json::object{{"member", t.member},       {"clues", t.clues},
                      {"confirmed", t.confirmed}, {"refuted", t.refuted},
                      {"contested", t.contested}, {"unconfirmed", t.unconfirmed}};
}

json::value ClueJson(const ClueView& c) {
  json::object o;
  o["id"] = c.id;
  o["type"] = c.type;
  o["author"] = c.author;
  o["collections"] = Strings(c.collections);
  o["first_seen"] = Time(c.first_seen);
  o["last_seen"] = Time(c.last_seen);
  json::array observables;
  for (const auto& ob : c.observables) observables.push_back(ObservableJson(ob));
  o["observables"] = std::move(observables);
  o["corroboration"] = json::object{{"confirming_sources", c.confirming},
                                    {"refuting_sources", c.refuting},
                                    {"reporting_members", c.reporting_members},
                                    {"contradicted", c.contradicted},
                                    {"contradictions", Strings(c.contradictions)}};
  json::array timeline;
  for (const auto& t : c.timeline) {
    json::object e{{"time", Time(t.time)},         {"kind", t.kind},
                   {"object_id", t.object_id},     {"member", t.member},
                   {"independent", t.independent}, {"refutes", t.refutes}};
    if (!t.circular_of.empty()) e["circular_of"] = t.circular_of;
    timeline.push_back(std::move(e));
  }
  o["timeline"] = std::move(timeline);
  o["grade"] = GradeJson(c.grade);
  json::array assertions;
  for (std::size_t i = 0; i < c.assertions.size(); ++i) {
    assertions.push_back(AssertionJson(c.assertions[i], c.assertion_members[i]));
  }
  o["assertions"] = std::move(assertions);
  o["author_track_record"] = TrackRecordJson(c.author_track_record);
  return o;
}

json::value NotificationJson(const Notification& n, const MemberCodes& codes) {
  json::object o{{"id", n.id},
                 {"kind", n.kind},
                 {"state", n.state},
                 {"message", n.message},
                 {"created", Time(n.created)}};
  if (n.about_member != 0) o["member"] = codes(n.about_member);
  if (!n.observable.empty()) o["observable"] = n.observable;
  o["object_ids"] = Strings(n.object_ids);
  if (!n.rfi_id.empty()) o["rfi_id"] = n.rfi_id;
  o["answered_at"] = OptionalTime(n.answered_at);
  return o;
}

json::value RfiResponseJson(const RfiResponse& r, const std::string& member) {
  return json::object{{"id", r.id},
                      {"member", member},
                      {"verdict", r.verdict},
                      {"text", r.text},
                      {"collection", r.collection_id},
                      {"object_ids", Strings(r.object_ids)},
                      {"responded_at", Time(r.responded_at)}};
}

json::value RfiJson(const RfiView& v) {
  const Rfi& r = v.rfi;
  json::object o{{"id", r.id},
                 {"requester", v.requester},
                 {"question", r.question},
                 {"priority", r.priority},
                 {"due", Time(r.due)},
                 {"state", r.state},
                 {"created", Time(r.created)}};
  o["clue_id"] = r.clue_id.empty() ? json::value(nullptr) : json::value(r.clue_id);
  o["observable"] = r.observable.empty() ? json::value(nullptr) : json::value(r.observable);
  o["to"] = v.addressees.empty() ? json::value("all") : json::value(Strings(v.addressees));
  o["closed_at"] = OptionalTime(r.closed_at);
  json::array responses;
  for (std::size_t i = 0; i < v.responses.size(); ++i) {
    responses.push_back(RfiResponseJson(v.responses[i], v.responders[i]));
  }
  o["responses"] = std::move(responses);
  return o;
}

}  // namespace qccm::http::routes
