// Validates many objects at once on several threads (one Validator per thread).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "qccm/stix/reader.h"
#include "qccm/stix/validator.h"

namespace qccm::stix {

struct CheckedObject {
  std::optional<ObjectFacts> facts;  // set when the object had no error
  std::vector<Finding> findings;     // errors and warnings; a RawObject's read error comes first
};

// Validates every object; result[i] belongs to objects[i]. `padded`: the slices lie inside
// padded buffers (true for an InputDocument's objects). `threads` 0: one per core; small
// batches run on the calling thread. Thread-safe.
std::vector<CheckedObject> ValidateBatch(std::span<const RawObject> objects,
                                         const ValidatorOptions& options, bool padded,
                                         int threads = 0);

}  // namespace qccm::stix
