// Canonical text of a pattern AST (ToString). Parenthesises only where precedence or a
// qualifier on a compound expression needs it, so the text parses back to an equal tree.
#include <charconv>

#include "qccm/stix/pattern.h"
#include "stix/pattern/constants.h"
#include "stix/pattern/lexer.h"

namespace qccm::stix {
namespace {

using pattern_internal::AppendDouble;
using pattern_internal::AppendQuoted;

// Unquoted only if the grammar's IdentifierWithoutHyphen reads it back and it is no keyword.
bool IsPlainName(std::string_view name) {
  if (name.empty()) return false;
  auto word_start = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!word_start(name.front())) return false;
  for (char c : name) {
    if (!word_start(c) && !(c >= '0' && c <= '9')) return false;
  }
  return pattern_internal::KeywordKind(name) == pattern_internal::Tok::kIdentifier &&
         name != "LAST";
}

int Precedence(ObservationKind kind) {
  switch (kind) {
    case ObservationKind::kFollowedBy:
      return 0;
    case ObservationKind::kOr:
      return 1;
    case ObservationKind::kAnd:
      return 2;
    case ObservationKind::kObservation:
      break;
  }
  return 3;
}

int Precedence(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kOr:
      return 0;
    case ExpressionKind::kAnd:
      return 1;
    case ExpressionKind::kComparison:
      break;
  }
  return 2;
}

void AppendInteger(std::string& out, std::int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
}

void AppendTimestamp(std::string& out, Timestamp t) {
  const std::int64_t fraction = (t.micros % 1000000 + 1000000) % 1000000;
  const TimePrecision precision = fraction == 0          ? TimePrecision::kSeconds
                                  : fraction % 1000 == 0 ? TimePrecision::kMillis
                                                         : TimePrecision::kMicros;
  out += "t'";
  out += FormatTimestamp(t, precision);
  out += '\'';
}

void AppendConstant(std::string& out, const Constant& constant) {
  switch (constant.kind()) {
    case ConstantKind::kNone:
      break;
    case ConstantKind::kString:
      AppendQuoted(out, std::get<std::string>(constant.value));
      break;
    case ConstantKind::kInteger:
      AppendInteger(out, std::get<std::int64_t>(constant.value));
      break;
    case ConstantKind::kFloat:
      AppendDouble(out, std::get<double>(constant.value), /*keep_point=*/true);
      break;
    case ConstantKind::kBoolean:
      out += std::get<bool>(constant.value) ? "true" : "false";
      break;
    case ConstantKind::kTimestamp:
      AppendTimestamp(out, std::get<Timestamp>(constant.value));
      break;
    case ConstantKind::kBinary:
      out += "b'";
      pattern_internal::AppendBase64(out, std::get<BinaryConstant>(constant.value).bytes);
      out += '\'';
      break;
    case ConstantKind::kHex:
      out += "h'";
      pattern_internal::AppendHex(out, std::get<HexConstant>(constant.value).bytes);
      out += '\'';
      break;
    case ConstantKind::kSet: {
      out += '(';
      bool first = true;
      for (const Constant& item : std::get<SetConstant>(constant.value).items) {
        if (!first) out += ", ";
        first = false;
        AppendConstant(out, item);
      }
      out += ')';
      break;
    }
  }
}

void AppendPropertyName(std::string& out, std::string_view name) {
  if (IsPlainName(name)) {
    out.append(name);
  } else {
    AppendQuoted(out, name);
  }
}

void AppendComparison(std::string& out, const Comparison& c) {
  if (c.op == ComparisonOperator::kExists) out += c.negated ? "NOT EXISTS " : "EXISTS ";
  out += c.object_type;
  out += ':';
  for (std::size_t i = 0; i < c.path.size(); ++i) {
    const PathStep& step = c.path[i];
    switch (step.kind) {
      case PathStep::Kind::kProperty:
        if (i > 0) out += '.';
        AppendPropertyName(out, step.property);
        break;
      case PathStep::Kind::kIndex:
        out += '[';
        AppendInteger(out, step.index);
        out += ']';
        break;
      case PathStep::Kind::kAnyIndex:
        out += "[*]";
        break;
    }
  }
  if (c.op == ComparisonOperator::kExists) return;
  out += c.negated ? " NOT " : " ";
  out += OperatorText(c.op);
  out += ' ';
  AppendConstant(out, c.value);
}

class Printer final {
 public:
  Printer(const Pattern& pattern, std::string& out) : p_(pattern), out_(out) {}

  void Observation(std::uint32_t index, int parent_precedence) {
    const ObservationExpression& node = p_.observations[index];
    const std::size_t start = out_.size();
    const bool compound = node.kind != ObservationKind::kObservation;
    const bool parens =
        compound && (node.qualifier_count > 0 || Precedence(node.kind) <= parent_precedence);
    if (parens) out_ += '(';
    if (!compound) {
      out_ += '[';
      Expression(node.expression, -1);
      out_ += ']';
    } else {
      const char* separator = node.kind == ObservationKind::kAnd  ? " AND "
                              : node.kind == ObservationKind::kOr ? " OR "
                                                                  : " FOLLOWEDBY ";
      bool first = true;
      for (std::uint32_t child : p_.Children(node)) {
        if (!first) out_ += separator;
        first = false;
        Observation(child, Precedence(node.kind));
      }
    }
    if (parens) out_ += ')';
    // A kind may repeat only across parentheses, so a repeated kind closes a group.
    bool seen[3] = {false, false, false};
    for (const Qualifier& q : p_.Qualifiers(node)) {
      if (seen[static_cast<int>(q.kind)]) {
        out_.insert(start, 1, '(');
        out_ += ')';
        seen[0] = seen[1] = seen[2] = false;
      }
      seen[static_cast<int>(q.kind)] = true;
      AppendQualifier(q);
    }
  }

  void Expression(std::uint32_t index, int parent_precedence) {
    const ComparisonExpression& node = p_.expressions[index];
    if (node.kind == ExpressionKind::kComparison) {
      AppendComparison(out_, p_.comparisons[node.comparison]);
      return;
    }
    const bool parens = Precedence(node.kind) <= parent_precedence;
    if (parens) out_ += '(';
    bool first = true;
    for (std::uint32_t child : p_.Children(node)) {
      if (!first) out_ += node.kind == ExpressionKind::kAnd ? " AND " : " OR ";
      first = false;
      Expression(child, Precedence(node.kind));
    }
    if (parens) out_ += ')';
  }

 private:
  void AppendQualifier(const Qualifier& q) {
    switch (q.kind) {
      case Qualifier::Kind::kWithin:
        out_ += " WITHIN ";
        AppendDouble(out_, q.seconds, /*keep_point=*/false);
        out_ += " SECONDS";
        break;
      case Qualifier::Kind::kRepeats:
        out_ += " REPEATS ";
        AppendInteger(out_, q.times);
        out_ += " TIMES";
        break;
      case Qualifier::Kind::kStartStop:
        out_ += " START ";
        AppendTimestamp(out_, q.start);
        out_ += " STOP ";
        AppendTimestamp(out_, q.stop);
        break;
    }
  }

  const Pattern& p_;
  std::string& out_;
};

}  // namespace

std::string ToString(const Pattern& pattern) {
  std::string out;
  if (pattern.observations.empty()) return out;
  out.reserve(64 * pattern.comparisons.size() + 16);
  Printer(pattern, out).Observation(pattern.root, -1);
  return out;
}

std::string ToString(const Constant& constant) {
  std::string out;
  AppendConstant(out, constant);
  return out;
}

}  // namespace qccm::stix
