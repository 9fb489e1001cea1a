// The demo generator's driver and shared state.
#include <algorithm>

#include "demo/generator_state.h"
#include "qccm/core/check.h"
#include "qccm/stix/validator.h"

namespace qccm::demo {
namespace {

// 2024-01-01T00:00:00Z: every generated timestamp derives from it, never from the clock.
constexpr Timestamp kBaseTime = Timestamp::FromSeconds(1704067200);
constexpr std::int64_t kSpanSeconds = 540LL * 86400;

// Objects that carry the observables other members also report: about one in 150.
constexpr std::size_t kHotPoolDivisor = 150;

}  // namespace

GenState::GenState(const GeneratorOptions& options, const ObjectSink& sink)
    : options_(options), sink_(sink), rng_(options.seed) {
  for (auto& identity : member_identities_) identity = NewId("identity");
  hot_capacity_ = std::clamp<std::size_t>(options.objects / kHotPoolDivisor, 16, 20000);
  json_.reserve(4096);
}

Timestamp GenState::Now(std::int64_t jitter_seconds) {
  // Progress in the output, not wall time: the same seed and size give the same dates.
  // No overflow below about 3 * 10^11 objects.
  std::int64_t offset = static_cast<std::int64_t>(static_cast<std::uint64_t>(stats_.objects) *
                                                  kSpanSeconds / options_.objects);
  std::int64_t seconds = offset + (jitter_seconds > 0 ? rng_.Between(0, jitter_seconds) : 0);
  return Timestamp{kBaseTime.micros + seconds * 1000000 + rng_.Between(0, 999) * 1000};
}

std::string GenState::NewId(std::string_view type) {
  std::string id(type);
  id += "--";
  rng_.AppendUuid4(id);
  return id;
}

JsonObject GenState::Begin(std::string_view type, std::string_view id, std::size_t author,
                           Timestamp created, Timestamp modified) {
  json_.clear();
  JsonObject object(json_);
  object.Str("type", type).Str("spec_version", "2.1").Str("id", id);
  if (author != kNoAuthor) object.Str("created_by_ref", member_identities_[author]);
  object.Time("created", created).Time("modified", modified);
  return object;
}

void GenState::Finish(JsonObject& object, const Marking& marking) {
  object.Strings("object_marking_refs", {stix::TlpMarkingId(marking.tlp)});
  if (marking.tlp == stix::Tlp::kRed && marking.shared_with != 0) {
    std::vector<std::string_view> codes;
    for (std::size_t m = 0; m < kDemoMemberCount; ++m) {
      if (marking.shared_with & MemberBit(m)) codes.push_back(DemoMembers()[m].code);
    }
    JsonObject extensions(object.Key("extensions"));
    JsonObject sharing(extensions.Key(stix::kQccmSharingExtensionId));
    sharing.Str("extension_type", "property-extension").Strings("shared_with", codes);
    sharing.Close();
    extensions.Close();
  }
  object.Close();
}

bool GenState::Emit(std::string_view type, std::string_view id, std::size_t collection,
                    std::size_t author) {
  if (Full()) return false;
  GeneratedObject object{
      .json = json_, .type = type, .id = id, .collection = collection, .author = author};
  status_ = sink_(object);
  if (!status_) return false;
  ++stats_.objects;
  stats_.bytes += json_.size();
  auto it = stats_.by_type.find(type);
  if (it == stats_.by_type.end()) it = stats_.by_type.emplace(std::string(type), 0).first;
  ++it->second;
  return true;
}

void GenState::MaybeReshare(std::string_view type, std::string_view id, std::size_t collection,
                            std::size_t author, const Marking& marking, unsigned percent) {
  if (!options_.for_collections || !status_) return;
  // TLP 2.0: only CLEAR and GREEN may be passed on to other organisations.
  if (marking.tlp != stix::Tlp::kClear && marking.tlp != stix::Tlp::kGreen) return;
  if (!rng_.Percent(percent)) return;
  auto collections = DemoCollections();
  const DemoCollection& from = collections[collection];
  struct Route {
    std::size_t member, target;
  };
  std::vector<Route> routes;
  for (std::size_t m = 0; m < kDemoMemberCount; ++m) {
    if (m == author || !(from.readers & MemberBit(m))) continue;
    for (std::size_t c = 0; c < collections.size(); ++c) {
      const DemoCollection& to = collections[c];
      bool reaches_new_readers = (to.readers & ~from.readers) != 0;
      if (c == collection || to.mode == SharingMode::kRestricted ||
          to.mode == SharingMode::kReference || !(to.writers & MemberBit(m)) ||
          !reaches_new_readers) {
        continue;
      }
      routes.push_back({m, c});
    }
  }
  if (routes.empty()) return;
  const Route& route = rng_.Pick(routes);
  GeneratedObject object{.json = json_,
                         .type = type,
                         .id = id,
                         .collection = route.target,
                         .author = route.member,
                         .reshare = true};
  status_ = sink_(object);
  if (status_) ++stats_.reshares;
}

void GenState::EmitScoOnce(const Observable& observable, const std::string& id,
                           std::size_t collection, std::size_t author, const Marking& marking) {
  std::string key = options_.for_collections ? std::to_string(collection) + ":" + id : id;
  if (emitted_scos_.contains(key) || Full()) return;
  json_.clear();
  JsonObject sco(json_);
  sco.Str("type", ScoType(observable.kind)).Str("spec_version", "2.1").Str("id", id);
  WriteScoProperties(sco, observable);
  Finish(sco, marking);
  if (Emit(ScoType(observable.kind), id, collection, author)) emitted_scos_.insert(std::move(key));
}

Observable GenState::ObservableFor(ObservableKind kind) {
  auto& pool = hot_[static_cast<std::size_t>(kind)];
  if (!pool.empty() && rng_.Percent(18)) return rng_.Pick(pool);
  Observable fresh = MakeObservable(rng_, kind);
  if (pool.size() < hot_capacity_ && rng_.Percent(4)) pool.push_back(fresh);
  return fresh;
}

std::size_t GenState::PickMember(MemberSet set) {
  std::array<std::size_t, kDemoMemberCount> members{};
  std::size_t count = 0;
  for (std::size_t m = 0; m < kDemoMemberCount; ++m) {
    if (set & MemberBit(m)) members[count++] = m;
  }
  QCCM_CHECK(count > 0);
  return members[rng_.Index(count)];
}

std::string EmitRelationship(GenState& state, std::string_view relationship_type,
                             std::string_view source, std::string_view target,
                             std::size_t collection, std::size_t author, Timestamp when,
                             const Marking& marking) {
  std::string id = state.NewId("relationship");
  JsonObject object = state.Begin("relationship", id, author, when, when);
  object.Str("relationship_type", relationship_type).Str("source_ref", source);
  object.Str("target_ref", target);
  state.Finish(object, marking);
  return state.Emit("relationship", id, collection, author) ? id : std::string();
}

std::string Capitalised(std::string_view word) {
  std::string text(word);
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

Result<GeneratorStats> Generate(const GeneratorOptions& options, const ObjectSink& sink) {
  if (options.objects == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "the number of objects must be at least 1");
  }
  GenState state(options, sink);
  BuildCatalogue(state);
  if (options.kind == GeneratorKind::kIndicators) {
    EmitIndicatorStream(state);
  } else {
    EmitFoundation(state);
    EmitCatalogue(state);
    while (!state.Full()) EmitCluster(state);
  }
  if (!state.status()) return std::unexpected(state.status().error());
  return std::move(state.stats());
}

}  // namespace qccm::demo
