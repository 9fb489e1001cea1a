// Demo indicators: a STIX pattern over documentation-range observables, with the name,
// description, validity, confidence, kill-chain phase and case references analysts write.
#include <array>

#include "demo/generator_state.h"
#include "demo/vocabulary.h"

namespace qccm::demo {
namespace {

constexpr std::int64_t kDay = 86400000000LL;

std::string_view PhaseFor(std::string_view label) {
  if (label == "c2") return "command-and-control";
  if (label == "phishing" || label == "credential-theft") return "initial-access";
  if (label == "malware-delivery") return "execution";
  if (label == "ddos") return "impact";
  return "resource-development";
}

std::string LowerCode(std::string_view code) {
  std::string lower;
  for (char c : code) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  return lower;
}

// A short analyst note (indicators stay near 650 bytes, as in real feeds).
std::string Describe(Rng& rng, const IndicatorSpec& spec, const Entity& malware,
                     const Entity& set) {
  std::string code(DemoMembers()[spec.author].code);
  switch (rng.Index(3)) {
    case 0:
      return "Reported by " + code + "; linked to " + malware.name + " (" + set.name + ").";
    case 1:
      return "Seen by " + code + " in an open case; " + set.name + " activity.";
    default:
      return "Block and report hits to the " + code + " liaison desk.";
  }
}

}  // namespace

IndicatorSpec MakeIndicator(GenState& s, std::size_t author, const Marking& marking,
                            Timestamp created, const Entity& malware, const Entity& set) {
  Rng& rng = s.rng();
  IndicatorSpec spec;
  spec.id = s.NewId("indicator");
  spec.author = author;
  spec.marking = marking;
  spec.created = spec.modified = created;
  spec.valid_from = created;
  PatternForm form = PickPatternForm(rng);
  for (ObservableKind kind : FormKinds(form)) spec.observables.push_back(s.ObservableFor(kind));
  std::array<const Observable*, 2> pointers{};
  for (std::size_t i = 0; i < spec.observables.size(); ++i) pointers[i] = &spec.observables[i];
  spec.pattern = BuildPattern(rng, form, std::span(pointers.data(), spec.observables.size()));
  if (rng.Percent(15)) spec.valid_until = Timestamp{created.micros + rng.Between(30, 365) * kDay};
  static constexpr std::array<std::string_view, 4> kTypes = {"malicious-activity", "attribution",
                                                             "compromised", "anomalous-activity"};
  static constexpr std::array<unsigned, 4> kTypeWeights = {70, 10, 10, 10};
  spec.indicator_type = kTypes[rng.Weighted(kTypeWeights)];
  if (rng.Percent(10)) spec.kill_chain_phase = PhaseFor(spec.pattern.label);
  static constexpr std::array<int, 7> kConfidence = {15, 30, 50, 60, 70, 85, 95};
  spec.confidence = rng.Pick(kConfidence);
  const DemoMember& member = DemoMembers()[author];
  std::string year = FormatTimestamp(created).substr(0, 4);
  if (rng.Percent(18)) {
    spec.case_id =
        std::string(member.code) + "-" + year + "-" + std::to_string(10000 + rng.Below(90000));
  }
  if (rng.Percent(5)) {
    spec.advisory_url = "https://advisories." + LowerCode(member.code) + ".example/" + year + "/" +
                        std::to_string(100 + rng.Below(900));
  }
  if (rng.Percent(50)) spec.description = Describe(rng, spec, malware, set);
  return spec;
}

void WriteIndicator(GenState& s, const IndicatorSpec& spec) {
  JsonObject object = s.Begin("indicator", spec.id, spec.author, spec.created, spec.modified);
  object.Str("name", spec.pattern.name);
  if (!spec.description.empty()) object.Str("description", spec.description);
  object.Strings("indicator_types", {spec.indicator_type});
  object.Str("pattern", spec.pattern.pattern).Str("pattern_type", "stix");
  object.Time("valid_from", spec.valid_from);
  if (spec.valid_until) object.Time("valid_until", *spec.valid_until);
  if (!spec.kill_chain_phase.empty()) {
    std::string& phases = object.Key("kill_chain_phases");
    phases.push_back('[');
    JsonObject phase(phases);
    phase.Str("kill_chain_name", "mitre-attack").Str("phase_name", spec.kill_chain_phase);
    phase.Close();
    phases.push_back(']');
  }
  object.Strings("labels", {spec.pattern.label}).Int("confidence", spec.confidence);
  if (spec.revoked) object.Bool("revoked", true);
  if (!spec.case_id.empty() || !spec.advisory_url.empty()) {
    std::string& refs = object.Key("external_references");
    refs.push_back('[');
    if (!spec.case_id.empty()) {
      JsonObject ref(refs);
      ref.Str("source_name", LowerCode(DemoMembers()[spec.author].code) + "-case-file");
      ref.Str("external_id", spec.case_id);
      ref.Close();
    }
    if (!spec.advisory_url.empty()) {
      if (refs.back() == '}') refs.push_back(',');
      JsonObject ref(refs);
      ref.Str("source_name", "member-advisory").Str("url", spec.advisory_url);
      ref.Close();
    }
    refs.push_back(']');
  }
  s.Finish(object, spec.marking);
}

void EmitIndicatorStream(GenState& s) {
  Rng& rng = s.rng();
  static constexpr std::array<stix::Tlp, 4> kLevels = {stix::Tlp::kClear, stix::Tlp::kGreen,
                                                       stix::Tlp::kAmber, stix::Tlp::kAmberStrict};
  static constexpr std::array<unsigned, 4> kLevelWeights = {15, 45, 30, 10};
  std::size_t shared = DemoCollectionIndex(SharingMode::kMechanismWide);
  while (!s.Full()) {
    std::size_t author = rng.Index(kDemoMemberCount);
    Marking marking{kLevels[rng.Weighted(kLevelWeights)], 0};
    const Entity& malware = rng.Pick(s.malware);
    const Entity& set = rng.Pick(s.intrusion_sets);
    IndicatorSpec spec = MakeIndicator(s, author, marking, s.Now(), malware, set);
    WriteIndicator(s, spec);
    s.Emit("indicator", spec.id, shared, author);
  }
}

}  // namespace qccm::demo
