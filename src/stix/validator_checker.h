// The per-Validator checking engine: walks one parsed object against the spec tables, keeps
// the JSON path of where it is, and records findings. Private to src/stix.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/time.h"
#include "qccm/stix/tlp.h"
#include "qccm/stix/validator.h"
#include "stix/validator_spec.h"

namespace qccm::stix::internal {

namespace dom = simdjson::dom;

// The JSON path of the value being checked, kept as views into the parsed document and only
// turned into text ("$.external_references[2].url") when a finding is recorded.
class Path {
 public:
  void PushKey(std::string_view key);
  void PushIndex(std::size_t index);
  void Pop();
  std::size_t depth() const { return depth_; }
  std::string ToString() const;

 private:
  struct Segment {
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
  };
  static constexpr std::size_t kMaxDepth = 48;
  std::array<Segment, kMaxDepth> segments_{};
  std::size_t depth_ = 0;  // may exceed kMaxDepth; deeper segments are shown as "..."
};

// Pushes a path segment for the lifetime of the scope.
class PathScope {
 public:
  PathScope(Path& path, std::string_view key) : path_(path) { path_.PushKey(key); }
  PathScope(Path& path, std::size_t index) : path_(path) { path_.PushIndex(index); }
  ~PathScope() { path_.Pop(); }
  PathScope(const PathScope&) = delete;
  PathScope& operator=(const PathScope&) = delete;

 private:
  Path& path_;
};

// What was seen in one JSON object while checking it against a StructInfo: which entries
// (by bit), their values, and the parsed value of each timestamp that was valid.
// Only entries whose bit is in `seen` (or `timestamps_ok`) hold meaningful values, so a state
// is reused after resetting the two masks.
struct StructState {
  std::uint64_t seen = 0;
  std::uint64_t timestamps_ok = 0;
  std::array<dom::element, 64> values;
  std::array<std::int64_t, 64> timestamps;
};

// Lends a StructState per nesting level of embedded structs, reset and reused across objects
// (a state is 1.5 KB; building one per external reference would cost more than checking it).
class StatePool {
 public:
  StructState& Acquire() {
    if (depth_ == states_.size()) states_.push_back(std::make_unique<StructState>());
    StructState& state = *states_[depth_++];
    state.seen = 0;
    state.timestamps_ok = 0;
    return state;
  }
  void Release() { --depth_; }

 private:
  std::vector<std::unique_ptr<StructState>> states_;
  std::size_t depth_ = 0;
};

// A StructState from the pool for the lifetime of the scope.
class PooledState {
 public:
  explicit PooledState(StatePool& pool) : pool_(pool), state_(pool.Acquire()) {}
  ~PooledState() { pool_.Release(); }
  PooledState(const PooledState&) = delete;
  PooledState& operator=(const PooledState&) = delete;
  StructState& get() { return state_; }

 private:
  StatePool& pool_;
  StructState& state_;
};

// How properties that the struct does not define are treated.
enum class UnknownPolicy : std::uint8_t {
  kCustomProperty,     // top level: custom properties (name rules, x_ prefix warning)
  kExtensionProperty,  // inside a property-extension: name rules only
  kWarn,               // inside an embedded type: a warning
};

class Checker;

// What a per-struct rule sees: the struct's values by name, and ways to report findings.
class RuleContext {
 public:
  RuleContext(Checker& checker, const StructInfo& info, StructState& state, dom::object object)
      : checker_(checker), info_(info), state_(state), object_(object) {}

  bool Has(std::string_view name) const;
  // The value of a present property. Only call it after Has(name): an absent property gives
  // an unusable element.
  dom::element Get(std::string_view name) const;
  // The parsed timestamp, when present and valid.
  std::optional<Timestamp> Time(std::string_view name) const;
  std::optional<std::string_view> String(std::string_view name) const;
  std::optional<bool> Bool(std::string_view name) const;
  dom::object object() const { return object_; }
  // True if any property the struct itself defines (not a common one) is present.
  bool HasOwnProperty() const;
  std::string_view struct_name() const { return info_.spec->name; }

  // Findings at the struct itself, or at one of its properties.
  void Error(std::string message);
  void ErrorAt(std::string_view property, std::string message);
  void WarningAt(std::string_view property, std::string message);
  // "'b' must not be earlier than 'a'" when both are valid timestamps and b < a (or b <= a
  // when `strictly_later`).
  void CheckOrder(std::string_view earlier, std::string_view later, bool strictly_later);
  // An error unless at least one of `names` is present.
  void RequireOneOf(std::initializer_list<std::string_view> names, std::string_view why = {});

  Checker& checker() { return checker_; }

 private:
  const Entry* Find(std::string_view name) const;
  // The value of `name` if present: one table lookup.
  bool Lookup(std::string_view name, dom::element& value) const;
  Checker& checker_;
  const StructInfo& info_;
  StructState& state_;
  dom::object object_;
};

// Checks objects one at a time; owns the reusable per-object scratch state. Not thread-safe.
class Checker {
 public:
  explicit Checker(const ValidatorOptions& options) : options_(options) {}

