// The generic walk over a JSON object checked against a StructInfo (known properties by table,
// unknown ones by policy, required ones, then the struct's rule), duplicate keys, the JSON path,
// and the text helpers findings use.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "stix/validator_checker.h"

namespace qccm::stix::internal {
namespace {

std::string Q(std::string_view name) { return "'" + std::string(name) + "'"; }

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }

std::string FloatText(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

// A small set of keys (unknown properties of one JSON object) for duplicate detection.
class KeySet {
 public:
  bool Insert(std::string_view key) {
    for (std::size_t i = 0; i < std::min(size_, kInline); ++i) {
      if (inline_[i] == key) return false;
    }
    for (std::string_view k : overflow_) {
      if (k == key) return false;
    }
    if (size_ < kInline) {
      inline_[size_] = key;
    } else {
      overflow_.push_back(key);
    }
    ++size_;
    return true;
  }

 private:
  static constexpr std::size_t kInline = 8;
  std::array<std::string_view, kInline> inline_{};
  std::vector<std::string_view> overflow_;
  std::size_t size_ = 0;
};

// Character classes for IsStixId.
enum : std::uint8_t { kHexChar = 1, kTypeChar = 2, kLowerChar = 4 };
constexpr std::array<std::uint8_t, 256> kCharClass = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = kHexChar | kTypeChar;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = kTypeChar | kLowerChar | (c <= 'f' ? kHexChar : 0);
  for (int c = 'A'; c <= 'F'; ++c) table[c] = kHexChar;
  table['-'] = kTypeChar;
  return table;
}();

std::uint8_t ClassOf(char c) { return kCharClass[static_cast<unsigned char>(c)]; }

}  // namespace

// STIX 2.1 §2.9 identifier: IsValidStixType for the part before the first "--" and
// IsValidUuid (36 characters, RFC 4122 version 1-5 and variant) for the rest.
bool IsStixId(std::string_view id, std::string_view* type) {
  constexpr std::size_t kUuid = 36;
  if (id.size() < 3 + 2 + kUuid || id.size() > 250 + 2 + kUuid) return false;
  std::string_view uuid = id.substr(id.size() - kUuid);
  std::string_view head = id.substr(0, id.size() - kUuid - 2);
  if (id[head.size()] != '-' || id[head.size() + 1] != '-') return false;
  // The type: starts with a letter, a-z 0-9 '-', no "--", does not end with '-'. (With a
  // "--" inside it, ParseStixId would split earlier and fail on the UUID length instead.)
  // Character classes are and-ed without branching; the rare failures are found at the end.
  std::uint8_t type_ok = kTypeChar;
  for (char c : head) type_ok &= ClassOf(c);
  if (!type_ok || !(ClassOf(head.front()) & kLowerChar) || head.back() == '-' ||
      head.find("--") != std::string_view::npos) {
    return false;
  }
  if (uuid[8] != '-' || uuid[13] != '-' || uuid[18] != '-' || uuid[23] != '-') return false;
  std::uint8_t hex_ok = kHexChar;
  for (std::size_t i = 0; i < kUuid; ++i) {
    hex_ok &= (i == 8 || i == 13 || i == 18 || i == 23) ? std::uint8_t{kHexChar} : ClassOf(uuid[i]);
  }
  char version = uuid[14], variant = uuid[19];
  if (!hex_ok || version < '1' || version > '5') return false;
  if (!(variant == '8' || variant == '9' || variant == 'a' || variant == 'b' || variant == 'A' ||
        variant == 'B')) {
    return false;
  }
  if (type != nullptr) *type = head;
  return true;
}

// ---- helpers shared with the rules ----

std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 80;
  bool cut = text.size() > kMax;
  std::size_t n = std::min(text.size(), kMax);
  if (cut) {
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  }
  std::string out = "'";
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    out += c < 0x20 ? '?' : text[i];
  }
  out += cut ? "...'" : "'";
  return out;
}

