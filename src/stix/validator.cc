// PLACEHOLDER: the full validator is being written.
#include "qccm/stix/validator.h"

namespace qccm::stix {

struct Validator::Impl {};
Validator::Validator(ValidatorOptions) : impl_(std::make_unique<Impl>()) {}
Validator::~Validator() = default;
std::optional<ObjectFacts> Validator::Validate(std::string_view, std::vector<Finding>&, bool) {
  return std::nullopt;
}
bool IsSpecObjectType(std::string_view) { return false; }

}  // namespace qccm::stix
