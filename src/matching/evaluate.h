// Evaluates STIX pattern comparisons on one object (Boost.JSON), following *_ref ids through a
// resolver. Used for the residual checks of compound terms and for type-wide terms.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/stix/pattern.h"

namespace qccm::matching {

// Returns the object a reference id points to, or nullptr when it cannot be resolved.
using RefResolver = std::function<const boost::json::object*(std::string_view id)>;

// True if `comparison` holds for `object` (whose "type" the caller has checked): some value
// at the path satisfies the operator (NOT inverts it per value); a missing path is false.
// Values on observable paths are compared in canonical form. `resolver` may be null.
bool EvaluateComparison(const stix::Comparison& comparison, const boost::json::object& object,
                        const RefResolver* resolver);

// Appends the string values found at `path`'s object path in `object` ([*] and references
// followed as in EvaluateComparison). Operator and value of `path` are ignored.
void CollectStrings(const stix::Comparison& path, const boost::json::object& object,
                    const RefResolver* resolver, std::vector<std::string>& out);

}  // namespace qccm::matching
