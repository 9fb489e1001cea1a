// The demo generator's working state, shared by its parts (foundation and catalogue, indicators,
// clusters): the PRNG, the simulated clock, the catalogue of named entities, the pools of
// observables several members report, and the emission of objects to the sink.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "demo/json_writer.h"
#include "demo/observables.h"
#include "demo/random.h"
#include "qccm/demo/demo_world.h"
#include "qccm/demo/generator.h"
#include "qccm/stix/tlp.h"

namespace qccm::demo {

// The TLP level of an object and, for TLP:RED, the members it names (QCCM sharing extension).
struct Marking {
  stix::Tlp tlp = stix::Tlp::kGreen;
  MemberSet shared_with = 0;
};

// A named catalogue entry (threat actor, intrusion set, malware, tool, attack pattern, place).
struct Entity {
  std::string id;
  std::string name;
  std::size_t index = 0;  // a related entry (an intrusion set's actor, a place's member)
};

// Not thread-safe: one generation runs on one thread.
class GenState final {
 public:
  GenState(const GeneratorOptions& options, const ObjectSink& sink);

  const GeneratorOptions& options() const { return options_; }
  GeneratorStats& stats() { return stats_; }
  const Status& status() const { return status_; }
  bool Full() const { return stats_.objects >= options_.objects || !status_; }

  Rng& rng() { return rng_; }

  // Simulated time: from the fixed base date over 18 months as the output fills up, plus a
  // random offset of up to `jitter_seconds`, with milliseconds.
  Timestamp Now(std::int64_t jitter_seconds = 3600);

  std::string NewId(std::string_view type);
  const std::string& MemberIdentity(std::size_t member) const { return member_identities_[member]; }

  // Starts an object in json(): type, spec_version, id and, for SDOs and SROs, created_by_ref,
  // created and modified (created_by_ref is skipped when `author` is kNoAuthor).
  static constexpr std::size_t kNoAuthor = static_cast<std::size_t>(-1);
  JsonObject Begin(std::string_view type, std::string_view id, std::size_t author,
                   Timestamp created, Timestamp modified);
  // Ends it: object_marking_refs, the sharing extension for TLP:RED objects naming members.
  void Finish(JsonObject& object, const Marking& marking);
  std::string& json() { return json_; }

  // Passes json() to the sink as one distinct object version in `collection`, submitted by
  // `author`. Returns false (and passes nothing) once the output is full.
  bool Emit(std::string_view type, std::string_view id, std::size_t collection, std::size_t author);
  // Delivers json() again: another member that reads `collection` re-shares it into another
  // collection that reaches new readers. Only for for_collections, TLP:CLEAR and GREEN.
  void MaybeReshare(std::string_view type, std::string_view id, std::size_t collection,
                    std::size_t author, const Marking& marking, unsigned percent);
  // Emits an SCO unless it is already in that collection (or, for files, in the output). It
  // carries the marking of the case it first appears in: an observable from a TLP:RED case is
  // as sensitive as the case. Later cases only refer to it.
  void EmitScoOnce(const Observable& observable, const std::string& id, std::size_t collection,
                   std::size_t author, const Marking& marking);

  // An observable of `kind`: often one that other reports already carry (so members overlap),
  // otherwise a new one, which later reports may pick up.
  Observable ObservableFor(ObservableKind kind);

  // A random member of `set` (non-empty).
  std::size_t PickMember(MemberSet set);

  // The catalogue (filled by BuildCatalogue).
  std::vector<Entity> threat_actors, intrusion_sets, malware, tools, attack_patterns, places;

 private:
  const GeneratorOptions& options_;
  const ObjectSink& sink_;
  Rng rng_;
  GeneratorStats stats_;
  Status status_;
  std::string json_;
  std::array<std::string, kDemoMemberCount> member_identities_;
  std::array<std::vector<Observable>, 6> hot_;
  std::size_t hot_capacity_ = 0;
  std::unordered_set<std::string> emitted_scos_;
};

// Emits a relationship (SRO) and returns its id ("" once the output is full).
std::string EmitRelationship(GenState& state, std::string_view relationship_type,
                             std::string_view source, std::string_view target,
                             std::size_t collection, std::size_t author, Timestamp when,
                             const Marking& marking);

// Capitalises the first letter ("heron" -> "Heron").
std::string Capitalised(std::string_view word);

// generator_catalogue.cc: the marking definitions, the sharing extension definition and the
// member identities, then the catalogue and the relationships between its entries.
void BuildCatalogue(GenState& state);
void EmitFoundation(GenState& state);
void EmitCatalogue(GenState& state);

// generator_indicators.cc: one indicator (with its observables) for `author`.
struct IndicatorSpec {
  std::string id;
  std::size_t author = 0;
  Timestamp created, modified;
  Timestamp valid_from;
  std::optional<Timestamp> valid_until;
  IndicatorPattern pattern;
  std::vector<Observable> observables;
  std::string description;
  std::string_view indicator_type;
  std::string_view kill_chain_phase;  // empty: none
  std::string case_id;                // external reference id; empty: none
  std::string advisory_url;           // external reference url; empty: none
  int confidence = 50;
  bool revoked = false;
  Marking marking;
};
IndicatorSpec MakeIndicator(GenState& state, std::size_t author, const Marking& marking,
                            Timestamp created, const Entity& malware, const Entity& set);
void WriteIndicator(GenState& state, const IndicatorSpec& spec);
// The kIndicators kind: standalone indicators until the output is full.
void EmitIndicatorStream(GenState& state);

// generator_clusters.cc: one "case" of intelligence in one collection.
void EmitCluster(GenState& state);

}  // namespace qccm::demo