std::string_view JsonTypeName(dom::element value) {
  switch (value.type()) {
    case dom::element_type::ARRAY:
      return "a list";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
      return "an integer";
    case dom::element_type::DOUBLE:
      return "a number";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

std::string Describe(dom::element value) {
  switch (value.type()) {
    case dom::element_type::STRING: {
      return Quote(value.get_string().value_unsafe());
    }
    case dom::element_type::INT64: {
      return std::to_string(value.get_int64().value_unsafe());
    }
    case dom::element_type::UINT64: {
      return std::to_string(value.get_uint64().value_unsafe());
    }
    case dom::element_type::DOUBLE: {
      return FloatText(value.get_double().value_unsafe());
    }
    case dom::element_type::BOOL: {
      return value.get_bool().value_unsafe() ? "true" : "false";
    }
    default:
      return std::string(JsonTypeName(value));
  }
}

// ---- Path ----

void Path::PushKey(std::string_view key) {
  if (depth_ < kMaxDepth) segments_[depth_] = Segment{key, 0, false};
  ++depth_;
}

void Path::PushIndex(std::size_t index) {
  if (depth_ < kMaxDepth) segments_[depth_] = Segment{{}, index, true};
  ++depth_;
}

void Path::Pop() { --depth_; }

std::string Path::ToString() const {
  std::string out = "$";
  for (std::size_t i = 0; i < std::min(depth_, kMaxDepth); ++i) {
    const Segment& s = segments_[i];
    if (s.is_index) {
      out += "[" + std::to_string(s.index) + "]";
      continue;
    }
    bool plain = !s.key.empty() && !IsDigit(s.key[0]);
    for (char c : s.key) plain = plain && (IsAlpha(c) || IsDigit(c) || c == '_');
    if (plain) {
      out += ".";
      out += s.key;
    } else {
      out += "['";
      for (char c : s.key.substr(0, 120)) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
      }
      out += "']";
    }
  }
  if (depth_ > kMaxDepth) out += "...";
  return out;
}

// ---- the generic walk ----

void Checker::CheckStruct(dom::object object, const StructInfo& info, UnknownPolicy policy,
                          StructState& state) {
  KeySet unknown;
  for (dom::key_value_pair field : object) {
    PathScope at(path_, field.key);
    const Entry* entry = FindEntry(info, field.key);
    if (entry == nullptr) {
      if (policy == UnknownPolicy::kCustomProperty) {
        CheckCustomProperty(field.key, field.value);
        continue;
      }
      if (!unknown.Insert(field.key)) {
        Error("duplicate key " + Quote(field.key) + " in one JSON object");
        continue;
      }
      if (policy == UnknownPolicy::kWarn) {
        Warning(Quote(field.key) + " is not a property of a " + std::string(info.spec->name) +
                "; ignored");
      } else if (!IsCustomPropertyName(field.key)) {
        Error("property name " + Quote(field.key) +
              " must be 3-250 characters of a-z, 0-9 and '_'");
      }
      CheckSpecialCategories(field.key, field.value);
      CheckAnyValue(field.value, true);
      continue;
    }
    std::uint64_t bit = std::uint64_t{1} << entry->bit;
    if (state.seen & bit) {
      Error("duplicate key " + Quote(field.key) + " in one JSON object");
      continue;
    }
    state.seen |= bit;
    state.values[entry->bit] = field.value;
    if (entry->flags & kForbidden) {
      Error(Q(field.key) + " is not allowed on " + CategoryPhrase());
      continue;
    }
    if (entry->flags & kDeprecated) {
      Warning(Q(field.key) + " is deprecated in STIX 2.1");
    }
    CheckValue(*entry, field.value, state);
  }
  for (std::uint64_t missing = info.required & ~state.seen; missing != 0; missing &= missing - 1) {
    const Entry& entry = info.entries[static_cast<std::size_t>(__builtin_ctzll(missing))];
    PathScope at(path_, entry.spec->name);
    Error("required property " + Q(entry.spec->name) + " is missing");
  }
  if (info.spec->rule != nullptr) {
    RuleContext context(*this, info, state, object);
    info.spec->rule(context);
  }
}

bool Checker::IsCustomPropertyName(std::string_view name) {
  if (name.size() < 3 || name.size() > 250) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsLower(c) || IsDigit(c) || c == '_'; });
}

