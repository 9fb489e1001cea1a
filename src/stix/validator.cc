// Validator: parses with simdjson's DOM parser (one reused per Validator; it dispatches to
// AVX2 at run time) and hands the tree to the table-driven Checker (validator_checker.cc).
//
// Decisions where the spec leaves room (tests/stix/validator_real_data_test.cc pins them):
// - created/modified with fewer than 3 fraction digits: a warning. STIX 2.1 asks for at least
//   millisecond precision, but real data (ATT&CK ICS 8.0's marking-definition) omits it and
//   the value is still an exact instant.
// - external_references[].url that is not an absolute URI (ATT&CK ICS 8.0 has citations and
//   URLs with a trailing space there): a warning. The property's type is string; the value
//   is useless as a link but the object is otherwise sound.
// - Open vocabularies are type-checked only; closed enumerations are errors.
#include "qccm/stix/validator.h"

#include <simdjson.h>

#include <algorithm>

#include "qccm/core/stix_id.h"
#include "stix/validator_checker.h"

namespace qccm::stix {

namespace dom = simdjson::dom;

struct Validator::Impl {
  explicit Impl(ValidatorOptions o) : options(o), checker(options) {}

  // Parses `json`, recording a finding at "$" when it is not JSON.
  bool Parse(std::string_view json, bool padded, dom::element& root,
             std::vector<Finding>& findings);

  ValidatorOptions options;
  dom::parser parser;
  internal::Checker checker;
};

namespace {

std::string JsonErrorText(simdjson::error_code code) {
  switch (code) {
    case simdjson::DEPTH_ERROR:
      return "JSON nested too deeply (limit 1024 levels)";
    case simdjson::UTF8_ERROR:
      return "text is not valid UTF-8";
    case simdjson::UNCLOSED_STRING:
      return "malformed JSON: unclosed string";
    case simdjson::EMPTY:
      return "no JSON value (empty input)";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "malformed JSON: truncated or unbalanced";
    default:
      return std::string("malformed JSON: ") + simdjson::error_message(code);
  }
}

Finding ContainerError(std::string message, std::string path) {
  Finding finding;
  finding.error =
      Error{ErrorCode::kInvalidInput, std::move(message), ErrorPlace{.json_path = std::move(path)}};
  return finding;
}

}  // namespace

bool Validator::Impl::Parse(std::string_view json, bool padded, dom::element& root,
                            std::vector<Finding>& findings) {
  auto error = parser.parse(json.data(), json.size(), !padded).get(root);
  if (error == simdjson::SUCCESS) return true;
  findings.push_back(ContainerError(JsonErrorText(error), "$"));
  return false;
}

Validator::Validator(ValidatorOptions options) : impl_(std::make_unique<Impl>(options)) {}
Validator::~Validator() = default;

std::optional<ObjectFacts> Validator::Validate(std::string_view json,
                                               std::vector<Finding>& findings, bool padded) {
  dom::element root;
  if (!impl_->Parse(json, padded, root, findings)) return std::nullopt;
  return impl_->checker.CheckObject(root, findings);
}

bool Validator::ValidateBundle(std::string_view json, std::vector<Finding>& findings, bool padded) {
  std::size_t errors_before = 0;
  for (const Finding& f : findings) errors_before += f.severity == Severity::kError;
  dom::element root;
  if (!impl_->Parse(json, padded, root, findings)) return false;
  dom::object bundle;
  if (root.get_object().get(bundle) != simdjson::SUCCESS) {
    findings.push_back(ContainerError("a bundle must be a JSON object", "$"));
    return false;
  }
  internal::Checker& checker = impl_->checker;
  std::string_view type, id;
  if (bundle["type"].get_string().get(type) != simdjson::SUCCESS || type != "bundle") {
    findings.push_back(ContainerError("a bundle must have \"type\": \"bundle\"", "$.type"));
  }
  if (bundle["id"].get_string().get(id) != simdjson::SUCCESS || !id.starts_with("bundle--") ||
      !ParseStixId(id)) {
    findings.push_back(
        ContainerError("a bundle must have an id of the form bundle--<uuid>", "$.id"));
  }
  for (dom::key_value_pair field : bundle) {
    if (field.key == "type" || field.key == "id") continue;
    if (field.key == "spec_version") {
      Finding warning = ContainerError(
          "bundle has \"spec_version\", a STIX 2.0 bundle property that STIX 2.1 removed; "
          "ignored",
          "$.spec_version");
      warning.severity = Severity::kWarning;
      findings.push_back(std::move(warning));
      continue;
    }
    if (field.key != "objects") {
      Finding warning =
          ContainerError("'" + std::string(field.key) + "' is not a property of a bundle; ignored",
                         "$." + std::string(field.key));
      warning.severity = Severity::kWarning;
      findings.push_back(std::move(warning));
      continue;
    }
    dom::array objects;
    if (field.value.get_array().get(objects) != simdjson::SUCCESS) {
      findings.push_back(ContainerError("\"objects\" must be a list", "$.objects"));
      continue;
    }
    std::size_t index = 0;
    for (dom::element object : objects) {
      internal::PathScope at_objects(checker.path(), "objects");
      internal::PathScope at_index(checker.path(), index);
      checker.CheckObject(object, findings, index);
      ++index;
    }
  }
  std::vector<std::string_view> keys;
  for (dom::key_value_pair field : bundle) {
    if (std::find(keys.begin(), keys.end(), field.key) != keys.end()) {
      findings.push_back(
          ContainerError("duplicate key '" + std::string(field.key) + "' in one JSON object", "$"));
    }
    keys.push_back(field.key);
  }
  std::size_t errors_after = 0;
  for (const Finding& f : findings) errors_after += f.severity == Severity::kError;
  return errors_after == errors_before;
}

bool IsSpecObjectType(std::string_view type) {
  const internal::TypeInfo* info = internal::FindType(type);
  return info != nullptr && info->type != internal::ObjType::kBundle;
}

}  // namespace qccm::stix
