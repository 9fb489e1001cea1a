// STIX 2.1 patterning (STIX 2.1 §9): the pattern AST, its parser and its canonical printer.
//
// Longer than the 200-line header cap: the AST is the contract the matcher (evaluation),
// correlation (observable extraction) and the validator share, and splitting it would scatter
// one data model over several headers.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"

namespace qccm::stix {

// Brackets and parentheses may nest this deep; deeper input fails with kInvalidInput.
inline constexpr std::size_t kMaxPatternNesting = 256;
// Longer pattern text fails with kTooLarge.
inline constexpr std::size_t kMaxPatternBytes = std::size_t{1} << 20;

// ---- Constants (STIX 2.1 §9.3) ----

// b'...' decoded from base64.
struct BinaryConstant {
  std::string bytes;
  bool operator==(const BinaryConstant&) const = default;
};

// h'...' decoded from hex digits.
struct HexConstant {
  std::string bytes;
  bool operator==(const HexConstant&) const = default;
};

struct Constant;

// ('a', 'b') / (1, 2) / (): the right-hand side of IN. Items are never sets.
struct SetConstant {
  std::vector<Constant> items;
  bool operator==(const SetConstant& other) const;
};

// The order of the alternatives matches ConstantKind.
enum class ConstantKind : std::uint8_t {
  kNone,  // no value (EXISTS)
  kString,
  kInteger,
  kFloat,
  kBoolean,
  kTimestamp,
  kBinary,
  kHex,
  kSet,
};

// A constant as written in the pattern. Strings are unescaped ('it\'s' holds "it's");
// timestamps keep microseconds (digits beyond are dropped, as everywhere in QCCM).
struct Constant {
  std::variant<std::monostate, std::string, std::int64_t, double, bool, Timestamp, BinaryConstant,
               HexConstant, SetConstant>
      value;

  ConstantKind kind() const { return static_cast<ConstantKind>(value.index()); }
  bool operator==(const Constant&) const = default;
};

inline bool SetConstant::operator==(const SetConstant& other) const { return items == other.items; }

// ---- Comparisons (STIX 2.1 §9.4-9.7) ----

enum class ComparisonOperator : std::uint8_t {
  kEqual,           // = (also written ==)
  kNotEqual,        // != (also written <>)
  kLess,            // <
  kLessOrEqual,     // <=
  kGreater,         // >
  kGreaterOrEqual,  // >=
  kIn,              // IN (value is a SetConstant)
  kLike,            // LIKE (value is a string, SQL LIKE syntax)
  kMatches,         // MATCHES (value is a string holding a PCRE; compiled by the matcher)
  kIsSubset,        // ISSUBSET (value is a string, a CIDR)
  kIsSuperset,      // ISSUPERSET (value is a string, a CIDR)
  kExists,          // EXISTS path (no value)
};

// The operator as written in canonical text: "=", "!=", "IN", "EXISTS", ...
std::string_view OperatorText(ComparisonOperator op);

// One step of an object path after the object type.
struct PathStep {
  enum class Kind : std::uint8_t {
    kProperty,  // .name or .'quoted name' (a property or dictionary key, unquoted)
    kIndex,     // [n] (the grammar allows negative n)
    kAnyIndex,  // [*]
  };
  Kind kind = Kind::kProperty;
  std::string property;    // kProperty only
  std::int64_t index = 0;  // kIndex only
  bool operator==(const PathStep&) const = default;
};

// `object_type:path op value`, or `EXISTS object_type:path`. `negated` is the NOT modifier
// (`a NOT = 'x'`, `NOT EXISTS a`).
struct Comparison {
  std::string object_type;     // e.g. "file"; a valid STIX type name
  std::vector<PathStep> path;  // never empty; path[0] is a kProperty step
  ComparisonOperator op = ComparisonOperator::kEqual;
  bool negated = false;
  Constant value;                 // kNone for kExists
  std::uint32_t observation = 0;  // index in Pattern::observations of its [ ... ]
  std::uint32_t offset = 0;       // byte offset of the comparison in the parsed text
};

// ---- Expressions (STIX 2.1 §9.5, §9.6) ----
// Both trees are stored flat in Pattern: nodes refer to each other by index, children lists are
// ranges of an index vector. Chains of one operator are n-ary (a OR b OR c is one node with three
// children) and redundant parentheses leave no trace, so equivalent texts give equal trees.

enum class ExpressionKind : std::uint8_t { kComparison, kAnd, kOr };

// A comparison expression: inside one [ ... ].
struct ComparisonExpression {
  ExpressionKind kind = ExpressionKind::kComparison;
  std::uint32_t comparison = 0;   // kComparison: index in Pattern::comparisons
  std::uint32_t first_child = 0;  // kAnd/kOr: range in Pattern::expression_children
  std::uint32_t child_count = 0;
  std::uint32_t offset = 0;  // byte offset of its first character in the parsed text
};

struct Qualifier {
  enum class Kind : std::uint8_t { kWithin, kRepeats, kStartStop };
  Kind kind = Kind::kWithin;
  double seconds = 0;      // kWithin: > 0
  std::int64_t times = 0;  // kRepeats: > 0
  Timestamp start, stop;   // kStartStop: start < stop
  bool operator==(const Qualifier&) const = default;
};

enum class ObservationKind : std::uint8_t { kObservation, kAnd, kOr, kFollowedBy };

// An observation expression: [ ... ] or observation expressions joined by AND, OR, FOLLOWEDBY,
// each possibly qualified. Qualifiers are in text order, innermost first; a kind repeats only
// where parentheses separated the runs: ([a] WITHIN 5 SECONDS) WITHIN 10 SECONDS.
struct ObservationExpression {
  ObservationKind kind = ObservationKind::kObservation;
  std::uint32_t expression = 0;   // kObservation: root in Pattern::expressions
  std::uint32_t first_child = 0;  // compound: range in Pattern::observation_children
  std::uint32_t child_count = 0;
  std::uint32_t first_qualifier = 0;  // range in Pattern::qualifiers
  std::uint32_t qualifier_count = 0;
};

// A parsed pattern. Every node is reachable from `root`; children precede their parents.
// A plain value: copy, move and compare it freely. Not synchronised.
struct Pattern {
  std::vector<ObservationExpression> observations;
  std::vector<ComparisonExpression> expressions;
  std::vector<Comparison> comparisons;  // in text order
  std::vector<Qualifier> qualifiers;
  std::vector<std::uint32_t> observation_children;
  std::vector<std::uint32_t> expression_children;
  std::uint32_t root = 0;  // index in observations

