// The value-kind checks: one function per Kind in validator_spec.h (strings, timestamps,
// identifiers, numbers, enumerations, hashes, dictionaries, binary, hex, ...).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "qccm/core/stix_id.h"
#include "stix/validator_checker.h"

namespace qccm::stix::internal {
namespace {

std::string Q(std::string_view name) { return "'" + std::string(name) + "'"; }

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }

std::string RangeText(std::int64_t lo, std::int64_t hi) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  if (lo != kMin && hi != kMax)
    return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (lo != kMin) return "an integer >= " + std::to_string(lo);
  if (hi != kMax) return "an integer <= " + std::to_string(hi);
  return "an integer";
}

std::string FloatText(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

std::string JoinValues(std::span<const std::string_view> values) {
  std::string out;
  for (std::string_view v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

// STIX 2.1 §2.6 (hashes): the hash-algorithm-ov names and the hex length of those with a
// fixed digest size.
struct HashAlgorithm {
  std::string_view name;
  std::size_t hex_digits;  // 0: not a fixed-length hex digest
};
constexpr HashAlgorithm kHashAlgorithms[] = {
    {"MD5", 32},      {"SHA-1", 40},     {"SHA-256", 64}, {"SHA-512", 128},
    {"SHA3-256", 64}, {"SHA3-512", 128}, {"SSDEEP", 0},   {"TLSH", 0},
};

// "sha256" and "SHA256" for "SHA-256": compares ignoring case and '-'.
bool SameAlgorithmLoosely(std::string_view a, std::string_view b) {
  auto next = [](std::string_view s, std::size_t& i) -> int {
    while (i < s.size() && s[i] == '-') ++i;
    if (i == s.size()) return -1;
    char c = s[i++];
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
  };
  std::size_t i = 0, j = 0;
  for (;;) {
    int x = next(a, i), y = next(b, j);
    if (x != y) return false;
    if (x == -1) return true;
  }
}

bool IsBase64(std::string_view s) {
  if (s.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') {
      ++padding;
      if (i < s.size() - 2) return false;
      continue;
    }
    if (padding > 0) return false;
    if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '/')) return false;
  }
  return padding <= 2;
}

// RFC 5646 language tag, shape only: "en", "fr-CA", "zh-Hant-TW".
bool IsLanguageTag(std::string_view s) {
  std::size_t i = 0, part = 0;
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && (IsAlpha(s[i]) || (part > 0 && IsDigit(s[i])))) ++i;
    std::size_t len = i - start;
    if (len == 0 || len > 8 || (part == 0 && len < 2)) return false;
    ++part;
    if (i == s.size()) return true;
    if (s[i] != '-') return false;
    ++i;
  }
  return false;
}

