// The demo node's foundation (TLP 2.0 marking definitions, the QCCM sharing extension
// definition, one identity per member) and its catalogue of fictional threat actors, intrusion
// sets, malware families, tools, attack patterns and places, with the relationships between them.
#include <algorithm>
#include <unordered_set>

#include "demo/generator_state.h"
#include "demo/vocabulary.h"
#include "qccm/stix/validator.h"

namespace qccm::demo {
namespace {

using stix::Tlp;

constexpr std::string_view kTlp20ExtensionId =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

std::size_t Shared() { return DemoCollectionIndex(SharingMode::kMechanismWide); }

Marking PublicMarking(Rng& rng) { return {rng.Percent(40) ? Tlp::kClear : Tlp::kGreen, 0}; }

// Makes `make()` names until one is new (then appends a number).
template <typename Make>
std::string UniqueName(std::unordered_set<std::string>& used, Make make) {
  std::string name = make();
  for (int attempt = 2; used.contains(name); ++attempt) {
    name = make() + (attempt > 4 ? " " + std::to_string(attempt) : std::string());
  }
  used.insert(name);
  return name;
}

Timestamp DaysBefore(Timestamp t, std::int64_t days) { return {t.micros - days * 86400000000LL}; }

void EmitMarkingDefinitions(GenState& s) {
  // The canonical TLP 2.0 marking definitions, byte for byte in the form OASIS publishes.
  static constexpr std::array<std::pair<Tlp, std::string_view>, 5> kLevels = {{
      {Tlp::kClear, "clear"},
      {Tlp::kGreen, "green"},
      {Tlp::kAmber, "amber"},
      {Tlp::kAmberStrict, "amber+strict"},
      {Tlp::kRed, "red"},
  }};
  for (const auto& [level, value] : kLevels) {
    std::string_view id = stix::TlpMarkingId(level);
    s.json().clear();
    JsonObject object(s.json());
    object.Str("type", "marking-definition").Str("spec_version", "2.1").Str("id", id);
    object.Str("created", "2022-10-01T00:00:00.000Z");
    object.Str("name", "TLP:" + std::string(stix::TlpName(level)));
    JsonObject extensions(object.Key("extensions"));
    JsonObject tlp(extensions.Key(kTlp20ExtensionId));
    tlp.Str("extension_type", "property-extension").Str("tlp_2_0", value);
    tlp.Close();
    extensions.Close();
    object.Close();
    s.Emit("marking-definition", id, Shared(), 0);
  }
}

void EmitSharingExtensionDefinition(GenState& s, Timestamp when) {
  JsonObject object = s.Begin("extension-definition", stix::kQccmSharingExtensionId, 0, when, when);
  object.Str("name", "QCCM sharing");
  object.Str("description",
             "Names the member agencies of the mechanism a TLP:RED object is shared with.");
  object.Str("schema",
             "A property extension with one property, shared_with: a non-empty list of QCCM "
             "member codes (2-32 characters of A-Z, 0-9, '-' and '_'). The object's author and "
             "the members named may read it; nobody else.");
  object.Str("version", "1.0.0").Strings("extension_types", {"property-extension"});
  s.Finish(object, {Tlp::kClear, 0});
  s.Emit("extension-definition", stix::kQccmSharingExtensionId, Shared(), 0);
}

void EmitIdentities(GenState& s, Timestamp when) {
  for (std::size_t m = 0; m < kDemoMemberCount; ++m) {
    const DemoMember& member = DemoMembers()[m];
    const std::string& id = s.MemberIdentity(m);
    JsonObject object = s.Begin("identity", id, m, when, when);
    object.Str("name", member.name);
    object.Str("description", "Member agency of the fictional " + std::string(member.state) +
                                  " in the demo mechanism (code " + std::string(member.code) +
                                  ").");
    object.Str("identity_class", "organization").Strings("sectors", {"government"});
    std::string mailbox = "liaison@";
    for (char c : member.code) mailbox.push_back(c == '-' ? '-' : static_cast<char>(c | 0x20));
    object.Str("contact_information", "Liaison desk: " + mailbox + ".example");
    s.Finish(object, {Tlp::kClear, 0});
    s.Emit("identity", id, Shared(), m);
  }
}

void EmitPlaces(GenState& s) {
  for (std::size_t i = 0; i < s.places.size() && !s.Full(); ++i) {
    const Entity& place = s.places[i];
    const words::CityEntry& city = words::kCities[i];
    const DemoMember& member = DemoMembers()[city.member];
    Timestamp when = s.Now(86400);
    JsonObject object = s.Begin("location", place.id, city.member, when, when);
    object.Str("name", place.name + ", " + std::string(member.state));
    object.Str("description", "A city of the fictional " + std::string(member.state) + ".");
    object.Str("region", member.region).Str("country", member.country);
    object.Str("administrative_area", city.area).Str("city", city.name);
    object.Decimal("latitude", city.latitude_e4, 4).Decimal("longitude", city.longitude_e4, 4);
    s.Finish(object, {Tlp::kClear, 0});
    s.Emit("location", place.id, Shared(), city.member);
  }
}

void EmitAttackPatterns(GenState& s) {
  for (std::size_t i = 0; i < s.attack_patterns.size() && !s.Full(); ++i) {
    const Entity& entity = s.attack_patterns[i];
    const words::AttackPatternEntry& entry = words::kAttackPatterns[i];
    std::size_t author = s.rng().Index(kDemoMemberCount);
    Timestamp when = s.Now(86400);
    JsonObject object = s.Begin("attack-pattern", entity.id, author, when, when);
    object.Str("name", entity.name);
    object.Str("description", "Technique seen in cases handled by the mechanism (ATT&CK " +
                                  std::string(entry.technique) + ").");
    std::string& refs = object.Key("external_references");
    refs.push_back('[');
    JsonObject ref(refs);
    ref.Str("source_name", "mitre-attack").Str("external_id", entry.technique);
    ref.Close();
    refs.push_back(']');
    std::string& phases = object.Key("kill_chain_phases");
    phases.push_back('[');
    JsonObject phase(phases);
    phase.Str("kill_chain_name", "mitre-attack").Str("phase_name", entry.phase);
    phase.Close();
    phases.push_back(']');
    s.Finish(object, PublicMarking(s.rng()));
    s.Emit("attack-pattern", entity.id, Shared(), author);
  }
}

void EmitTools(GenState& s) {
  for (const Entity& tool : s.tools) {
    if (s.Full()) return;
    std::size_t author = s.rng().Index(kDemoMemberCount);
    Timestamp when = s.Now(86400);
    JsonObject object = s.Begin("tool", tool.id, author, when, when);
    object.Str("name", tool.name);
    object.Str("description", "Dual-use utility abused by several groups in the demo data.");
    object.Strings("tool_types", {words::kToolTypes[tool.index]});
    object.Str("tool_version",
               std::to_string(1 + s.rng().Below(4)) + "." + std::to_string(s.rng().Below(10)));
    s.Finish(object, PublicMarking(s.rng()));
    s.Emit("tool", tool.id, Shared(), author);
  }
}

void EmitMalware(GenState& s) {
  for (const Entity& family : s.malware) {
    if (s.Full()) return;
    std::size_t author = s.rng().Index(kDemoMemberCount);
    Timestamp when = s.Now(86400);
    std::string_view type = words::kMalwareTypes[family.index];
    JsonObject object = s.Begin("malware", family.id, author, when, when);
    object.Str("name", family.name);
    object.Str("description", "Fictional " + std::string(type) +
                                  " family used by groups tracked in the demo data.");
    object.Strings("malware_types", {type}).Bool("is_family", true);
    object.Time("first_seen", DaysBefore(when, s.rng().Between(30, 900)));
    s.Finish(object, PublicMarking(s.rng()));
    s.Emit("malware", family.id, Shared(), author);
  }
}

void EmitThreatActors(GenState& s) {
  Rng& rng = s.rng();
  for (const Entity& actor : s.threat_actors) {
    if (s.Full()) return;
    std::size_t author = rng.Index(kDemoMemberCount);
    Timestamp when = s.Now(86400);
    const DemoMember& home = DemoMembers()[actor.index];
    JsonObject object = s.Begin("threat-actor", actor.id, author, when, when);
    object.Str("name", actor.name);
    object.Str("description", "Fictional violent network active in " + std::string(home.state) +
                                  ", tracked by the demo mechanism.");
    object.Strings("threat_actor_types", {rng.Pick(words::kThreatActorTypes)});
    object.Strings("aliases", {"TA-" + std::to_string(1000 + rng.Below(9000))});
    object.Time("first_seen", DaysBefore(when, rng.Between(200, 2500)));
    object.Strings("roles", {rng.Pick(words::kActorRoles)});
    object.Strings("goals", {rng.Pick(words::kGoals), rng.Pick(words::kGoals)});
    object.Str("sophistication", rng.Pick(words::kSophistication));
    object.Str("resource_level", rng.Pick(words::kResourceLevels));
    object.Str("primary_motivation", rng.Pick(words::kMotivations));
    s.Finish(object, PublicMarking(rng));
    s.Emit("threat-actor", actor.id, Shared(), author);
  }
}

void EmitIntrusionSets(GenState& s) {
  Rng& rng = s.rng();
  for (const Entity& set : s.intrusion_sets) {
    if (s.Full()) return;
    std::size_t author = rng.Index(kDemoMemberCount);
    Timestamp when = s.Now(86400);
    JsonObject object = s.Begin("intrusion-set", set.id, author, when, when);
    object.Str("name", set.name);
    object.Str("description", "Activity cluster attributed to " + s.threat_actors[set.index].name +
                                  " (fictional).");
    object.Strings("aliases", {"IS-" + std::to_string(100 + rng.Below(900))});
    object.Time("first_seen", DaysBefore(when, rng.Between(100, 1500)));
    object.Strings("goals", {rng.Pick(words::kGoals)});
    object.Str("resource_level", rng.Pick(words::kResourceLevels));
    object.Str("primary_motivation", rng.Pick(words::kMotivations));
    s.Finish(object, PublicMarking(rng));
    s.Emit("intrusion-set", set.id, Shared(), author);
  }
}

void EmitCatalogueRelationships(GenState& s) {
  Rng& rng = s.rng();
  auto link = [&](std::string_view type, const Entity& from, const Entity& to) {
    if (s.Full()) return;
    EmitRelationship(s, type, from.id, to.id, Shared(), rng.Index(kDemoMemberCount), s.Now(86400),
                     PublicMarking(rng));
  };
  for (const Entity& set : s.intrusion_sets) {
    link("attributed-to", set, s.threat_actors[set.index]);
    link("uses", set, rng.Pick(s.malware));
    link("uses", set, rng.Pick(s.malware));
    link("uses", set, rng.Pick(s.tools));
    link("uses", set, rng.Pick(s.attack_patterns));
    link("uses", set, rng.Pick(s.attack_patterns));
    link("targets", set, rng.Pick(s.places));
  }
  for (const Entity& actor : s.threat_actors) link("targets", actor, rng.Pick(s.places));
  for (const Entity& family : s.malware) link("uses", family, rng.Pick(s.attack_patterns));
}

}  // namespace

void BuildCatalogue(GenState& s) {
  Rng& rng = s.rng();
  std::size_t n = s.options().objects;
  std::unordered_set<std::string> used;
  auto count = [n](std::size_t divisor, std::size_t low, std::size_t high) {
    return std::clamp<std::size_t>(n / divisor, low, high);
  };
  for (std::size_t i = 0, end = count(2500, 4, 400); i < end; ++i) {
    std::string name = UniqueName(used, [&] {
      return Capitalised(rng.Pick(words::kAdjectives)) + " " +
             Capitalised(rng.Pick(words::kNouns)) + " " + std::string(rng.Pick(words::kGroupWords));
    });
    s.threat_actors.push_back({s.NewId("threat-actor"), name, rng.Index(kDemoMemberCount)});
  }
  for (std::size_t i = 0, end = count(2000, 5, 500); i < end; ++i) {
    std::string name = UniqueName(used, [&] {
      return Capitalised(rng.Pick(words::kAdjectives)) + " " + Capitalised(rng.Pick(words::kNouns));
    });
    s.intrusion_sets.push_back({s.NewId("intrusion-set"), name, rng.Index(s.threat_actors.size())});
  }
  for (std::size_t i = 0, end = count(1200, 8, 800); i < end; ++i) {
    std::string name = UniqueName(used, [&] {
      return Capitalised(rng.Pick(words::kNouns)) + std::string(rng.Pick(words::kMalwareSuffixes));
    });
    s.malware.push_back({s.NewId("malware"), name, rng.Index(words::kMalwareTypes.size())});
  }
  for (std::string_view name : words::kToolNames) {
    s.tools.push_back({s.NewId("tool"), std::string(name), rng.Index(words::kToolTypes.size())});
  }
  for (const auto& entry : words::kAttackPatterns) {
    s.attack_patterns.push_back({s.NewId("attack-pattern"), std::string(entry.name), 0});
  }
  for (const auto& city : words::kCities) {
    s.places.push_back({s.NewId("location"), std::string(city.name), city.member});
  }
}

void EmitFoundation(GenState& s) {
  Timestamp when = s.Now(0);
  EmitMarkingDefinitions(s);
  EmitSharingExtensionDefinition(s, when);
  EmitIdentities(s, when);
}

void EmitCatalogue(GenState& s) {
  EmitPlaces(s);
  EmitAttackPatterns(s);
  EmitTools(s);
  EmitMalware(s);
  EmitThreatActors(s);
  EmitIntrusionSets(s);
  EmitCatalogueRelationships(s);
}

}  // namespace qccm::demo
