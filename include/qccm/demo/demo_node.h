// Sets up a demo node: the four fictional members, their users and tokens, the collections
// with their rights, the generated intelligence and the real STIX reference files, all through
// the same services as `qccm member/user/collection/import`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/demo/generator.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/sharing_service.h"

namespace qccm::demo {

// The one password of every demo user. DEMO ONLY: printed by `qccm demo init`.
inline constexpr std::string_view kDemoPassword = "qccm-demo-only";

struct DemoNodeOptions {
  std::uint64_t seed = kDefaultSeed;
  std::size_t objects = kDefaultObjectCount;
  // The directory of real STIX files to import into the "reference" collection (every *.json
  // below it, in path order, except the validator examples known to be invalid). Empty: none.
  std::string shared_data_dir;
  std::size_t batch_size = 5000;  // objects per ingest call (one transaction each)
};

struct DemoUser {
  std::string name;
  std::string member;
  std::string roles;
};

struct DemoToken {
  std::string user;
  std::string member;
  std::string secret;  // DEMO ONLY: printed once
};

struct DemoCollectionSummary {
  std::string id;
  std::string alias;
  std::string title;
  std::string readers;  // member codes, comma-separated
  std::string writers;
  std::size_t added = 0;
  std::size_t unchanged = 0;
  std::size_t rejected = 0;
};

struct ImportedFile {
  std::string path;  // relative to shared_data_dir
  std::size_t received = 0;
  std::size_t added = 0;
  std::size_t unchanged = 0;
  std::size_t rejected = 0;
  std::string first_rejection;  // why the first rejected object was refused, with its place
  std::string error;  // the file could not be read or stored (then nothing of it was kept)
};

struct DemoNodeSummary {
  std::vector<std::string> members;  // codes
  std::vector<DemoUser> users;
  std::vector<DemoToken> tokens;  // one per member analyst
  std::vector<DemoCollectionSummary> collections;
  GeneratorStats generated;
  std::size_t generated_rejected = 0;  // should be 0: each is a generator or validator bug
  std::vector<Error> rejections;       // the first few of them, with their place
  std::vector<ImportedFile> files;
};

// Fills an empty node. Fails with kAlreadyExists if the node already has members (nothing is
// changed then), or with the first error of a service (kStorage etc.); objects the validator
// rejects do not fail it but are counted and listed in the summary.
Result<DemoNodeSummary> SetUpDemoNode(sharing::SharingService& sharing,
                                      sharing::IngestService& ingest,
                                      const DemoNodeOptions& options);

// The real STIX files to import from `dir` (relative paths, sorted), skipping the validator
// test examples that are invalid on purpose (validator-test-examples/invalid_*.json).
std::vector<std::string> ReferenceFiles(const std::string& dir);

// Finds the real STIX files: shared/data/stix next to an ancestor of the running executable,
// else the directory the build chose (../shared/data/stix beside the source tree, or the
// source tree's third_party/shared-data/stix copy). Returns "" if neither exists.
std::string DefaultSharedDataDir();

}  // namespace qccm::demo
