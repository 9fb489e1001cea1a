// Pattern AST helpers: operator names and structural equality.
#include "qccm/stix/pattern.h"

#include <algorithm>

namespace qccm::stix {
namespace {

bool SameComparison(const Comparison& a, const Comparison& b) {
  return a.object_type == b.object_type && a.path == b.path && a.op == b.op &&
         a.negated == b.negated && a.value == b.value;
}

bool SameExpression(const Pattern& a, std::uint32_t ia, const Pattern& b, std::uint32_t ib) {
  const ComparisonExpression& x = a.expressions[ia];
  const ComparisonExpression& y = b.expressions[ib];
  if (x.kind != y.kind) return false;
  if (x.kind == ExpressionKind::kComparison) {
    return SameComparison(a.comparisons[x.comparison], b.comparisons[y.comparison]);
  }
  auto xs = a.Children(x);
  auto ys = b.Children(y);
  if (xs.size() != ys.size()) return false;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!SameExpression(a, xs[i], b, ys[i])) return false;
  }
  return true;
}

bool SameObservation(const Pattern& a, std::uint32_t ia, const Pattern& b, std::uint32_t ib) {
  const ObservationExpression& x = a.observations[ia];
  const ObservationExpression& y = b.observations[ib];
  if (x.kind != y.kind || !std::ranges::equal(a.Qualifiers(x), b.Qualifiers(y))) return false;
  if (x.kind == ObservationKind::kObservation)
    return SameExpression(a, x.expression, b, y.expression);
  auto xs = a.Children(x);
  auto ys = b.Children(y);
  if (xs.size() != ys.size()) return false;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!SameObservation(a, xs[i], b, ys[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view OperatorText(ComparisonOperator op) {
  switch (op) {
    case ComparisonOperator::kEqual:
      return "=";
    case ComparisonOperator::kNotEqual:
      return "!=";
    case ComparisonOperator::kLess:
      return "<";
    case ComparisonOperator::kLessOrEqual:
      return "<=";
    case ComparisonOperator::kGreater:
      return ">";
    case ComparisonOperator::kGreaterOrEqual:
      return ">=";
    case ComparisonOperator::kIn:
      return "IN";
    case ComparisonOperator::kLike:
      return "LIKE";
    case ComparisonOperator::kMatches:
      return "MATCHES";
    case ComparisonOperator::kIsSubset:
      return "ISSUBSET";
    case ComparisonOperator::kIsSuperset:
      return "ISSUPERSET";
    case ComparisonOperator::kExists:
      return "EXISTS";
  }
  return "?";
}

bool operator==(const Pattern& a, const Pattern& b) {
  if (a.observations.empty() || b.observations.empty()) {
    return a.observations.empty() && b.observations.empty();
  }
  return SameObservation(a, a.root, b, b.root);
}

}  // namespace qccm::stix
