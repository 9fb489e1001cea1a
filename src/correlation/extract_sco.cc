// Observables from SCO and observed-data JSON (Boost.JSON; its error_code API, no exceptions).
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "qccm/correlation/observable_extract.h"

namespace qccm::correlation {
namespace {

namespace json = boost::json;

Result<json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec) {
    return MakeError(ErrorCode::kInvalidInput, "not JSON: " + ec.message());
  }
  if (!value.is_object()) return MakeError(ErrorCode::kInvalidInput, "not a JSON object");
  return std::move(value.as_object());
}

std::string_view StringAt(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->value().is_string()) return {};
  const json::string& s = it->value().as_string();
  return {s.data(), s.size()};
}

void Take(Extraction& out, ObservableType type, std::string_view raw, std::string path) {
  auto observable = Normalize(type, raw);
  if (!observable) {
    ErrorPlace place;
    place.json_path = path;
    out.problems.push_back(Error{ErrorCode::kInvalidInput, observable.error().message, place});
    return;
  }
  out.observables.push_back({std::move(*observable), std::move(path), 0});
}

void ExtractSco(const json::object& sco, const std::string& prefix, Extraction& out) {
  std::string_view type = StringAt(sco, "type");
  auto value_of = [&](std::string_view key) { return StringAt(sco, key); };
  if (type == "ipv4-addr" || type == "ipv6-addr") {
    std::string_view value = value_of("value");
    if (value.empty()) return;
    bool cidr = value.find('/') != std::string_view::npos;
    ObservableType t = type == "ipv4-addr"
                           ? (cidr ? ObservableType::kIpv4Cidr : ObservableType::kIpv4)
                           : (cidr ? ObservableType::kIpv6Cidr : ObservableType::kIpv6);
    Take(out, t, value, prefix + ".value");
  } else if (type == "domain-name" || type == "url" || type == "email-addr") {
    std::string_view value = value_of("value");
    if (value.empty()) return;
    ObservableType t = type == "domain-name" ? ObservableType::kDomain
                       : type == "url"       ? ObservableType::kUrl
                                             : ObservableType::kEmail;
    Take(out, t, value, prefix + ".value");
  } else if (type == "mutex") {
    if (auto name = value_of("name"); !name.empty()) {
      Take(out, ObservableType::kMutex, name, prefix + ".name");
    }
  } else if (type == "user-account") {
    for (std::string_view key : {"user_id", "account_login"}) {
      if (auto v = value_of(key); !v.empty()) {
        Take(out, ObservableType::kUserAccount, v, prefix + "." + std::string(key));
      }
    }
  }
  if (type == "file" || type == "artifact" || type == "x509-certificate") {
    auto hashes = sco.find("hashes");
    if (hashes == sco.end() || !hashes->value().is_object()) return;
    for (const auto& [algorithm, value] : hashes->value().as_object()) {
      auto t = HashTypeOf(algorithm);
      if (!t || !value.is_string()) continue;
      const json::string& s = value.as_string();
      std::string key(algorithm);
      Take(out, *t, {s.data(), s.size()}, prefix + ".hashes." + key);
    }
  }
}

}  // namespace

Result<Extraction> ExtractFromSco(std::string_view json_text) {
  QCCM_TRY(object, ParseObject(json_text));
  Extraction extraction;
  ExtractSco(object, "$", extraction);
  return extraction;
}

namespace {

Extraction ExtractObservedData(const json::object& object) {
  Extraction extraction;
  auto objects = object.find("objects");
  if (objects == object.end() || !objects->value().is_object()) return extraction;
  for (const auto& [key, sco] : objects->value().as_object()) {
    if (!sco.is_object()) continue;
    ExtractSco(sco.as_object(), "$.objects." + std::string(key), extraction);
  }
  return extraction;
}

}  // namespace

Result<Extraction> ExtractFromObservedData(std::string_view json_text) {
  QCCM_TRY(object, ParseObject(json_text));
  return ExtractObservedData(object);
}

Result<Extraction> ExtractFromObject(std::string_view json_text) {
  QCCM_TRY(object, ParseObject(json_text));
  std::string_view type = StringAt(object, "type");
  if (type == "observed-data") return ExtractObservedData(object);
  if (type == "indicator") {
    Extraction extraction;
    if (StringAt(object, "pattern_type") != "stix") return extraction;
    auto pattern = stix::ParsePattern(StringAt(object, "pattern"));
    if (!pattern) {
      Error error = pattern.error();
      error.where.json_path = "$.pattern";
      extraction.problems.push_back(std::move(error));
      return extraction;
    }
    return ExtractFromPattern(*pattern);
  }
  Extraction extraction;
  ExtractSco(object, "$", extraction);
  return extraction;
}

}  // namespace qccm::correlation