// A value that is an absolute URI by shape: scheme ":" then no whitespace.
bool LooksLikeUri(std::string_view s) {
  std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || !IsAlpha(s[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char c = s[i];
    if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  for (std::size_t i = colon + 1; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return colon + 1 < s.size();
}

}  // namespace

// ---- one value of a known property ----

namespace {

std::optional<std::string_view> AsString(dom::element value) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

}  // namespace

std::optional<std::string_view> Checker::ExpectString(std::string_view name, dom::element value) {
  auto s = AsString(value);
  if (!s) Error(Q(name) + " must be a string, found " + Describe(value));
  return s;
}

bool Checker::ExpectNonEmptyList(std::string_view name, dom::element value, dom::array& out) {
  if (value.get_array().get(out) != simdjson::SUCCESS) {
    Error(Q(name) + " must be a list, found " + Describe(value));
    return false;
  }
  if (out.size() == 0) {
    Error(Q(name) + " must not be an empty list (omit the property instead)");
    return false;
  }
  return true;
}

bool Checker::CheckRef(std::string_view name, dom::element value, const RefTargets& targets) {
  auto text = ExpectString(name, value);
  if (!text) return false;
  std::string_view type_name;
  if (!IsStixId(*text, &type_name)) {
    auto parts = ParseStixId(*text);
    Error(Q(name) + " is not a valid identifier: " +
          (parts ? std::string("malformed") : parts.error().message));
    return false;
  }
  const TypeInfo* type = FindType(type_name);
  bool ok = type != nullptr ? (targets.types & Bit(type->type)) != 0 : targets.custom;
  if (!ok) {
    Error(Q(name) + " must refer to " + std::string(targets.describe) + ", found " + Quote(*text));
  }
  return ok;
}

void Checker::CheckTimestamp(const Entry& entry, dom::element value, StructState& state) {
  std::string_view name = entry.spec->name;
  auto text = ExpectString(name, value);
  if (!text) return;
  int digits = 0;
  auto parsed = ParseTimestamp(*text, &digits);
  if (!parsed) {
    std::string why = parsed.error().message;
    if (why.starts_with("invalid timestamp: ")) why = why.substr(19);
    std::string where;
    if (parsed.error().where.column) {
      where = " at character " + std::to_string(*parsed.error().where.column);
    }
    Error(Q(name) + " is not a valid timestamp: " + why + where + ", found " + Quote(*text));
    return;
  }
  state.timestamps[entry.bit] = parsed->micros;
  state.timestamps_ok |= std::uint64_t{1} << entry.bit;
  if ((entry.flags & kMillis) && digits < 3) {
    Warning(Q(name) +
            " should be precise to at least the millisecond (3 digits after the "
            "seconds), found " +
            Quote(*text));
  }
}

void Checker::CheckInteger(const PropSpec& spec, dom::element value) {
  std::int64_t v = 0;
  bool in_range = true;
  switch (value.type()) {
    case dom::element_type::INT64:
      v = value.get_int64().value_unsafe();
      break;
    case dom::element_type::UINT64:
      in_range = false;
      break;  // above INT64_MAX
    default:
      Error(Q(spec.name) + " must be " + RangeText(spec.int_min, spec.int_max) + ", found " +
            Describe(value));
      return;
  }
  if (!in_range || v < spec.int_min || v > spec.int_max) {
    Error(Q(spec.name) + " must be " + RangeText(spec.int_min, spec.int_max) + ", found " +
          Describe(value));
  }
}

void Checker::CheckFloat(const PropSpec& spec, dom::element value) {
  double v = 0;
  if (!value.is_number() || value.get_double().get(v) != simdjson::SUCCESS) {
    Error(Q(spec.name) + " must be a number, found " + Describe(value));
    return;
  }
  if (v < spec.float_min || v > spec.float_max) {
    std::string range = std::isinf(spec.float_max) ? ">= " + FloatText(spec.float_min)
                                                   : "from " + FloatText(spec.float_min) + " to " +
                                                         FloatText(spec.float_max);
    Error(Q(spec.name) + " must be a number " + range + ", found " + Describe(value));
  }
}

void Checker::CheckEnum(const PropSpec& spec, std::string_view name, dom::element value) {
  auto s = ExpectString(name, value);
  if (!s) return;
  if (std::find(spec.values.begin(), spec.values.end(), *s) == spec.values.end()) {
    Error(Q(name) + " must be one of " + JoinValues(spec.values) + "; found " + Quote(*s));
  }
}

void Checker::CheckHashes(std::string_view name, dom::element value) {
  dom::object hashes;
  if (value.get_object().get(hashes) != simdjson::SUCCESS) {
    Error(Q(name) + " must be a dictionary of hashes, found " + Describe(value));
    return;
  }
  if (hashes.size() == 0) Error(Q(name) + " must not be empty");
  CheckDuplicateKeys(hashes);
  for (dom::key_value_pair field : hashes) {
    PathScope at(path_, field.key);
    std::string_view key = field.key;
    bool key_ok =
        key.size() >= 3 && key.size() <= 250 && std::all_of(key.begin(), key.end(), [](char c) {
          return IsAlpha(c) || IsDigit(c) || c == '-' || c == '_';
        });
    if (!key_ok) {
      Error("hash algorithm name " + Quote(key) +
            " must be 3-250 characters of a-z, A-Z, 0-9, '-' and '_'");
    }
    auto digest = AsString(field.value);
    if (!digest) {
      Error("the " + Quote(key) + " hash must be a string, found " + Describe(field.value));
      continue;
    }
    for (const HashAlgorithm& algorithm : kHashAlgorithms) {
      if (algorithm.name == key) {
        if (algorithm.hex_digits != 0 &&
            (digest->size() != algorithm.hex_digits ||
             !std::all_of(digest->begin(), digest->end(), IsHexDigit))) {
          Error("a " + std::string(key) + " hash must be " + std::to_string(algorithm.hex_digits) +
                " hex digits, found " + Quote(*digest));
        }
        break;
      }
      if (SameAlgorithmLoosely(algorithm.name, key)) {
        Warning("hash algorithm " + Quote(key) + " should be written " + Quote(algorithm.name) +
                " (hash-algorithm-ov)");
        break;
      }
    }
  }
}

void Checker::CheckDictionary(std::string_view name, dom::element value) {
  dom::object dict;
  if (value.get_object().get(dict) != simdjson::SUCCESS) {
    Error(Q(name) + " must be a dictionary, found " + Describe(value));
    return;
  }
  if (dict.size() == 0) Error(Q(name) + " must not be an empty dictionary");
  CheckDuplicateKeys(dict);
  for (dom::key_value_pair field : dict) {
    PathScope at(path_, field.key);
    std::string_view key = field.key;
    bool key_ok =
        !key.empty() && key.size() <= 250 && std::all_of(key.begin(), key.end(), [](char c) {
          return IsAlpha(c) || IsDigit(c) || c == '-' || c == '_';
        });
    if (!key_ok) {
      Error("dictionary key " + Quote(key) +
            " must be 1-250 characters of a-z, A-Z, 0-9, '-' and '_'");
    }
    CheckAnyValue(field.value, true);
  }
}

void Checker::CheckValue(const Entry& entry, dom::element value, StructState& state) {
  const PropSpec& spec = *entry.spec;
  std::string_view name = spec.name;
  switch (spec.kind) {
    case Kind::kString:
    case Kind::kOpenVocab:
      ExpectString(name, value);
      return;
    case Kind::kUrl:
      if (auto s = ExpectString(name, value); s && !LooksLikeUri(*s)) {
        Warning(Q(name) + " should be a URL (RFC 3986), found " + Quote(*s));
      }
      return;
    case Kind::kTimestamp:
      CheckTimestamp(entry, value, state);
      return;
    case Kind::kBoolean:
      if (!value.is_bool()) Error(Q(name) + " must be true or false, found " + Describe(value));
      return;
    case Kind::kInteger:
      CheckInteger(spec, value);
      return;
    case Kind::kFloat:
      CheckFloat(spec, value);
      return;
    case Kind::kRef:
      CheckRef(name, value, *spec.targets);
      return;
    case Kind::kRefList: {
      dom::array list;
      if (!ExpectNonEmptyList(name, value, list)) return;
      std::size_t i = 0;
      for (dom::element item : list) {
        PathScope at(path_, i++);
        CheckRef(name, item, *spec.targets);
      }
      return;
    }
    case Kind::kStringList:
    case Kind::kOpenVocabList:
    case Kind::kEnumList: {
      dom::array list;
      if (!ExpectNonEmptyList(name, value, list)) return;
      std::size_t i = 0;
      for (dom::element item : list) {
        PathScope at(path_, i++);
        if (spec.kind == Kind::kEnumList) {
          CheckEnum(spec, name, item);
        } else if (!item.is_string()) {
          Error("each of " + Q(name) + " must be a string, found " + Describe(item));
        }
      }
      return;
    }
    case Kind::kEnum:
      CheckEnum(spec, name, value);
      return;
    case Kind::kHashes:
      CheckHashes(name, value);
      return;
    case Kind::kKillChainPhases:
      CheckStructList(spec, KillChainPhaseInfo(), value);
      return;
    case Kind::kExternalReferences:
      CheckStructList(spec, ExternalReferenceInfo(), value);
      return;
    case Kind::kGranularMarkings:
      CheckStructList(spec, GranularMarkingInfo(), value);
      return;
    case Kind::kDictionary:
      CheckDictionary(name, value);
      return;
    case Kind::kBinary:
      if (auto s = ExpectString(name, value); s && !IsBase64(*s)) {
        Error(Q(name) + " must be base64 (RFC 4648), found " + Quote(*s));
      }
      return;
    case Kind::kHex:
      if (auto s = ExpectString(name, value);
          s && (s->size() % 2 != 0 || !std::all_of(s->begin(), s->end(), IsHexDigit))) {
        Error(Q(name) + " must be an even number of hex digits, found " + Quote(*s));
      }
      return;
    case Kind::kStruct: {
      dom::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) {
        Error(Q(name) + " must be " + std::string(Article(spec.sub->name)) +
              std::string(spec.sub->name) + " (a JSON object), found " + Describe(value));
        return;
      }
      PooledState sub(states_);
      CheckStruct(object, InfoOf(*spec.sub), UnknownPolicy::kWarn, sub.get());
      return;
    }
    case Kind::kStructList:
      CheckStructList(spec, InfoOf(*spec.sub), value);
      return;
    case Kind::kExtensions:
      CheckExtensions(value);
      return;
    case Kind::kType:
      return;  // checked when the object was classified
    case Kind::kId:
      CheckId(value);
      return;
    case Kind::kSpecVersion:
      if (auto s = ExpectString(name, value); s && *s != "2.1") {
        Error("'spec_version' must be \"2.1\", found " + Quote(*s));
      }
      return;
    case Kind::kLang:
      if (auto s = ExpectString(name, value); s && !IsLanguageTag(*s)) {
        Error(Q(name) + " must be an RFC 5646 language tag such as 'en' or 'fr-CA', found " +
              Quote(*s));
      }
      return;
    case Kind::kAnyObject:
      if (!value.is_object()) {
        Error(Q(name) + " must be an object, found " + Describe(value));
        return;
      }
      CheckAnyValue(value, true);
      return;
    case Kind::kObservedObjects:
      CheckObservedObjects(value);
      return;
    case Kind::kLanguageContents:
      CheckLanguageContents(value);
      return;
  }
}

void Checker::CheckId(dom::element value) {
  auto text = ExpectString("id", value);
  if (!text) return;
  // Classify kept the id only if it is well formed: parse again only to say what is wrong.
  if (text->data() != object_id_.data()) {
    if (auto parts = ParseStixId(*text); !parts) {
      Error("'id' is not a valid identifier: " + parts.error().message);
      return;
    }
  }
  if (!type_name_.empty() && StixIdType(*text) != type_name_) {
    Error("'id' " + Quote(*text) + " does not match the object's type " + Quote(type_name_) +
          " (expected " + Quote(std::string(type_name_) + "--<uuid>") + ")");
  }
}

void Checker::CheckObservedObjects(dom::element value) {
  dom::object objects;
  if (value.get_object().get(objects) != simdjson::SUCCESS) {
    Error("'objects' must be a dictionary of cyber-observable objects, found " + Describe(value));
    return;
  }
  if (objects.size() == 0) Error("'objects' must not be empty");
  CheckDuplicateKeys(objects);
  for (dom::key_value_pair field : objects) {
    PathScope at(path_, field.key);
    dom::object observable;
    if (field.value.get_object().get(observable) != simdjson::SUCCESS) {
      Error("each of 'objects' must be a cyber-observable object, found " + Describe(field.value));
      continue;
    }
    std::string_view type;
    if (observable["type"].get_string().get(type) != simdjson::SUCCESS || !IsValidStixType(type)) {
      Error("an observable in 'objects' must have a valid string 'type'");
    }
    CheckAnyValue(field.value, true);
  }
}

void Checker::CheckLanguageContents(dom::element value) {
  dom::object contents;
  if (value.get_object().get(contents) != simdjson::SUCCESS) {
    Error("'contents' must be a dictionary of language tag to translations, found " +
          Describe(value));
    return;
  }
  if (contents.size() == 0) Error("'contents' must not be empty");
  CheckDuplicateKeys(contents);
  for (dom::key_value_pair field : contents) {
    PathScope at(path_, field.key);
    if (!IsLanguageTag(field.key)) {
      Error("'contents' key " + Quote(field.key) + " must be an RFC 5646 language tag");
    }
    dom::object translation;
    if (field.value.get_object().get(translation) != simdjson::SUCCESS) {
      Error(
          "each of 'contents' must be a dictionary of property name to translated text, "
          "found " +
          Describe(field.value));
      continue;
    }
    CheckAnyValue(field.value, true);
  }
}

}  // namespace qccm::stix::internal
