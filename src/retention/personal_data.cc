// Which objects hold personal data, and the small value helpers of retention.h. The rule is on
// the object's type and property names, never on free text (docs/retention.md justifies it).
#include <boost/json.hpp>
#include <string>

#include "qccm/retention/retention.h"

namespace qccm::retention {
namespace {

namespace json = boost::json;

// STIX 2.1 has no phone-number SCO: phone numbers arrive as custom properties ("x_phone",
// "x_acme_msisdn") or custom observables ("x-phone-number"). Tokens of a name that mark one.
bool IsPhoneToken(std::string_view token) {
  return token == "phone" || token == "phones" || token == "telephone" || token == "msisdn" ||
         token == "fax" || token == "cellphone";
}

bool NameHasPhoneToken(std::string_view name) {
  std::string token;
  auto check = [&] {
    bool hit = IsPhoneToken(token);
    token.clear();
    return hit;
  };
  char previous = 0;
  for (char c : name) {
    bool split_camel = c >= 'A' && c <= 'Z' && previous >= 'a' && previous <= 'z';
    previous = c;
    if (split_camel && check()) return true;  // "telephoneNumber": telephone, number
    if (c >= 'A' && c <= 'Z') {
      token.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c >= 'a' && c <= 'z') {
      token.push_back(c);
    } else if (check()) {
      return true;
    }
  }
  return check();
}

bool HasPhoneKey(const json::value& value, int depth) {
  if (depth > 32) return false;
  if (const json::object* object = value.if_object()) {
    for (const auto& [key, item] : *object) {
      if (NameHasPhoneToken(key) || HasPhoneKey(item, depth + 1)) return true;
    }
  } else if (const json::array* array = value.if_array()) {
    for (const json::value& item : *array) {
      if (HasPhoneKey(item, depth + 1)) return true;
    }
  }
  return false;
}

}  // namespace

std::string_view ReviewStateName(ReviewState state) {
  return state == ReviewState::kOpen ? "open" : "purged";
}

bool HoldsPersonalData(std::string_view object_json) {
  boost::system::error_code ec;
  json::value value = json::parse(object_json, ec);
  if (ec || !value.is_object()) return false;
  const json::object& object = value.get_object();
  const json::value* type_value = object.if_contains("type");
  if (type_value == nullptr || !type_value->is_string()) return false;
  std::string_view type = type_value->get_string();
  // STIX 2.1 §6.1 email-addr, §6.16 user-account: addresses and accounts of people.
  if (type == "email-addr" || type == "user-account") return true;
  if (type == "identity") {
    // §4.5, identity-class-ov: "individual" is a single person.
    const json::value* cls = object.if_contains("identity_class");
    if (cls != nullptr && cls->is_string() && cls->get_string() == "individual") return true;
  }
  if (NameHasPhoneToken(type)) return true;
  return HasPhoneKey(value, 0);
}

Status ValidateReason(std::string_view what, std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(what) + ": a reason is required and must not be empty");
  }
  if (text.size() > 1000) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(what) + ": at most 1000 characters");
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != ' ') {
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string(what) + ": control characters are not allowed");
    }
  }
  return Ok();
}

}  // namespace qccm::retention