  const ObservationExpression& Root() const { return observations[root]; }
  std::span<const std::uint32_t> Children(const ObservationExpression& node) const {
    return std::span(observation_children).subspan(node.first_child, node.child_count);
  }
  std::span<const std::uint32_t> Children(const ComparisonExpression& node) const {
    return std::span(expression_children).subspan(node.first_child, node.child_count);
  }
  std::span<const Qualifier> Qualifiers(const ObservationExpression& node) const {
    return std::span(qualifiers).subspan(node.first_qualifier, node.qualifier_count);
  }
};

// Structural equality: same trees, operators, paths, constants and qualifiers. Offsets and the
// storage order of nodes do not matter.
bool operator==(const Pattern& a, const Pattern& b);

// Parses a STIX 2.1 pattern (the grammar of oasis-open/cti-stix2-json-schemas
// pattern_grammar/STIXPattern.g4, keywords case-sensitive) and checks what the spec requires
// that can be checked without data: valid object type names, positive WITHIN and REPEATS,
// START before STOP, no kind of qualifier twice in one run, valid timestamp, binary and hex
// constants, and that comparisons joined by AND can apply to one object type (§9.5).
// On failure returns kInvalidInput whose place.column is the 1-based column (in code points
// from the start of the text) of the problem and whose message says what was expected and what
// was found; kTooLarge if the text is longer than kMaxPatternBytes. Never crashes on any input.
// Thread-safe (no shared state).
Result<Pattern> ParsePattern(std::string_view text);

// Prints the canonical text of a pattern: single spaces around operators, `=` and `!=`, minimal
// parentheses, property names quoted only where needed, timestamps with 0, 3 or 6 fraction
// digits. ParsePattern(ToString(p)) == p for every parsed p.
std::string ToString(const Pattern& pattern);

// Prints one constant in pattern syntax ('it\'s', 42, 1.5, t'...', b'...', h'...', (1, 2)).
std::string ToString(const Constant& constant);

// Calls `visit(const Comparison&)` for every comparison in text order. Each carries its object
// type, path, operator, negation, value and the index of its observation expression.
template <typename Visitor>
requires std::invocable<Visitor&, const Comparison&>
void ForEachComparison(const Pattern& pattern, Visitor&& visit) {
  for (const Comparison& comparison : pattern.comparisons) visit(comparison);
}

}  // namespace qccm::stix
