// libFuzzer target for the import reader (`qccm import`): format detection and splitting of
// bundles, envelopes, NDJSON and single objects. No input may crash it or trip a sanitizer.
// The reader only splits a container: an object's insides are the validator's job (reader.h),
// so a slice that does not read back on its own must be refused by the validator, and one that
// does must read back as a single object.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "qccm/stix/reader.h"
#include "qccm/stix/validator.h"

namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "import_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto document =
      qccm::stix::ParseInput("import.json", std::string(reinterpret_cast<const char*>(data), size));
  if (!document) {
    if (document.error().message.empty()) Die("error without a message");
    return 0;
  }
  std::size_t previous_index = 0;
  bool first = true;
  for (const qccm::stix::RawObject& object : document->objects()) {
    if (!first && object.index <= previous_index) Die("object indexes are not increasing");
    first = false;
    previous_index = object.index;
    if (object.line == 0) Die("object without a line");
    if (object.error) {
      if (document->format() != qccm::stix::InputFormat::kNdjson)
        Die("per-object error outside NDJSON");
      continue;
    }
    auto alone = qccm::stix::ParseInput("slice", std::string(object.json));
    if (!alone) {
      static qccm::stix::Validator validator;
      std::vector<qccm::stix::Finding> findings;
      if (validator.Validate(object.json, findings)) Die("a malformed slice passed validation");
      if (findings.empty()) Die("a malformed slice was refused without a finding");
      continue;
    }
    if (alone->objects().size() != 1 && document->format() != qccm::stix::InputFormat::kNdjson) {
      Die("an object slice reads back as several objects");
    }
  }
  return 0;
}