  // Checks one parsed top-level object (at `object_index` in its input, if known) against
  // the tables. Appends findings to `out`; returns the facts if no error was found.
  std::optional<ObjectFacts> CheckObject(dom::element root, std::vector<Finding>& out,
                                         std::optional<std::size_t> object_index = {});

  // --- findings, at the current path ---
  void Error(std::string message, std::optional<std::size_t> column = std::nullopt);
  void Warning(std::string message);
  Path& path() { return path_; }
  StatePool& states() { return states_; }
  const ValidatorOptions& options() const { return options_; }

  // --- value checks (validator_values.cc) ---
  void CheckStruct(dom::object object, const StructInfo& info, UnknownPolicy policy,
                   StructState& state);
  void CheckValue(const Entry& entry, dom::element value, StructState& state);
  // Checks a JSON value whose shape the spec leaves open (custom properties, dictionary
  // values): no duplicate keys at any depth; at the top (`top`) also no null, no empty list.
  void CheckAnyValue(dom::element value, bool top);
  // An error for each key that appears twice in `object` (the DOM keeps both).
  void CheckDuplicateKeys(dom::object object);
  bool CheckRef(std::string_view name, dom::element value, const RefTargets& targets);
  std::optional<std::string_view> ExpectString(std::string_view name, dom::element value);
  bool ExpectNonEmptyList(std::string_view name, dom::element value, dom::array& out);
  static bool IsCustomPropertyName(std::string_view name);
  // Data minimisation: an error if the custom property `key` (the path is already at it), or any
  // key nested in its `value`, names a special category of personal data (special_categories.h).
  void CheckSpecialCategories(std::string_view key, dom::element value);

  // --- the object being checked ---
  ObjType object_type() const { return object_type_; }
  Category category() const { return category_; }
  std::string_view type_name() const { return type_name_; }
  std::string_view object_id() const { return object_id_; }
  dom::object root() const { return root_; }
  dom::element root_element() const { return root_element_; }
  void NoteToplevelExtension() { has_toplevel_extension_ = true; }
  void NoteTlp2Level(Tlp level) { tlp2_level_ = level; }
  std::optional<Tlp> tlp2_level() const { return tlp2_level_; }
  std::vector<std::string>& shared_with() { return shared_with_; }

 private:
  struct Recorded {
    std::size_t start = 0;
    std::size_t errors = 0;
  };
  void Record(Severity severity, std::string message, std::optional<std::size_t> column);
  const StructInfo* Classify(dom::object root);
  void CheckCustomProperty(std::string_view key, dom::element value);
  void CheckCustomPropertyNames();
  void CheckExtensions(dom::element value);
  void CheckDefinedExtension(std::string_view key, dom::object extension);
  void CheckCommonRules(RuleContext& context);
  ObjectFacts BuildFacts(RuleContext& context);

  void CheckTimestamp(const Entry& entry, dom::element value, StructState& state);
  void CheckInteger(const PropSpec& spec, dom::element value);
  void CheckFloat(const PropSpec& spec, dom::element value);
  void CheckEnum(const PropSpec& spec, std::string_view name, dom::element value);
  void CheckHashes(std::string_view name, dom::element value);
  void CheckDictionary(std::string_view name, dom::element value);
  void CheckStructList(const PropSpec& spec, const StructInfo& info, dom::element value);
  void CheckId(dom::element value);
  void CheckObservedObjects(dom::element value);
  void CheckLanguageContents(dom::element value);
  std::string CategoryPhrase() const;
  static std::string_view Article(std::string_view noun);

  const ValidatorOptions& options_;
  Path path_;
  StatePool states_;
  std::vector<Finding>* out_ = nullptr;
  Recorded recorded_;
  StructState top_;
  // Custom property names seen at the top level (duplicates, the deferred x_ warning).
  std::vector<std::string_view> custom_keys_;

  std::optional<std::size_t> object_index_;
  ObjType object_type_ = ObjType::kCount;  // kCount: not a spec type
  Category category_ = Category::kSdo;
  std::string_view type_name_;
  std::string_view object_id_;  // set only when the id is well formed
  dom::object root_;
  dom::element root_element_;
  bool has_toplevel_extension_ = false;
  std::optional<Tlp> tlp2_level_;
  std::vector<std::string> shared_with_;
};

// True if `id` is a well-formed identifier "type--uuid" (the type part is returned in *type).
// Accepts exactly what qccm::ParseStixId accepts, without building error text, so the hot
// path uses it and ParseStixId runs only to explain a failure.
bool IsStixId(std::string_view id, std::string_view* type);

// "'abc'" with the text cut to 80 bytes (at a UTF-8 boundary) so no finding dumps content.
std::string Quote(std::string_view text);
// "a string", "a number", "null", ... for "found ..." messages.
std::string_view JsonTypeName(dom::element value);
// What a value is, briefly: a quoted string, a number, or its JSON type.
std::string Describe(dom::element value);

}  // namespace qccm::stix::internal
