// PLACEHOLDER until the pattern parser lands: accepts anything in brackets.
#include "qccm/stix/pattern.h"

namespace qccm::stix {

Result<Pattern> ParsePattern(std::string_view text) {
  if (text.empty() || text.front() != '[') {
    return MakeError(ErrorCode::kInvalidInput, "expected '['", ErrorPlace{.column = 1});
  }
  return Pattern{};
}

}  // namespace qccm::stix