void Checker::CheckAnyValue(dom::element value, bool top) {
  switch (value.type()) {
    case dom::element_type::NULL_VALUE:
      if (top) Error("null is not a valid STIX value (omit the property instead)");
      return;
    case dom::element_type::ARRAY: {
      dom::array array = value.get_array().value_unsafe();
      if (top && array.size() == 0) {
        Error("an empty list is not a valid STIX value (omit the property instead)");
      }
      std::size_t i = 0;
      for (dom::element item : array) {
        if (item.is_array() || item.is_object()) {
          PathScope at(path_, i);
          CheckAnyValue(item, false);
        }
        ++i;
      }
      return;
    }
    case dom::element_type::OBJECT: {
      dom::object object = value.get_object().value_unsafe();
      CheckDuplicateKeys(object);
      for (dom::key_value_pair field : object) {
        if (field.value.is_array() || field.value.is_object()) {
          PathScope at(path_, field.key);
          CheckAnyValue(field.value, false);
        }
      }
      return;
    }
    default:
      return;
  }
}

void Checker::CheckDuplicateKeys(dom::object object) {
  std::size_t n = object.size();
  if (n < 2) return;
  auto report = [&](std::string_view key) {
    PathScope at(path_, key);
    Error("duplicate key " + Quote(key) + " in one JSON object");
  };
  if (n <= 16) {
    std::array<std::string_view, 16> keys;
    std::size_t k = 0;
    for (dom::key_value_pair field : object) {
      if (std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(k), field.key) !=
          keys.begin() + static_cast<std::ptrdiff_t>(k)) {
        report(field.key);
      }
      keys[k++] = field.key;
    }
    return;
  }
  std::vector<std::string_view> keys;
  keys.reserve(n);
  for (dom::key_value_pair field : object) keys.push_back(field.key);
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (keys[i] == keys[i - 1] && (i + 1 == keys.size() || keys[i + 1] != keys[i])) {
      report(keys[i]);
    }
  }
}

void Checker::CheckStructList(const PropSpec& spec, const StructInfo& info, dom::element value) {
  dom::array list;
  if (!ExpectNonEmptyList(spec.name, value, list)) return;
  std::size_t i = 0;
  for (dom::element item : list) {
    PathScope at(path_, i++);
    dom::object object;
    if (item.get_object().get(object) != simdjson::SUCCESS) {
      Error("each of " + Q(spec.name) + " must be " + std::string(Article(info.spec->name)) +
            std::string(info.spec->name) + " (a JSON object), found " + Describe(item));
      continue;
    }
    PooledState state(states_);
    CheckStruct(object, info, UnknownPolicy::kWarn, state.get());
  }
}

std::string_view Checker::Article(std::string_view noun) {
  return !noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos
             ? "an "
             : "a ";
}

std::string Checker::CategoryPhrase() const {
  switch (category_) {
    case Category::kSdo:
      return "an SDO (" + std::string(type_name_) + ")";
    case Category::kSro:
      return "an SRO (" + std::string(type_name_) + ")";
    case Category::kSco:
      return "a cyber-observable object (" + std::string(type_name_) + ")";
    case Category::kMarkingDefinition:
      return "a marking-definition";
    case Category::kLanguageContent:
      return "a language-content";
    case Category::kExtensionDefinition:
      return "an extension-definition";
    case Category::kCustomSdo:
      return "a custom object";
    case Category::kCustomSco:
      return "a custom observable object";
    case Category::kBundle:
    case Category::kCount:
      break;
  }
  return "this object";
}

}  // namespace qccm::stix::internal
