// The object-level walk: classify the object (spec type, custom, unknown), check its
// properties against the tables, custom properties and extensions, the common rules, and
// extract the facts ingest needs.
#include "stix/validator_checker.h"

#include <algorithm>

#include "qccm/core/check.h"
#include "qccm/core/stix_id.h"
#include "qccm/stix/special_categories.h"

namespace qccm::stix::internal {
namespace {

std::string Q(std::string_view name) { return "'" + std::string(name) + "'"; }

std::optional<std::string_view> AsString(dom::element value) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

// The extension_type of an extension-definition extension, if it has a string one.
std::optional<std::string_view> ExtensionType(dom::element extension) {
  dom::object object;
  if (extension.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
  std::string_view type;
  if (object["extension_type"].get_string().get(type) != simdjson::SUCCESS) return std::nullopt;
  return type;
}

constexpr std::string_view kExtensionDefinitionPrefix = "extension-definition--";

}  // namespace

// ---- findings ----

void Checker::Record(Severity severity, std::string message, std::optional<std::size_t> column) {
  Finding finding;
  finding.severity = severity;
  finding.error.code = ErrorCode::kInvalidInput;
  finding.error.message = std::move(message);
  finding.error.where.object_index = object_index_;
  finding.error.where.object_id = std::string(object_id_);
  finding.error.where.json_path = path_.ToString();
  finding.error.where.column = column;
  if (severity == Severity::kError) ++recorded_.errors;
  out_->push_back(std::move(finding));
}

void Checker::Error(std::string message, std::optional<std::size_t> column) {
  Record(Severity::kError, std::move(message), column);
}

void Checker::Warning(std::string message) {
  Record(Severity::kWarning, std::move(message), std::nullopt);
}

// ---- the object ----

std::optional<ObjectFacts> Checker::CheckObject(dom::element root, std::vector<Finding>& out,
                                                std::optional<std::size_t> object_index) {
  out_ = &out;
  recorded_ = Recorded{out.size(), 0};
  object_index_ = object_index;
  object_id_ = {};
  type_name_ = {};
  object_type_ = ObjType::kCount;
  has_toplevel_extension_ = false;
  tlp2_level_.reset();
  shared_with_.clear();
  custom_keys_.clear();
  top_.seen = 0;
  top_.timestamps_ok = 0;

  root_element_ = root;
  if (root.get_object().get(root_) != simdjson::SUCCESS) {
    Error("a STIX object must be a JSON object, found " + Describe(root));
    return std::nullopt;
  }
  const StructInfo* info = Classify(root_);
  if (info == nullptr) return std::nullopt;  // a bundle
  CheckStruct(root_, *info, UnknownPolicy::kCustomProperty, top_);
  CheckCustomPropertyNames();
  RuleContext context(*this, *info, top_, root_);
  CheckCommonRules(context);
  if (recorded_.errors > 0) return std::nullopt;
  return BuildFacts(context);
}

const StructInfo* Checker::Classify(dom::object root) {
  dom::element type_value, id_value, extensions;
  bool has_type = false, has_id = false, has_created = false, has_extensions = false;
  // The first occurrence of each key counts, as in CheckStruct (a repeat is reported there).
  for (dom::key_value_pair field : root) {
    if (field.key == "type" && !has_type) {
      type_value = field.value;
      has_type = true;
    } else if (field.key == "id" && !has_id) {
      id_value = field.value;
      has_id = true;
    } else if (field.key == "created") {
      has_created = true;
    } else if (field.key == "extensions" && !has_extensions) {
      extensions = field.value;
      has_extensions = true;
    }
  }
  if (has_id) {
    if (auto id = AsString(id_value); id && IsStixId(*id, nullptr)) object_id_ = *id;
  }
  category_ = has_created ? Category::kCustomSdo : Category::kCustomSco;
  if (!has_type) return &CustomStruct(category_);  // reported as a missing required property

  auto type = AsString(type_value);
  PathScope at(path_, "type");
  if (!type) {
    Error("'type' must be a string, found " + Describe(type_value));
    return &CustomStruct(category_);
  }
  if (!IsValidStixType(*type)) {
    Error("'type' " + Quote(*type) +
          " is not a valid STIX type name (3-250 characters of a-z, 0-9 and '-', starting "
          "with a letter, no '--')");
    return &CustomStruct(category_);
  }
  type_name_ = *type;
  if (const TypeInfo* spec_type = FindType(*type)) {
    if (spec_type->type == ObjType::kBundle) {
      Error(
          "a bundle is a container, not a STIX object: give its objects one at a time "
          "(ParseInput splits bundles; ValidateBundle checks a whole bundle)");
      return nullptr;
    }
    object_type_ = spec_type->type;
    category_ = spec_type->category;
    return spec_type->info;
  }
  // STIX 2.1 §7.3: a new object type is defined by a new-sdo/new-sco/new-sro extension.
  dom::object extension_map;
  if (has_extensions && extensions.get_object().get(extension_map) == simdjson::SUCCESS) {
    for (dom::key_value_pair field : extension_map) {
      if (!field.key.starts_with(kExtensionDefinitionPrefix)) continue;
      auto kind = ExtensionType(field.value);
      if (kind == "new-sco") {
        category_ = Category::kCustomSco;
        return &CustomStruct(category_);
      }
      if (kind == "new-sdo" || kind == "new-sro") {
        category_ = Category::kCustomSdo;
        return &CustomStruct(category_);
      }
    }
  }
  // STIX 2.1 §11.2: legacy custom objects use an "x-" prefix (e.g. ATT&CK's x-mitre-tactic).
  if (!type->starts_with("x-")) {
    Error("unknown object type " + Quote(*type) +
          " (not a STIX 2.1 type, not x- prefixed, and no new-sdo/new-sco/new-sro extension "
          "defines it)");
  }
  return &CustomStruct(category_);
}

// ---- custom properties (STIX 2.1 §11.1) ----

void Checker::CheckCustomProperty(std::string_view key, dom::element value) {
  if (std::find(custom_keys_.begin(), custom_keys_.end(), key) != custom_keys_.end()) {
    Error("duplicate key " + Quote(key) + " in one JSON object");
    return;
  }
  custom_keys_.push_back(key);
  CheckSpecialCategories(key, value);
  if (!IsCustomPropertyName(key)) {
    Error("custom property name " + Quote(key) +
          " must be 3-250 characters of a-z, 0-9 and '_' (^[a-z0-9_]{3,250}$)");
  } else if (!(key[0] >= 'a' && key[0] <= 'z')) {
    Warning("custom property name " + Quote(key) + " should begin with a letter");
  }
  // §3.1: names ending in _ref/_refs hold identifiers, _bin base64, _hex hex digits.
  if (key.ends_with("_ref")) {
    CheckRef(key, value, kToAnyObjectTargets);
  } else if (key.ends_with("_refs")) {
    dom::array list;
    if (!ExpectNonEmptyList(key, value, list)) return;
    std::size_t i = 0;
    for (dom::element item : list) {
      PathScope at(path_, i++);
      CheckRef(key, item, kToAnyObjectTargets);
    }
  } else if (key.ends_with("_bin") || key.ends_with("_hex")) {
    PropSpec spec;
    spec.name = key;
    spec.kind = key.ends_with("_bin") ? Kind::kBinary : Kind::kHex;
    CheckValue(Entry{&spec, 0, 0}, value, top_);
  } else {
    CheckAnyValue(value, true);
  }
}

void Checker::CheckSpecialCategories(std::string_view key, dom::element value) {
  if (auto category = SpecialCategoryOf(key)) {
    Error("property " + Quote(key) + " records " + std::string(*category) +
          ", a special category of personal data: QCCM refuses it (data minimisation, GDPR art. 9 "
          "/ LED art. 10; see docs/data-minimisation.md)");
  }
  // Nested keys of a custom value are custom names too (e.g. {"x_profile": {"religion": ...}}).
  if (value.is_array()) {
    // Named first: ranging over a member of the temporary simdjson_result would dangle.
    const dom::array items = value.get_array().value_unsafe();
    std::size_t i = 0;
    for (dom::element item : items) {
      if (item.is_array() || item.is_object()) {
        PathScope at(path_, i);
        CheckSpecialCategories({}, item);
      }
      ++i;
    }
  } else if (value.is_object()) {
    const dom::object fields = value.get_object().value_unsafe();
    for (dom::key_value_pair field : fields) {
      PathScope at(path_, field.key);
      CheckSpecialCategories(field.key, field.value);
    }
  }
}

void Checker::CheckCustomPropertyNames() {
  // Custom objects define their own properties; a toplevel-property-extension declares them.
  if (category_ == Category::kCustomSdo || category_ == Category::kCustomSco ||
      has_toplevel_extension_) {
    return;
  }
  for (std::string_view key : custom_keys_) {
    if (key.starts_with("x_") || !IsCustomPropertyName(key)) continue;
    PathScope at(path_, key);
    std::string message = "custom property " + Quote(key) +
                          " should start with 'x_' (or be declared by a "
                          "toplevel-property-extension)";
    if (options_.strict_property_names) {
      Error(std::move(message));
    } else {
      Warning(std::move(message));
    }
  }
}

// ---- extensions (STIX 2.1 §7.3 and the predefined SCO extensions of §6) ----

void Checker::CheckExtensions(dom::element value) {
  dom::object extensions;
  if (value.get_object().get(extensions) != simdjson::SUCCESS) {
    Error("'extensions' must be a dictionary, found " + Describe(value));
    return;
  }
  if (extensions.size() == 0) Error("'extensions' must not be empty (omit it instead)");
  CheckDuplicateKeys(extensions);
  for (dom::key_value_pair field : extensions) {
    PathScope at(path_, field.key);
    std::string_view key = field.key;
    dom::object extension;
    if (field.value.get_object().get(extension) != simdjson::SUCCESS) {
      Error("extension " + Quote(key) + " must be an object, found " + Describe(field.value));
      continue;
    }
    if (key.starts_with(kExtensionDefinitionPrefix)) {
      CheckDefinedExtension(key, extension);
    } else if (const ExtensionInfo* predefined = FindPredefinedExtension(key)) {
      if (predefined->owner != object_type_) {
        Error("predefined extension " + Quote(key) + " applies to " +
              std::string(TypeOf(predefined->owner).name) + " objects, not to " +
              (type_name_.empty() ? std::string("this object") : Quote(type_name_)));
        continue;
      }
      PooledState state(states_);
      CheckStruct(extension, *predefined->info, UnknownPolicy::kWarn, state.get());
    } else if (key.starts_with("x-")) {
      Warning("extension " + Quote(key) +
              " is a STIX 2.0-style custom extension; STIX 2.1 defines extensions with "
              "extension-definition objects");
      CheckSpecialCategories({}, field.value);
      CheckAnyValue(field.value, true);
    } else {
      Error("extension key " + Quote(key) +
            " is neither an extension-definition id nor a predefined extension name");
    }
  }
}

void Checker::CheckDefinedExtension(std::string_view key, dom::object extension) {
  auto id = ParseStixId(key);
  if (!id || id->type != "extension-definition") {
    Error("extension key " + Quote(key) + " is not a valid extension-definition id" +
          (id ? std::string() : ": " + id.error().message));
    return;
  }
  if (key == kTlp2ExtensionId || key == kQccmSharingExtensionId) {
    PooledState state(states_);
    CheckStruct(extension, key == kTlp2ExtensionId ? Tlp2ExtensionInfo() : SharingExtensionInfo(),
                UnknownPolicy::kWarn, state.get());
    return;
  }
  dom::element type_value;
  bool has_type = false;
  for (dom::key_value_pair field : extension) {
    if (field.key == "extension_type") {
      type_value = field.value;
      has_type = true;
      continue;
    }
    PathScope at(path_, field.key);
    CheckSpecialCategories(field.key, field.value);
    if (!IsCustomPropertyName(field.key)) {
      Error("extension property name " + Quote(field.key) +
            " must be 3-250 characters of a-z, 0-9 and '_'");
    }
    CheckAnyValue(field.value, true);
  }
  CheckDuplicateKeys(extension);
  PathScope at(path_, "extension_type");
  if (!has_type) {
    Error("extension " + Quote(key) + " has no 'extension_type'");
    return;
  }
  auto type = AsString(type_value);
  if (!type) {
    Error("'extension_type' must be a string, found " + Describe(type_value));
    return;
  }
  if (*type == "toplevel-property-extension") {
    NoteToplevelExtension();
  } else if (*type == "new-sdo" || *type == "new-sco" || *type == "new-sro") {
    if (object_type_ != ObjType::kCount) {
      Error("'extension_type' " + Quote(*type) + " defines a new object type, but " +
            Quote(type_name_) + " is a STIX 2.1 type");
    }
  } else if (*type != "property-extension") {
    Error(
        "'extension_type' must be one of new-sdo, new-sco, new-sro, property-extension, "
        "toplevel-property-extension; found " +
        Quote(*type));
  }
}

// ---- rules every object shares ----

void Checker::CheckCommonRules(RuleContext& context) {
  // STIX 2.1 §3.2: modified MUST be later than or equal to created.
  context.CheckOrder("created", "modified", false);
}

ObjectFacts Checker::BuildFacts(RuleContext& context) {
  ObjectFacts facts;
  facts.id = std::string(object_id_);
  facts.type = std::string(type_name_);
  if (auto v = context.String("spec_version")) facts.spec_version = std::string(*v);
  switch (category_) {
    case Category::kSdo:
      facts.category = ObjectCategory::kSdo;
      break;
    case Category::kSro:
      facts.category = ObjectCategory::kSro;
      break;
    case Category::kSco:
      facts.category = ObjectCategory::kSco;
      break;
    case Category::kMarkingDefinition:
    case Category::kLanguageContent:
    case Category::kExtensionDefinition:
      facts.category = ObjectCategory::kMeta;
      break;
    default:
      facts.category = ObjectCategory::kCustom;
      break;
  }
  facts.created = context.Time("created");
  facts.modified = context.Time("modified");
  if (facts.modified) {
    facts.version = facts.modified;
    facts.version_text = std::string(context.String("modified").value_or(""));
  } else if (facts.created) {
    facts.version = facts.created;
    facts.version_text = std::string(context.String("created").value_or(""));
  }
  facts.revoked = context.Bool("revoked").value_or(false);
  if (auto v = context.String("created_by_ref")) facts.created_by_ref = std::string(*v);
  dom::array markings;
  if (context.Has("object_marking_refs") &&
      context.Get("object_marking_refs").get_array().get(markings) == simdjson::SUCCESS) {
    facts.object_marking_refs.reserve(markings.size());
    for (dom::element item : markings) {
      std::string_view ref;
      if (item.get_string().get(ref) != simdjson::SUCCESS) continue;
      facts.object_marking_refs.emplace_back(ref);
      if (auto level = TlpOfMarkingId(ref); level && *level > facts.tlp) facts.tlp = *level;
    }
  }
  if (object_type_ == ObjType::kIndicator) facts.valid_until = context.Time("valid_until");
  facts.shared_with = std::move(shared_with_);
  shared_with_.clear();
  return facts;
}

// ---- RuleContext ----

const Entry* RuleContext::Find(std::string_view name) const {
  const Entry* entry = FindEntry(info_, name);
  QCCM_CHECK_MSG(entry != nullptr, "a rule asked for a property its struct does not define");
  return entry;
}

bool RuleContext::Lookup(std::string_view name, dom::element& value) const {
  const Entry* entry = Find(name);
  if (!((state_.seen >> entry->bit) & 1)) return false;
  value = state_.values[entry->bit];
  return true;
}

bool RuleContext::Has(std::string_view name) const { return (state_.seen >> Find(name)->bit) & 1; }

dom::element RuleContext::Get(std::string_view name) const {
  dom::element value;
  Lookup(name, value);
  return value;
}

std::optional<Timestamp> RuleContext::Time(std::string_view name) const {
  const Entry* entry = Find(name);
  if (!((state_.seen & state_.timestamps_ok) >> entry->bit & 1)) return std::nullopt;
  return Timestamp{state_.timestamps[entry->bit]};
}

std::optional<std::string_view> RuleContext::String(std::string_view name) const {
  dom::element value;
  if (!Lookup(name, value)) return std::nullopt;
  return AsString(value);
}

std::optional<bool> RuleContext::Bool(std::string_view name) const {
  dom::element value;
  bool result = false;
  if (!Lookup(name, value) || value.get_bool().get(result) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return result;
}

bool RuleContext::HasOwnProperty() const {
  std::size_t own = info_.spec->props.size();
  std::uint64_t mask = own >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << own) - 1;
  return (state_.seen & mask) != 0;
}

void RuleContext::Error(std::string message) { checker_.Error(std::move(message)); }

void RuleContext::ErrorAt(std::string_view property, std::string message) {
  PathScope at(checker_.path(), property);
  checker_.Error(std::move(message));
}

void RuleContext::WarningAt(std::string_view property, std::string message) {
  PathScope at(checker_.path(), property);
  checker_.Warning(std::move(message));
}

void RuleContext::CheckOrder(std::string_view earlier, std::string_view later,
                             bool strictly_later) {
  auto a = Time(earlier), b = Time(later);
  if (!a || !b) return;
  bool bad = strictly_later ? !(*b > *a) : *b < *a;
  if (!bad) return;
  ErrorAt(later, Q(later) + " (" + std::string(*String(later)) + ") must be " +
                     (strictly_later ? "later than " : "later than or equal to ") + Q(earlier) +
                     " (" + std::string(*String(earlier)) + ")");
}

void RuleContext::RequireOneOf(std::initializer_list<std::string_view> names,
                               std::string_view why) {
  for (std::string_view name : names) {
    if (Has(name)) return;
  }
  std::string list;
  std::size_t i = 0;
  for (std::string_view name : names) {
    if (i > 0) list += i + 1 == names.size() ? " or " : ", ";
    list += Q(name);
    ++i;
  }
  Error((names.size() == 1 ? list : "at least one of " + list) + " must be present" +
        (why.empty() ? std::string() : " (" + std::string(why) + ")"));
}

}  // namespace qccm::stix::internal
