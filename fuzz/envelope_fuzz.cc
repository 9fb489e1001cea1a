// libFuzzer target for the TAXII add-objects body path: ParseInput on a request body, then the
// STIX validator on every object, as TaxiiApi::AddObjects does. No input may crash it or trip a
// sanitizer; an error is an input error with a message; an object slice lies inside the input;
// an object the validator accepts has a well-formed id and a version.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "qccm/core/stix_id.h"
#include "qccm/stix/batch_validation.h"
#include "qccm/stix/reader.h"

namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "envelope_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto document = qccm::stix::ParseInput("request body", text);
  if (!document) {
    const qccm::ErrorCode code = document.error().code;
    if (code != qccm::ErrorCode::kInvalidInput && code != qccm::ErrorCode::kTooLarge) {
      Die("ParseInput failed with an unexpected code");
    }
    if (document.error().message.empty()) Die("error without a message");
    return 0;
  }
  for (const qccm::stix::RawObject& object : document->objects()) {
    if (object.error) continue;
    if (object.json.size() > size) Die("an object slice is longer than the input");
    if (text.find(object.json) == std::string::npos) Die("an object slice is not in the input");
  }
  auto checked = qccm::stix::ValidateBatch(document->objects(), {}, document->padded(), 1);
  if (checked.size() != document->objects().size()) Die("one result per object");
  for (const qccm::stix::CheckedObject& c : checked) {
    if (c.facts) {
      if (!qccm::ParseStixId(c.facts->id)) Die("accepted object with a malformed id");
      for (const auto& finding : c.findings) {
        if (finding.severity == qccm::stix::Severity::kError) Die("accepted object with an error");
      }
    } else {
      bool has_error = false;
      for (const auto& finding : c.findings) {
        has_error |= finding.severity == qccm::stix::Severity::kError;
      }
      if (!has_error) Die("refused object without an error");
    }
  }
  return 0;
}
