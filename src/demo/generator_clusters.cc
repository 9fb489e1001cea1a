// One "case" of demo intelligence: a member's indicators in one collection, with what analysts
// attach to them (relationships to the catalogue, a campaign, sightings by members, observed
// data with SCOs, an incident at a located site, later indicator versions, a report).
#include <array>

#include "demo/generator_state.h"
#include "demo/vocabulary.h"

namespace qccm::demo {
namespace {

using stix::Tlp;

constexpr std::int64_t kSecond = 1000000;
constexpr std::int64_t kDay = 86400 * kSecond;

Marking ClusterMarking(Rng& rng, const DemoCollection& collection, std::size_t author) {
  static constexpr std::array<Tlp, 5> kLevels = {Tlp::kClear, Tlp::kGreen, Tlp::kAmber,
                                                 Tlp::kAmberStrict, Tlp::kRed};
  static constexpr std::array<unsigned, 5> kShared = {15, 45, 32, 8, 0};
  static constexpr std::array<unsigned, 5> kBilateral = {0, 20, 50, 30, 0};
  static constexpr std::array<unsigned, 5> kPrivate = {0, 0, 30, 50, 20};
  static constexpr std::array<unsigned, 5> kDropBox = {0, 50, 50, 0, 0};
  switch (collection.mode) {
    case SharingMode::kBilateral:
      return {kLevels[rng.Weighted(kBilateral)], 0};
    case SharingMode::kPrivate:
      return {kLevels[rng.Weighted(kPrivate)], 0};
    case SharingMode::kDropBox:
      return {kLevels[rng.Weighted(kDropBox)], 0};
    case SharingMode::kRestricted: {
      // TLP:RED naming one or two of the other members.
      MemberSet others = static_cast<MemberSet>(kAllMembers & ~MemberBit(author));
      MemberSet named = 0;
      std::size_t wanted = rng.Percent(60) ? 1 : 2;
      while (wanted > 0) {
        std::size_t m = rng.Index(kDemoMemberCount);
        if ((others & MemberBit(m)) && !(named & MemberBit(m))) {
          named |= MemberBit(m);
          --wanted;
        }
      }
      return {Tlp::kRed, named};
    }
    case SharingMode::kMechanismWide:
    case SharingMode::kReference:
      break;
  }
  return {kLevels[rng.Weighted(kShared)], 0};
}

// The marking of an object another member adds to the case: a TLP:RED audience stays the same
// (the case author and the members named), expressed from the new author's side.
Marking MarkingFor(const Marking& marking, std::size_t case_author, std::size_t author) {
  if (marking.tlp != Tlp::kRed || marking.shared_with == 0) return marking;
  MemberSet audience = static_cast<MemberSet>(marking.shared_with | MemberBit(case_author));
  return {Tlp::kRed, static_cast<MemberSet>(audience & ~MemberBit(author))};
}

struct Case {
  std::size_t collection = 0;
  std::size_t author = 0;
  Marking marking;
  MemberSet participants = 0;  // members who add sightings and observations
  const Entity* set = nullptr;
  const Entity* family = nullptr;
  Timestamp clock;
  std::vector<std::string> refs;  // what the closing report covers

