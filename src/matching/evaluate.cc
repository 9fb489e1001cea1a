// Comparison evaluation on JSON objects: path walking with [*] and reference resolution, then
// the operator on each value found.
#include "matching/evaluate.h"

#include <re2/re2.h>

#include <boost/json/value.hpp>

#include "matching/regex_index.h"
#include "qccm/correlation/observable_extract.h"
#include "qccm/correlation/observable_ip.h"

namespace qccm::matching {
namespace {

namespace json = boost::json;
using correlation::ObservableType;
using stix::ComparisonOperator;

void Walk(const stix::Comparison& c, const json::object& object, const RefResolver* resolver,
          std::vector<const json::value*>& out) {
  std::vector<const json::value*> current;
  std::vector<const json::object*> objects = {&object};
  bool resolve_elements = false;
  for (std::size_t s = 0; s < c.path.size(); ++s) {
    const stix::PathStep& step = c.path[s];
    std::vector<const json::value*> next;
    std::vector<const json::object*> next_objects;
    if (step.kind == stix::PathStep::Kind::kProperty) {
      auto visit = [&](const json::object& o) {
        auto it = o.find(step.property);
        const json::value* found = it == o.end() ? nullptr : &it->value();
        if (found == nullptr && s > 0 && c.path[s - 1].property == "hashes") {
          auto want = correlation::HashTypeOf(step.property);
          for (const auto& [key, value] : o) {
            if (want && correlation::HashTypeOf(key) == want) found = &value;
          }
        }
        if (found == nullptr) return;
        if (step.property.ends_with("_ref") && found->is_string() && resolver != nullptr) {
          const json::string& id = found->as_string();
          if (const json::object* target = (*resolver)({id.data(), id.size()})) {
            next_objects.push_back(target);
            return;
          }
        }
        next.push_back(found);
      };
      for (const json::object* o : objects) visit(*o);
      for (const json::value* v : current) {
        if (v->is_object()) visit(v->as_object());
      }
      resolve_elements = step.property.ends_with("_refs");
    } else {
      for (const json::value* v : current) {
        if (!v->is_array()) continue;
        const json::array& array = v->as_array();
        auto take = [&](const json::value& element) {
          if (resolve_elements && element.is_string() && resolver != nullptr) {
            const json::string& id = element.as_string();
            if (const json::object* target = (*resolver)({id.data(), id.size()})) {
              next_objects.push_back(target);
            }
            return;
          }
          next.push_back(&element);
        };
        if (step.kind == stix::PathStep::Kind::kAnyIndex) {
          for (const json::value& element : array) take(element);
        } else {
          std::int64_t index =
              step.index < 0 ? static_cast<std::int64_t>(array.size()) + step.index : step.index;
          if (index >= 0 && static_cast<std::size_t>(index) < array.size()) {
            take(array[static_cast<std::size_t>(index)]);
          }
        }
      }
      resolve_elements = false;
    }
    current = std::move(next);
    objects = std::move(next_objects);
  }
  out = std::move(current);
}

int Order(double a, double b) { return a < b ? -1 : (a > b ? 1 : 0); }

std::optional<double> NumberOf(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  return std::nullopt;
}

bool OrderHolds(ComparisonOperator op, int order) {
  switch (op) {
    case ComparisonOperator::kEqual:
      return order == 0;
    case ComparisonOperator::kNotEqual:
      return order != 0;
    case ComparisonOperator::kLess:
      return order < 0;
    case ComparisonOperator::kLessOrEqual:
      return order <= 0;
    case ComparisonOperator::kGreater:
      return order > 0;
    case ComparisonOperator::kGreaterOrEqual:
      return order >= 0;
    default:
      return false;
  }
}

// Canonical text of a string at an observable path (or the text itself).
std::string Canonical(const stix::Comparison& c, std::string_view text) {
  auto type = correlation::ObservableTypeForPath(c.object_type, c.path, text);
  if (!type) return std::string(text);
  auto normal = correlation::Normalize(*type, text);
  return normal ? normal->value : std::string(text);
}

bool CompareScalar(const stix::Comparison& c, ComparisonOperator op, const stix::Constant& k,
                   const json::value& v) {
  if (const auto* text = std::get_if<std::string>(&k.value)) {
    if (!v.is_string()) return false;
    const json::string& s = v.as_string();
    std::string value = Canonical(c, {s.data(), s.size()});
    std::string constant = Canonical(c, *text);
    return OrderHolds(op, value.compare(constant));
  }
  if (const auto* i = std::get_if<std::int64_t>(&k.value)) {
    auto n = NumberOf(v);
    return n && OrderHolds(op, Order(*n, static_cast<double>(*i)));
  }
  if (const auto* d = std::get_if<double>(&k.value)) {
    auto n = NumberOf(v);
    return n && OrderHolds(op, Order(*n, *d));
  }
  if (const auto* b = std::get_if<bool>(&k.value)) {
    if (!v.is_bool()) return false;
    return OrderHolds(op, v.as_bool() == *b ? 0 : 1) &&
           (op == ComparisonOperator::kEqual || op == ComparisonOperator::kNotEqual);
  }
  if (const auto* t = std::get_if<Timestamp>(&k.value)) {
    if (!v.is_string()) return false;
    const json::string& s = v.as_string();
    auto parsed = ParseTimestamp({s.data(), s.size()});
    return parsed && OrderHolds(op, parsed->micros < t->micros ? -1 : (parsed->micros > t->micros));
  }
  return false;  // binary and hex constants: compared to nothing we hold as text
}

bool CidrHolds(ComparisonOperator op, const stix::Constant& k, const json::value& v) {
  const auto* text = std::get_if<std::string>(&k.value);
  if (text == nullptr || !v.is_string()) return false;
  const json::string& s = v.as_string();
  auto value = correlation::ParseIpPrefix({s.data(), s.size()});
  auto constant = correlation::ParseIpPrefix(*text);
  if (!value || !constant) return false;
  return op == ComparisonOperator::kIsSubset ? correlation::PrefixContains(*constant, *value)
                                             : correlation::PrefixContains(*value, *constant);
}

bool RegexHolds(const stix::Comparison& c, const json::value& v) {
  const auto* text = std::get_if<std::string>(&c.value.value);
  if (text == nullptr || !v.is_string()) return false;
  const json::string& s = v.as_string();
  std::string value = Canonical(c, {s.data(), s.size()});
  std::string pattern = *text;
  if (c.op == ComparisonOperator::kLike) {
    if (c.object_type == "domain-name") {
      for (char& ch : pattern) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    pattern = LikeToRegex(pattern);
  }
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  return re.ok() && RE2::PartialMatch(value, re);
}

bool Holds(const stix::Comparison& c, const json::value& v) {
  switch (c.op) {
    case ComparisonOperator::kExists:
      return true;
    case ComparisonOperator::kIn:
      if (const auto* set = std::get_if<stix::SetConstant>(&c.value.value)) {
        for (const auto& item : set->items) {
          if (CompareScalar(c, ComparisonOperator::kEqual, item, v)) return true;
        }
      }
      return false;
    case ComparisonOperator::kLike:
    case ComparisonOperator::kMatches:
      return RegexHolds(c, v);
    case ComparisonOperator::kIsSubset:
    case ComparisonOperator::kIsSuperset:
      return CidrHolds(c.op, c.value, v);
    default:
      return CompareScalar(c, c.op, c.value, v);
  }
}

}  // namespace

bool EvaluateComparison(const stix::Comparison& comparison, const json::object& object,
                        const RefResolver* resolver) {
  std::vector<const json::value*> values;
  Walk(comparison, object, resolver, values);
  if (comparison.op == ComparisonOperator::kExists) {
    return comparison.negated ? values.empty() : !values.empty();
  }
  for (const json::value* v : values) {
    if (Holds(comparison, *v) != comparison.negated) return true;
  }
  return false;
}

void CollectStrings(const stix::Comparison& path, const json::object& object,
                    const RefResolver* resolver, std::vector<std::string>& out) {
  std::vector<const json::value*> values;
  Walk(path, object, resolver, values);
  for (const json::value* v : values) {
    if (v->is_string()) out.emplace_back(v->as_string().data(), v->as_string().size());
  }
}

}  // namespace qccm::matching
