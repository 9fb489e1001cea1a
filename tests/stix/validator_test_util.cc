// Helpers shared by the STIX validator tests.
#include "stix/validator_test_util.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace qccm::stix::vtest {

std::vector<Finding> Outcome::errors() const {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.severity == Severity::kError) out.push_back(f);
  }
  return out;
}

std::vector<Finding> Outcome::warnings() const {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.severity == Severity::kWarning) out.push_back(f);
  }
  return out;
}

bool Outcome::Has(Severity severity, std::string_view path, std::string_view text) const {
  for (const Finding& f : findings) {
    if (f.severity == severity && f.error.where.json_path == path &&
        f.error.message.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string DumpFindings(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += f.severity == Severity::kError ? "  error: " : "  warning: ";
    out += f.error.ToString();
    out += "\n";
  }
  return out.empty() ? "  (no findings)\n" : out;
}

std::string Outcome::Dump() const { return DumpFindings(findings); }

Outcome Check(std::string_view json, ValidatorOptions options) {
  Validator validator(options);
  Outcome outcome;
  outcome.facts = validator.Validate(json, outcome.findings);
  return outcome;
}

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> FixtureLines(const std::string& name) {
  std::istringstream in(ReadFileText(std::string(QCCM_SOURCE_DIR) + "/tests/data/stix/" + name));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string TypeOf(std::string_view json) {
  boost::json::value v = boost::json::parse(json);
  if (!v.is_object()) return "";
  const boost::json::value* type = v.as_object().if_contains("type");
  return type != nullptr && type->is_string() ? std::string(type->as_string()) : "";
}

std::string FixtureOfType(const std::string& fixture, std::string_view type) {
  for (const std::string& line : FixtureLines(fixture)) {
    if (TypeOf(line) == type) return line;
  }
  throw std::runtime_error("no " + std::string(type) + " in " + fixture);
}

}  // namespace qccm::stix::vtest