  Timestamp Next(Rng& rng) {
    clock = Timestamp{clock.micros + rng.Between(1, 900) * kSecond + rng.Between(0, 999) * 1000};
    return clock;
  }
};

std::string EmitCampaign(GenState& s, Case& c) {
  Rng& rng = s.rng();
  std::string id = s.NewId("campaign");
  Timestamp when = c.Next(rng);
  JsonObject object = s.Begin("campaign", id, c.author, when, when);
  object.Str("name", "Operation " + Capitalised(rng.Pick(words::kAdjectives)) + " " +
                         Capitalised(rng.Pick(words::kNouns)));
  object.Str("description", "Campaign by the " + c.set->name + " intrusion set using " +
                                c.family->name + " (fictional).");
  object.Time("first_seen", Timestamp{when.micros - rng.Between(5, 120) * kDay});
  object.Time("last_seen", when);
  object.Str("objective", std::string(rng.Pick(words::kGoals)));
  s.Finish(object, c.marking);
  if (!s.Emit("campaign", id, c.collection, c.author)) return {};
  c.refs.push_back(id);
  for (auto [type, target] :
       {std::pair<std::string_view, const std::string*>{"attributed-to", &c.set->id},
        {"uses", &c.family->id}}) {
    std::string rel =
        EmitRelationship(s, type, id, *target, c.collection, c.author, c.Next(rng), c.marking);
    if (!rel.empty()) c.refs.push_back(rel);
  }
  return id;
}

void EmitSighting(GenState& s, Case& c, const IndicatorSpec& indicator) {
  Rng& rng = s.rng();
  std::size_t member = s.PickMember(c.participants);
  std::string id = s.NewId("sighting");
  Timestamp when = c.Next(rng);
  JsonObject object = s.Begin("sighting", id, member, when, when);
  object.Time("first_seen", Timestamp{when.micros - rng.Between(1, 72) * 3600 * kSecond});
  object.Time("last_seen", when);
  object.Int("count", rng.Between(1, 40));
  object.Str("sighting_of_ref", indicator.id);
  std::vector<std::string> where = {s.MemberIdentity(member)};
  if (rng.Percent(30)) where.push_back(rng.Pick(s.places).id);
  object.Strings("where_sighted_refs", where);
  s.Finish(object, MarkingFor(c.marking, c.author, member));
  if (s.Emit("sighting", id, c.collection, member)) c.refs.push_back(id);
}

void EmitObservedData(GenState& s, Case& c, const std::vector<Observable>& seen) {
  Rng& rng = s.rng();
  std::size_t member = s.PickMember(c.participants);
  std::vector<std::string> sco_ids;
  std::size_t count = std::min<std::size_t>(seen.size(), 1 + rng.Index(3));
  for (std::size_t i = 0; i < count; ++i) {
    const Observable& observable = seen[rng.Index(seen.size())];
    std::string sco_id = ScoId(observable);
    s.EmitScoOnce(observable, sco_id, c.collection, member,
                  MarkingFor(c.marking, c.author, member));
    sco_ids.push_back(std::move(sco_id));
  }
  std::string id = s.NewId("observed-data");
  Timestamp when = c.Next(rng);
  JsonObject object = s.Begin("observed-data", id, member, when, when);
  object.Time("first_observed", Timestamp{when.micros - rng.Between(1, 48) * 3600 * kSecond});
  object.Time("last_observed", when);
  object.Int("number_observed", rng.Between(1, 25));
  object.Strings("object_refs", sco_ids);
  s.Finish(object, MarkingFor(c.marking, c.author, member));
  if (s.Emit("observed-data", id, c.collection, member)) c.refs.push_back(id);
}

void EmitIncident(GenState& s, Case& c) {
  Rng& rng = s.rng();
  const words::CityEntry& city = rng.Pick(words::kCities);
  const DemoMember& state = DemoMembers()[city.member];
  std::string_view venue = rng.Pick(words::kVenues);
  std::string location_id = s.NewId("location");
  Timestamp when = c.Next(rng);
  JsonObject site = s.Begin("location", location_id, c.author, when, when);
  site.Str("name", "Site of " + std::string(venue.substr(venue.find(' ') + 1)) + ", " +
                       std::string(city.name));
  site.Str("region", state.region).Str("country", state.country);
  site.Str("administrative_area", city.area).Str("city", city.name);
  site.Decimal("latitude", city.latitude_e4 + rng.Between(-400, 400), 4);
  site.Decimal("longitude", city.longitude_e4 + rng.Between(-400, 400), 4);
  site.Int("precision", 100 * rng.Between(1, 20));
  s.Finish(site, c.marking);
  if (!s.Emit("location", location_id, c.collection, c.author)) return;
  c.refs.push_back(location_id);

  std::string id = s.NewId("incident");
  when = c.Next(rng);
  JsonObject incident = s.Begin("incident", id, c.author, when, when);
  incident.Str("name", std::string(rng.Pick(words::kIncidentKinds)) + " " + std::string(venue) +
                           " in " + std::string(city.name));
  incident.Str("description", "Fictional incident in " + std::string(state.state) + " handled by " +
                                  std::string(DemoMembers()[c.author].code) + "; linked to " +
                                  c.set->name + ".");
  s.Finish(incident, c.marking);
  if (!s.Emit("incident", id, c.collection, c.author)) return;
  c.refs.push_back(id);
  for (auto [type, target] :
       {std::pair<std::string_view, const std::string*>{"located-at", &location_id},
        {"attributed-to", &c.set->id}}) {
    std::string rel =
        EmitRelationship(s, type, id, *target, c.collection, c.author, c.Next(rng), c.marking);
    if (!rel.empty()) c.refs.push_back(rel);
  }
}

void EmitReport(GenState& s, Case& c, std::string_view campaign_id) {
  Rng& rng = s.rng();
  std::string id = s.NewId("report");
  Timestamp when = c.Next(rng);
  const DemoMember& member = DemoMembers()[c.author];
  if (c.refs.size() > 200) c.refs.resize(200);
  JsonObject object = s.Begin("report", id, c.author, when, when);
  object.Str("name",
             std::string(member.code) + " case report: " + c.set->name + " / " + c.family->name);
  object.Str("description", "Summary of a case handled by " + std::string(member.code) +
                                ": indicators, sightings and context. Fictional demo data.");
  object.Strings("report_types", {campaign_id.empty() ? "threat-report" : "campaign"});
  object.Time("published", when);
  object.Strings("object_refs", c.refs);
  s.Finish(object, c.marking);
  s.Emit("report", id, c.collection, c.author);
}

Case OpenCase(GenState& s) {
  Rng& rng = s.rng();
  auto collections = DemoCollections();
  std::array<unsigned, 16> weights{};
  for (std::size_t i = 0; i < collections.size(); ++i) weights[i] = collections[i].weight;
  Case c;
  c.collection = rng.Weighted(std::span(weights.data(), collections.size()));
  const DemoCollection& collection = collections[c.collection];
  c.author = s.PickMember(collection.writers);
  c.marking = ClusterMarking(rng, collection, c.author);
  c.participants = collection.writers;
  if (c.marking.tlp == Tlp::kRed) {
    c.participants &= static_cast<MemberSet>(c.marking.shared_with | MemberBit(c.author));
  }
  c.set = &rng.Pick(s.intrusion_sets);
  c.family = &rng.Pick(s.malware);
  c.clock = s.Now(6 * 3600);
  return c;
}

// One indicator of the case with what hangs off it. Returns false once the output is full.
bool EmitCaseIndicator(GenState& s, Case& c, const std::string& campaign_id,
                       std::vector<Observable>& seen, std::vector<IndicatorSpec>& updates) {
  Rng& rng = s.rng();
  IndicatorSpec spec = MakeIndicator(s, c.author, c.marking, c.Next(rng), *c.family, *c.set);
  WriteIndicator(s, spec);
  if (!s.Emit("indicator", spec.id, c.collection, c.author)) return false;
  c.refs.push_back(spec.id);
  s.MaybeReshare("indicator", spec.id, c.collection, c.author, c.marking, 8);
  if (rng.Percent(80)) {
    const std::string& target = !campaign_id.empty() && rng.Percent(30) ? campaign_id
                                : rng.Percent(80)                       ? c.family->id
                                                                        : c.set->id;
    std::string rel = EmitRelationship(s, "indicates", spec.id, target, c.collection, c.author,
                                       c.Next(rng), c.marking);
    if (!rel.empty()) c.refs.push_back(rel);
  }
  if (rng.Percent(30)) EmitSighting(s, c, spec);
  if (seen.size() < 8) seen.insert(seen.end(), spec.observables.begin(), spec.observables.end());
  if (rng.Percent(3)) {
    // A later version: withdrawn as a false positive, or re-assessed.
    spec.modified = Timestamp{spec.created.micros + rng.Between(2, 60) * kDay};
    if (rng.Percent(50)) {
      spec.revoked = true;
    } else {
      spec.confidence = spec.confidence >= 50 ? spec.confidence - 20 : spec.confidence + 30;
    }
    updates.push_back(std::move(spec));
  }
  return true;
}

}  // namespace

void EmitCluster(GenState& s) {
  Rng& rng = s.rng();
  Case c = OpenCase(s);
  std::string campaign_id = rng.Percent(35) ? EmitCampaign(s, c) : std::string();
  std::vector<Observable> seen;
  std::vector<IndicatorSpec> updates;
  for (std::int64_t i = 0, n = rng.Between(6, 24); i < n; ++i) {
    if (!EmitCaseIndicator(s, c, campaign_id, seen, updates)) return;
  }
  if (rng.Percent(40) && !seen.empty()) EmitObservedData(s, c, seen);
  if (rng.Percent(25)) EmitIncident(s, c);
  for (const IndicatorSpec& update : updates) {
    WriteIndicator(s, update);
    s.Emit("indicator", update.id, c.collection, c.author);
  }
  if (rng.Percent(60) && !c.refs.empty()) EmitReport(s, c, campaign_id);
}

}  // namespace qccm::demo
