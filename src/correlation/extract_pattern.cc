// Observables from indicator patterns: the path-to-type table and the walk over comparisons.
#include <string>

#include "qccm/correlation/observable_extract.h"

namespace qccm::correlation {
namespace {

bool IsProperty(const stix::PathStep& step, std::string_view name) {
  return step.kind == stix::PathStep::Kind::kProperty && step.property == name;
}

bool IsRefProperty(const stix::PathStep& step) {
  return step.kind == stix::PathStep::Kind::kProperty &&
         (step.property.ends_with("_ref") || step.property.ends_with("_refs"));
}

std::optional<ObservableType> AddressLike(std::string_view value, bool allow_email) {
  auto type = DetectType(value);
  if (!type) return std::nullopt;
  switch (*type) {
    case ObservableType::kIpv4:
    case ObservableType::kIpv4Cidr:
    case ObservableType::kIpv6:
    case ObservableType::kIpv6Cidr:
    case ObservableType::kDomain:
      return type;
    case ObservableType::kEmail:
      if (allow_email) return type;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::string PathText(const stix::Comparison& comparison) {
  std::string text = comparison.object_type + ":";
  bool first = true;
  for (const auto& step : comparison.path) {
    switch (step.kind) {
      case stix::PathStep::Kind::kProperty: {
        if (!first) text += '.';
        bool plain = !step.property.empty();
        for (char c : step.property) {
          plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        }
        text += plain ? step.property : "'" + step.property + "'";
        break;
      }
      case stix::PathStep::Kind::kIndex:
        text += "[" + std::to_string(step.index) + "]";
        break;
      case stix::PathStep::Kind::kAnyIndex:
        text += "[*]";
        break;
    }
    first = false;
  }
  return text;
}

}  // namespace

std::optional<ObservableType> ObservableTypeForPath(std::string_view object_type,
                                                    std::span<const stix::PathStep> path,
                                                    std::string_view value) {
  if (path.empty()) return std::nullopt;
  if (path.size() == 1 && IsProperty(path[0], "value")) {
    if (object_type == "ipv4-addr") {
      return value.find('/') == std::string_view::npos ? ObservableType::kIpv4
                                                       : ObservableType::kIpv4Cidr;
    }
    if (object_type == "ipv6-addr") {
      return value.find('/') == std::string_view::npos ? ObservableType::kIpv6
                                                       : ObservableType::kIpv6Cidr;
    }
    if (object_type == "domain-name") return ObservableType::kDomain;
    if (object_type == "url") return ObservableType::kUrl;
    if (object_type == "email-addr") return ObservableType::kEmail;
    return std::nullopt;
  }
  if (path.size() == 2 && IsProperty(path[0], "hashes") &&
      path[1].kind == stix::PathStep::Kind::kProperty) {
    return HashTypeOf(path[1].property);
  }
  if (path.size() == 1 && object_type == "mutex" && IsProperty(path[0], "name")) {
    return ObservableType::kMutex;
  }
  if (path.size() == 1 && object_type == "user-account" &&
      (IsProperty(path[0], "user_id") || IsProperty(path[0], "account_login"))) {
    return ObservableType::kUserAccount;
  }
  // A reference followed by .value: x_ref.value or x_refs[*].value / x_refs[n].value.
  if (path.size() >= 2 && IsProperty(path.back(), "value")) {
    std::size_t ref = path.size() - 2;
    if (path[ref].kind != stix::PathStep::Kind::kProperty && ref > 0) --ref;
    if (IsRefProperty(path[ref])) {
      bool email = object_type == "email-message";
      if (email)
        return AddressLike(value, true) == ObservableType::kEmail
                   ? std::optional(ObservableType::kEmail)
                   : std::nullopt;
      return AddressLike(value, false);
    }
  }
  return std::nullopt;
}

Extraction ExtractFromPattern(const stix::Pattern& pattern) {
  Extraction extraction;
  auto take = [&](const stix::Comparison& comparison, std::uint32_t index,
                  const stix::Constant& constant) {
    const auto* text = std::get_if<std::string>(&constant.value);
    if (text == nullptr) return;
    auto type = ObservableTypeForPath(comparison.object_type, comparison.path, *text);
    if (!type) return;
    auto observable = Normalize(*type, *text);
    if (!observable) {
      ErrorPlace place;
      place.column = comparison.offset + 1;
      extraction.problems.push_back(Error{ErrorCode::kInvalidInput,
                                          PathText(comparison) + ": " + observable.error().message,
                                          place});
      return;
    }
    extraction.observables.push_back({std::move(*observable), PathText(comparison), index});
  };
  for (std::uint32_t i = 0; i < pattern.comparisons.size(); ++i) {
    const stix::Comparison& comparison = pattern.comparisons[i];
    if (comparison.negated) continue;
    if (comparison.op == stix::ComparisonOperator::kEqual) {
      take(comparison, i, comparison.value);
    } else if (comparison.op == stix::ComparisonOperator::kIn) {
      if (const auto* set = std::get_if<stix::SetConstant>(&comparison.value.value)) {
        for (const auto& item : set->items) take(comparison, i, item);
      }
    }
  }
  return extraction;
}

}  // namespace qccm::correlation
