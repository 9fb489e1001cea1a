// The deterministic demo-data generator: STIX 2.1 objects for the demo node and for benchmarks.
// The same options give byte-identical output on every machine (own PRNG, fixed base date, no
// clock, no locale, no std:: distributions).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "qccm/core/result.h"

namespace qccm::demo {

inline constexpr std::uint64_t kDefaultSeed = 20240917;
inline constexpr std::size_t kDefaultObjectCount = 40000;

enum class GeneratorKind : std::uint8_t {
  kMixed,       // a whole node's intelligence: identities, markings, threat actors, intrusion
                // sets, malware, tools, attack patterns, campaigns, indicators, relationships,
                // sightings, observed-data with SCOs, incidents with locations, reports
  kIndicators,  // indicators only (benchmarks)
};

struct GeneratorOptions {
  std::uint64_t seed = kDefaultSeed;
  std::size_t objects = kDefaultObjectCount;  // distinct object versions to produce
  GeneratorKind kind = GeneratorKind::kMixed;
  // True: objects are meant for the demo collections, so some GREEN/CLEAR objects are also
  // re-shared by another member into another collection (extra deliveries, not counted in
  // `objects`), and an SCO is repeated in each collection that refers to it. False: one
  // stream in which every object version appears once (files).
  bool for_collections = false;
};

// One generated object. The views are valid only during the sink call.
struct GeneratedObject {
  std::string_view json;  // compact JSON text of one STIX 2.1 object
  std::string_view type;
  std::string_view id;
  std::size_t collection = 0;  // index in DemoCollections()
  std::size_t author = 0;      // index in DemoMembers(): the member that submits it
  bool reshare = false;        // an earlier object delivered again, by another member
};

// Receives each object in order; an error stops the generation and is returned.
using ObjectSink = std::function<Status(const GeneratedObject&)>;

struct GeneratorStats {
  std::size_t objects = 0;   // distinct versions produced (equals options.objects)
  std::size_t reshares = 0;  // extra deliveries (for_collections only)
  std::size_t bytes = 0;     // JSON text of the distinct versions
  std::map<std::string, std::size_t, std::less<>> by_type;  // distinct versions per type
};

// Generates options.objects objects and passes each to `sink`. Streams: memory stays small
// whatever the count (the catalogue of actors, malware etc. grows with it, about 1/500 of it).
// Fails with kInvalidArgument if objects is 0, or with the sink's error.
Result<GeneratorStats> Generate(const GeneratorOptions& options, const ObjectSink& sink);

enum class FileFormat : std::uint8_t { kBundle, kNdjson };

// Writes the generated objects to `path` as one STIX bundle (an "objects" array, one object
// per line) or as NDJSON, streaming through a fixed-size buffer. "-" writes to stdout.
// Fails with kIo naming the file.
Result<GeneratorStats> WriteGeneratedFile(const GeneratorOptions& options, FileFormat format,
                                          const std::string& path);

}  // namespace qccm::demo
