// Helpers shared by the STIX validator tests: run the validator on text, pick findings, and
// load the hand-made fixtures under tests/data/stix.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/stix/validator.h"

namespace qccm::stix::vtest {

struct Outcome {
  std::optional<ObjectFacts> facts;
  std::vector<Finding> findings;

  std::vector<Finding> errors() const;
  std::vector<Finding> warnings() const;
  // True if some finding of `severity` has exactly `path` and a message containing `text`.
  bool Has(Severity severity, std::string_view path, std::string_view text) const;
  bool HasError(std::string_view path, std::string_view text) const {
    return Has(Severity::kError, path, text);
  }
  bool HasWarning(std::string_view path, std::string_view text) const {
    return Has(Severity::kWarning, path, text);
  }
  // Every finding, one per line, for failure messages.
  std::string Dump() const;
};

Outcome Check(std::string_view json, ValidatorOptions options = {});
std::string DumpFindings(const std::vector<Finding>& findings);

std::string ReadFileText(const std::string& path);
// The lines of a tests/data/stix NDJSON fixture (path relative to tests/data/stix).
std::vector<std::string> FixtureLines(const std::string& name);
// The line of a fixture whose object has "type": `type`.
std::string FixtureOfType(const std::string& fixture, std::string_view type);
// The "type" of a JSON object text ("" if none).
std::string TypeOf(std::string_view json);

}  // namespace qccm::stix::vtest
