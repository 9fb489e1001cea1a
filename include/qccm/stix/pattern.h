// STIX 2.1 patterning (STIX 2.1 §9): the AST and the parser.
// PLACEHOLDER: the full AST is being written; only ParsePattern's signature is fixed.
#pragma once

#include <string_view>

#include "qccm/core/result.h"

namespace qccm::stix {

struct Pattern {};

// Parses a STIX pattern. On a syntax error fails with kInvalidInput whose place.column is the
// 1-based column of the problem and whose message says what was expected there.
Result<Pattern> ParsePattern(std::string_view text);

}  // namespace qccm::stix
