// Pattern compilation: disjunctive normal form, one anchor per term, residual checks.
#include <algorithm>

#include "matching/matcher_impl.h"
#include "qccm/core/check.h"
#include "qccm/correlation/observable_extract.h"
#include "qccm/correlation/observable_ip.h"

namespace qccm::matching {
namespace {

using correlation::ObservableType;
using stix::ComparisonOperator;

constexpr std::size_t kMaxTerms = 64;

using Term = std::vector<std::uint32_t>;

// Disjunctive normal form of a comparison expression; false if it has more than kMaxTerms.
bool Dnf(const stix::Pattern& p, std::uint32_t node, std::vector<Term>& out) {
  const stix::ComparisonExpression& e = p.expressions[node];
  if (e.kind == stix::ExpressionKind::kComparison) {
    out = {Term{e.comparison}};
    return true;
  }
  std::vector<Term> result;
  bool first = true;
  for (std::uint32_t child : p.Children(e)) {
    std::vector<Term> terms;
    if (!Dnf(p, child, terms)) return false;
    if (e.kind == stix::ExpressionKind::kOr) {
      result.insert(result.end(), terms.begin(), terms.end());
    } else if (first) {
      result = std::move(terms);
    } else {
      std::vector<Term> product;
      for (const Term& a : result) {
        for (const Term& b : terms) {
          Term t = a;
          t.insert(t.end(), b.begin(), b.end());
          product.push_back(std::move(t));
        }
      }
      result = std::move(product);
    }
    first = false;
    if (result.size() > kMaxTerms) return false;
  }
  out = std::move(result);
  return true;
}

bool IsAddressPath(const stix::Comparison& c) {
  return (c.object_type == "ipv4-addr" || c.object_type == "ipv6-addr") && c.path.size() == 1 &&
         c.path[0].kind == stix::PathStep::Kind::kProperty && c.path[0].property == "value";
}

bool HasIndexStep(const stix::Comparison& c) {
  return std::any_of(c.path.begin(), c.path.end(), [](const stix::PathStep& s) {
    return s.kind == stix::PathStep::Kind::kIndex;
  });
}

// The values of a positive = / IN comparison with string constants.
std::vector<std::string> StringValues(const stix::Comparison& c) {
  std::vector<std::string> values;
  if (c.op == ComparisonOperator::kEqual) {
    if (const auto* s = std::get_if<std::string>(&c.value.value)) values.push_back(*s);
  } else if (c.op == ComparisonOperator::kIn) {
    if (const auto* set = std::get_if<stix::SetConstant>(&c.value.value)) {
      for (const auto& item : set->items) {
        const auto* s = std::get_if<std::string>(&item.value);
        if (s == nullptr) return {};
        values.push_back(*s);
      }
    }
  }
  return values;
}

// Picks the best anchor of a term: exact observable, CIDR, other exact, regex (in that order).
// `problem` tells why a comparison that looked like an anchor could not be one.
Anchor ChooseAnchor(const stix::Pattern& p, const Term& term, std::string* problem) {
  Anchor best;
  auto rank = [](AnchorKind k) {
    switch (k) {
      case AnchorKind::kExact:
        return 4;
      case AnchorKind::kPrefix:
        return 3;
      case AnchorKind::kOther:
        return 2;
      case AnchorKind::kRegex:
        return 1;
      default:
        return 0;
    }
  };
  for (std::uint32_t index : term) {
    const stix::Comparison& c = p.comparisons[index];
    if (c.negated || HasIndexStep(c)) continue;
    Anchor a;
    a.comparison = index;
    if (c.op == ComparisonOperator::kEqual || c.op == ComparisonOperator::kIn) {
      std::vector<std::string> values = StringValues(c);
      if (values.empty()) continue;
      bool mapped =
          correlation::ObservableTypeForPath(c.object_type, c.path, values[0]).has_value();
      if (mapped) {
        bool ok = true;
        for (const std::string& v : values) {
          auto type = correlation::ObservableTypeForPath(c.object_type, c.path, v);
          auto normal = type ? correlation::Normalize(*type, v) : Result<correlation::Observable>();
          if (!type || !normal) {
            *problem = "value '" + v + "' does not normalise" +
                       (type && !normal ? ": " + normal.error().message : std::string());
            ok = false;
            break;
          }
          a.values.push_back(std::move(*normal));
        }
        if (!ok) continue;
        bool ranges = std::any_of(a.values.begin(), a.values.end(), [](const auto& o) {
          return o.type == ObservableType::kIpv4Cidr || o.type == ObservableType::kIpv6Cidr;
        });
        a.kind = ranges ? AnchorKind::kPrefix : AnchorKind::kExact;
        if (ranges && !IsAddressPath(c)) continue;
      } else {
        a.kind = AnchorKind::kOther;
        a.texts = std::move(values);
      }
    } else if ((c.op == ComparisonOperator::kIsSubset || c.op == ComparisonOperator::kIsSuperset) &&
               IsAddressPath(c)) {
      const auto* s = std::get_if<std::string>(&c.value.value);
      if (s == nullptr) continue;
      auto type =
          c.object_type == "ipv4-addr" ? ObservableType::kIpv4Cidr : ObservableType::kIpv6Cidr;
      auto normal = correlation::Normalize(type, *s);
      if (!normal) {
        *problem = "CIDR '" + *s + "' does not normalise: " + normal.error().message;
        continue;
      }
      a.kind = AnchorKind::kPrefix;
      a.superset = c.op == ComparisonOperator::kIsSuperset;
      a.values.push_back(std::move(*normal));
    } else if (c.op == ComparisonOperator::kLike || c.op == ComparisonOperator::kMatches) {
      const auto* s = std::get_if<std::string>(&c.value.value);
      if (s == nullptr) continue;
      std::string text = *s;
      if (c.op == ComparisonOperator::kLike) {
        if (c.object_type == "domain-name") {
          for (char& ch : text)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        a.like = LikeIndex::IsSimple(text);
        if (!a.like) text = LikeToRegex(text);
      }
      // TermProblem has checked that RE2 accepts it (lower-casing a LIKE keeps it valid).
      a.kind = AnchorKind::kRegex;
      a.regex = std::move(text);
    } else {
      continue;
    }
    if (rank(a.kind) > rank(best.kind)) best = std::move(a);
  }
  return best;
}

// Why a term can never be evaluated, or "" if it can: a regex RE2 rejects, or a positive
// equality on an observable path whose value does not normalise (it could never match a
// canonical value).
std::string TermProblem(const stix::Pattern& p, const Term& term) {
  for (std::uint32_t index : term) {
    const stix::Comparison& c = p.comparisons[index];
    if (c.op == ComparisonOperator::kLike || c.op == ComparisonOperator::kMatches) {
      const auto* s = std::get_if<std::string>(&c.value.value);
      if (s == nullptr) return "non-string operand of " + std::string(stix::OperatorText(c.op));
      // A simple LIKE never reaches RE2 (LikeIndex); the others must compile.
      if (c.op == ComparisonOperator::kLike && LikeIndex::IsSimple(*s)) continue;
      std::string text = c.op == ComparisonOperator::kLike ? LikeToRegex(*s) : *s;
      if (auto ok = RegexIndex::Check(text); !ok) {
        return std::string(stix::OperatorText(c.op)) + " '" + *s + "': " + ok.error().message;
      }
    }
    if (c.negated || c.op != ComparisonOperator::kEqual) continue;
    const auto* s = std::get_if<std::string>(&c.value.value);
    if (s == nullptr) continue;
    auto type = correlation::ObservableTypeForPath(c.object_type, c.path, *s);
    if (!type) continue;
    if (auto normal = correlation::Normalize(*type, *s); !normal) {
      return "value '" + *s + "' never matches: " + normal.error().message;
    }
  }
  return {};
}

}  // namespace

std::string PathKey(std::string_view object_type, std::span<const stix::PathStep> path) {
  std::string key(object_type);
  key += ':';
  for (std::size_t i = 0; i < path.size(); ++i) {
    const stix::PathStep& step = path[i];
    if (step.kind == stix::PathStep::Kind::kProperty) {
      if (i > 0) key += '.';
      auto hash = i > 0 && path[i - 1].property == "hashes" ? correlation::HashTypeOf(step.property)
                                                            : std::nullopt;
      key += hash ? std::string(correlation::ObservableTypeName(*hash)) : step.property;
    } else if (step.kind == stix::PathStep::Kind::kAnyIndex) {
      key += "[*]";
    } else {
      key += "[" + std::to_string(step.index) + "]";
    }
  }
  return key;
}

namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsIdentifierChar(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z') || c == '_'; }

// Takes `prefix` off the front of `text` if it is there.
bool Eat(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

// A path component: an unquoted identifier, or '...' without quotes or backslashes inside.
bool EatComponent(std::string_view& text, std::vector<stix::PathStep>& path) {
  std::size_t end = 0;
  std::string_view name;
  if (!text.empty() && text[0] == '\'') {
    end = text.find('\'', 1);
    if (end == std::string_view::npos || end == 1) return false;
    name = text.substr(1, end - 1);
    if (name.find('\\') != std::string_view::npos) return false;
    ++end;
  } else {
    if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
    while (end < text.size() && IsIdentifierChar(text[end])) ++end;
    if (end == 0) return false;
    name = text.substr(0, end);
  }
  path.push_back({.kind = stix::PathStep::Kind::kProperty, .property = std::string(name)});
  text.remove_prefix(end);
  return true;
}

}  // namespace

std::optional<CompilePlan> PlanSimpleEquality(std::string_view text) {
  // Exactly "[type:prop(.prop)* = 'value']" with single spaces around '=', a lower-case type,
  // and a value of printable ASCII without quotes or backslashes: the parser would accept it
  // as one positive '=' comparison, whose only term's anchor is this exact value.
  if (!Eat(text, "[")) return std::nullopt;
  std::size_t colon = 0;
  while (colon < text.size() && (IsLowerAlnum(text[colon]) || text[colon] == '-')) ++colon;
  if (colon == 0 || colon >= text.size() || text[colon] != ':' ||
      !(text[0] >= 'a' && text[0] <= 'z')) {
    return std::nullopt;
  }
  std::string_view object_type = text.substr(0, colon);
  text.remove_prefix(colon + 1);
  std::vector<stix::PathStep> path;
  if (!EatComponent(text, path)) return std::nullopt;
  while (Eat(text, ".")) {
    if (!EatComponent(text, path)) return std::nullopt;
  }
  if (!Eat(text, " = '") || !text.ends_with("']")) return std::nullopt;
  std::string_view value = text.substr(0, text.size() - 2);
  if (value.empty()) return std::nullopt;
  for (char c : value) {
    if (c < 0x20 || c > 0x7e || c == '\'' || c == '\\') return std::nullopt;
  }
  auto type = correlation::ObservableTypeForPath(object_type, path, value);
  if (!type) return std::nullopt;
  auto normal = correlation::Normalize(*type, value);
  // Ranges anchor in the tries, and a value that does not normalise makes the pattern
  // unsupported: both take the general path, which says why.
  if (!normal || normal->type == ObservableType::kIpv4Cidr ||
      normal->type == ObservableType::kIpv6Cidr) {
    return std::nullopt;
  }
  CompilePlan plan;
  plan.leaves.push_back(0);
  PlannedTerm& term = plan.terms.emplace_back();
  term.anchor.kind = AnchorKind::kExact;
  term.anchor.values.push_back(std::move(*normal));
  term.object_type = std::string(object_type);
  return plan;
}

Result<CompilePlan> PlanPattern(const stix::Pattern& p) {
  CompilePlan plan;
  const stix::ObservationExpression& root = p.Root();
  plan.stream = root.kind != stix::ObservationKind::kObservation;
  for (const stix::Qualifier& q : p.Qualifiers(root)) {
    if (q.kind != stix::Qualifier::Kind::kWithin) plan.stream = true;
  }
  // Leaves: the [ ... ] nodes, in node order.
  if (plan.stream) {
    for (std::uint32_t i = 0; i < p.observations.size(); ++i) {
      if (p.observations[i].kind == stix::ObservationKind::kObservation) plan.leaves.push_back(i);
    }
  } else {
    plan.leaves.push_back(p.root);
  }
  std::size_t terms_total = 0;
  std::string problem;
  for (std::uint32_t leaf = 0; leaf < plan.leaves.size(); ++leaf) {
    std::vector<Term> terms;
    if (!Dnf(p, p.observations[plan.leaves[leaf]].expression, terms)) {
      return MakeError(ErrorCode::kUnsupported, "comparison expression has more than " +
                                                    std::to_string(kMaxTerms) +
                                                    " terms in disjunctive normal form");
    }
    for (const Term& term : terms) {
      ++terms_total;
      if (std::string why = TermProblem(p, term); !why.empty()) {
        problem = std::move(why);
        continue;
      }
      PlannedTerm planned;
      planned.leaf = leaf;
      planned.anchor = ChooseAnchor(p, term, &problem);
      for (std::uint32_t c : term) {
        if (planned.anchor.kind == AnchorKind::kNone || c != planned.anchor.comparison) {
          planned.residual.push_back(c);
        }
      }
      planned.object_type = p.comparisons[term[0]].object_type;
      plan.terms.push_back(std::move(planned));
    }
  }
  if (!problem.empty()) {
    plan.partial = "term skipped (" + std::to_string(terms_total - plan.terms.size()) + " of " +
                   std::to_string(terms_total) + "): " + problem;
  }
  if (plan.terms.empty()) {
    return MakeError(ErrorCode::kUnsupported,
                     problem.empty() ? "no term can be evaluated" : problem);
  }
  return plan;
}

void Matcher::Impl::Apply(std::uint32_t indicator,
                          const std::shared_ptr<const stix::Pattern>& pattern, CompilePlan& plan) {
  std::int32_t stream_index = -1;
  if (plan.stream) {
    stream_index = static_cast<std::int32_t>(streams.size());
    streams.push_back({indicator, pattern, std::move(plan.leaves), true});
  }
  for (PlannedTerm& term : plan.terms) {
    Anchor& anchor = term.anchor;
    std::uint32_t posting = indicator;
    if (!term.residual.empty() || plan.stream) {
      Rule rule;
      rule.indicator = indicator;
      rule.stream = stream_index;
      rule.leaf = term.leaf;
      rule.pattern = pattern;
      rule.checks = std::move(term.residual);
      rule.object_type = std::move(term.object_type);
      posting = static_cast<std::uint32_t>(rules.size()) | kRuleFlag;
      rules.push_back(std::move(rule));
    }
    // Only path-keyed anchors look at the pattern (a plan from PlanSimpleEquality has none).
    const stix::Comparison* c = nullptr;
    if (anchor.kind == AnchorKind::kOther || anchor.kind == AnchorKind::kRegex) {
      QCCM_CHECK(pattern != nullptr);
      c = &pattern->comparisons[anchor.comparison];
    }
    switch (anchor.kind) {
      case AnchorKind::kExact:
        for (const auto& o : anchor.values)
          exact[static_cast<std::size_t>(o.type)].Add(o.value, posting);
        break;
      case AnchorKind::kPrefix:
        for (const auto& o : anchor.values) {
          auto prefix = correlation::ParseIpPrefix(o.value);
          if (!prefix) continue;
          if (anchor.superset) {
            contained.Add(*prefix, posting);
          } else {
            containing.Add(*prefix, posting);
          }
        }
        break;
      case AnchorKind::kOther: {
        std::string key = PathKey(c->object_type, c->path);
        auto& groups = other_paths[c->object_type];
        if (std::none_of(groups.begin(), groups.end(),
                         [&](const auto& g) { return g.key == key; })) {
          groups.push_back({*c, key});
        }
        for (const std::string& text : anchor.texts) other.Add(key + '\x1f' + text, posting);
        break;
      }
      case AnchorKind::kRegex: {
        std::string key = PathKey(c->object_type, c->path);
        auto& groups = regex_paths[c->object_type];
        if (std::none_of(groups.begin(), groups.end(),
                         [&](const auto& g) { return g.key == key; })) {
          groups.push_back({*c, key});
        }
        if (anchor.like) {
          likes[key].Add(anchor.regex, posting);
        } else {
          regexes[key].Add(std::move(anchor.regex), posting);
        }
        break;
      }
      case AnchorKind::kNone:
        // A term without an anchor always has a residual, so a rule.
        if ((posting & kRuleFlag) != 0) scans[rules.back().object_type].push_back(posting);
        break;
    }
  }
}

}  // namespace qccm::matching
