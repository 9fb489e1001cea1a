// The STIX 2.1 pattern parser (STIX 2.1 §9; grammar: oasis-open/cti-stix2-json-schemas
// pattern_grammar/STIXPattern.g4).
//
// Hand-written recursive descent rather than an ANTLR-generated parser: the ANTLR C++ runtime is
// a large dependency Debian does not package for us, it would sit on the ingest hot path (every
// indicator is parsed on submission), its errors name grammar tokens instead of saying what the
// user should write, and a direct parser builds the flat AST with a few allocations, well under a
// microsecond for a typical indicator.
//
// Precedence, loosest first: FOLLOWEDBY, OR, AND between observation expressions, then
// qualifiers (postfix on [ ... ] or ( ... )); OR, AND inside brackets. Chains of one operator
// become one n-ary node and parentheses that change nothing are dropped, so ToString can print a
// canonical form that parses back to an equal tree.
#include <algorithm>
#include <utility>

#include "qccm/core/stix_id.h"
#include "qccm/stix/pattern.h"
#include "stix/pattern/constants.h"
#include "stix/pattern/lexer.h"

namespace qccm::stix {
namespace {

using pattern_internal::ColumnOf;
using pattern_internal::Excerpt;
using pattern_internal::Lexer;
using pattern_internal::Tok;
using pattern_internal::Token;

constexpr std::uint32_t kFailed = UINT32_MAX;

// Observation operators by level, loosest first; level 3 is a primary.
constexpr Tok kObservationOps[] = {Tok::kFollowedBy, Tok::kOr, Tok::kAnd};
constexpr ObservationKind kObservationKinds[] = {ObservationKind::kFollowedBy, ObservationKind::kOr,
                                                 ObservationKind::kAnd};
// Comparison operators by level; level 2 is a primary.
constexpr Tok kExpressionOps[] = {Tok::kOr, Tok::kAnd};
constexpr ExpressionKind kExpressionKinds[] = {ExpressionKind::kOr, ExpressionKind::kAnd};

bool IsOrderingOperator(ComparisonOperator op) {
  return op == ComparisonOperator::kLess || op == ComparisonOperator::kLessOrEqual ||
         op == ComparisonOperator::kGreater || op == ComparisonOperator::kGreaterOrEqual;
}

std::string JoinTypes(const std::vector<std::string_view>& types) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += " or ";
    out += "'" + std::string(types[i]) + "'";
  }
  return out;
}

class Parser final {
 public:
  explicit Parser(std::string_view text) : lexer_(text) {}

  Result<Pattern> Run();

 private:
  // ---- tokens and errors ----
  void Advance() {
    tok_ = lexer_.Next();
    if (tok_.kind == Tok::kError) Fail(lexer_.error_offset(), lexer_.error_message());
  }
  std::string_view Text(const Token& t) const { return lexer_.TextOf(t); }
  // The current token for "found ..." in messages.
  std::string Found() const;
  // Records the first error; returns kFailed so callers can `return Fail(...)`.
  std::uint32_t Fail(std::size_t offset, std::string message);
  std::uint32_t Expected(std::string_view what) {
    return Fail(tok_.begin, "expected " + std::string(what) + ", found " + Found());
  }
  bool Expect(Tok kind, std::string_view what);
  bool EnterNesting();

  // ---- observation expressions ----
  std::uint32_t ParseObservationLevel(int level);
  void AddObservationOperand(ObservationKind kind, std::uint32_t index);
  std::uint32_t ParseObservationPrimary();
  bool ParseQualifiers(std::uint32_t node);
  bool ParseQualifier(Qualifier* q);
  bool ParseTimestampToken(Timestamp* out);

  // ---- comparison expressions ----
  std::uint32_t ParseExpressionLevel(int level);
  void AddExpressionOperand(ExpressionKind kind, std::uint32_t index);
  std::uint32_t ParseComparison();
  bool ParsePath(Comparison* c, std::string_view what);
  bool ParsePropertyName(Comparison* c, std::string_view what);
  bool ParseValue(ComparisonOperator op, const Token& op_token, Constant* out);
  bool ParseConstant(Constant* out, std::string_view what);
  bool ParseSet(Constant* out);

  // ---- semantic checks ----
  bool CheckAndTypes(std::uint32_t first_comparison, std::uint32_t expression);
  bool SatisfiableTypes(std::uint32_t expression, std::vector<std::string_view>* types);

  Lexer lexer_;
  Token tok_;
  Pattern p_;
  std::size_t depth_ = 0;
  // Operand lists under construction, used as stacks by nested chains.
  std::vector<std::uint32_t> observation_operands_;
  std::vector<std::uint32_t> expression_operands_;
  bool failed_ = false;
  std::size_t error_offset_ = 0;
  std::string error_message_;
};

std::string Parser::Found() const {
  switch (tok_.kind) {
    case Tok::kEnd:
      return "the end of the pattern";
    case Tok::kString:
      return "the string " + Excerpt(Text(tok_));
    default:
      return "'" + Excerpt(Text(tok_)) + "'";
  }
}

std::uint32_t Parser::Fail(std::size_t offset, std::string message) {
  if (!failed_) {
    failed_ = true;
    error_offset_ = offset;
    error_message_ = std::move(message);
  }
  return kFailed;
}

bool Parser::Expect(Tok kind, std::string_view what) {
  if (tok_.kind != kind) {
    Expected(what);
    return false;
  }
  Advance();
  return !failed_;
}

bool Parser::EnterNesting() {
  if (++depth_ <= kMaxPatternNesting) return true;
  Fail(tok_.begin, "brackets and parentheses nest deeper than " +
                       std::to_string(kMaxPatternNesting) + " levels");
  return false;
}

Result<Pattern> Parser::Run() {
  std::string_view text = lexer_.text();
  if (text.size() > kMaxPatternBytes) {
    return MakeError(ErrorCode::kTooLarge,
                     "pattern is longer than " + std::to_string(kMaxPatternBytes) + " bytes");
  }
  p_.comparisons.reserve(4);
  p_.expressions.reserve(4);
  Advance();
  std::uint32_t root = failed_ ? kFailed : ParseObservationLevel(0);
  if (root != kFailed && tok_.kind != Tok::kEnd) {
    Expected("AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the pattern");
  }
  if (failed_) {
    return MakeError(ErrorCode::kInvalidInput, std::move(error_message_),
                     ErrorPlace{.column = ColumnOf(text, error_offset_)});
  }
  p_.root = root;
  return std::move(p_);
}

// ---- observation expressions ----

std::uint32_t Parser::ParseObservationLevel(int level) {
  if (level == 3) return ParseObservationPrimary();
  std::uint32_t first = ParseObservationLevel(level + 1);
  if (first == kFailed || tok_.kind != kObservationOps[level]) return first;
  const ObservationKind kind = kObservationKinds[level];
  const std::size_t mark = observation_operands_.size();
  AddObservationOperand(kind, first);
  while (tok_.kind == kObservationOps[level]) {
    Advance();
    std::uint32_t next = ParseObservationLevel(level + 1);
    if (next == kFailed) return kFailed;
    AddObservationOperand(kind, next);
  }
  ObservationExpression node{
      .kind = kind,
      .first_child = static_cast<std::uint32_t>(p_.observation_children.size()),
      .child_count = static_cast<std::uint32_t>(observation_operands_.size() - mark)};
  p_.observation_children.insert(p_.observation_children.end(),
                                 observation_operands_.begin() + static_cast<std::ptrdiff_t>(mark),
                                 observation_operands_.end());
  observation_operands_.resize(mark);
  p_.observations.push_back(node);
  return static_cast<std::uint32_t>(p_.observations.size() - 1);
}

// An operand that is itself an unqualified chain of the same operator (it came from
// parentheses) is spliced in. It is always the newest node and owns the newest children, so
// splicing pops it and leaves no unreachable node behind.
void Parser::AddObservationOperand(ObservationKind kind, std::uint32_t index) {
  const ObservationExpression& child = p_.observations[index];
  if (child.kind == kind && child.qualifier_count == 0 && index + 1 == p_.observations.size() &&
      child.first_child + child.child_count == p_.observation_children.size()) {
    auto begin = p_.observation_children.begin() + child.first_child;
    observation_operands_.insert(observation_operands_.end(), begin, p_.observation_children.end());
    p_.observation_children.erase(begin, p_.observation_children.end());
    p_.observations.pop_back();
    return;
  }
  observation_operands_.push_back(index);
}

std::uint32_t Parser::ParseObservationPrimary() {
  std::uint32_t node = kFailed;
  if (tok_.kind == Tok::kLBracket) {
    if (!EnterNesting()) return kFailed;
    Advance();
    const auto first_comparison = static_cast<std::uint32_t>(p_.comparisons.size());
    std::uint32_t expression = ParseExpressionLevel(0);
    if (expression == kFailed) return kFailed;
    if (!Expect(Tok::kRBracket, "']' to close the observation expression")) return kFailed;
    --depth_;
    p_.observations.push_back(
        ObservationExpression{.kind = ObservationKind::kObservation, .expression = expression});
    node = static_cast<std::uint32_t>(p_.observations.size() - 1);
    for (std::size_t i = first_comparison; i < p_.comparisons.size(); ++i) {
      p_.comparisons[i].observation = node;
    }
    if (!CheckAndTypes(first_comparison, expression)) return kFailed;
  } else if (tok_.kind == Tok::kLParen) {
    if (!EnterNesting()) return kFailed;
    Advance();
    node = ParseObservationLevel(0);
    if (node == kFailed) return kFailed;
    if (!Expect(Tok::kRParen, "')' to close the parenthesised observation expression")) {
      return kFailed;
    }
    --depth_;
  } else {
    return Expected("'[' or '(' to start an observation expression");
  }
  return ParseQualifiers(node) ? node : kFailed;
}

// One run of qualifiers may not repeat a kind (as cti-pattern-validator rules); a kind may
// repeat across parentheses: ([a] WITHIN 5 SECONDS) WITHIN 10 SECONDS.
bool Parser::ParseQualifiers(std::uint32_t node) {
  bool seen[3] = {false, false, false};
  while (tok_.kind == Tok::kWithin || tok_.kind == Tok::kRepeats || tok_.kind == Tok::kStart) {
    const Token keyword = tok_;
    Qualifier q;
    if (!ParseQualifier(&q)) return false;
    if (std::exchange(seen[static_cast<int>(q.kind)], true)) {
      Fail(keyword.begin,
           "the expression already has a " +
               std::string(keyword.kind == Tok::kStart ? "START/STOP" : Text(keyword)) +
               " qualifier");
      return false;
    }
    ObservationExpression& n = p_.observations[node];
    // A node's qualifiers are one range; qualifiers added after parentheses extend the range of
    // the inner node, which is normally still the newest. Copy it to the end if it is not.
    if (n.qualifier_count == 0) {
      n.first_qualifier = static_cast<std::uint32_t>(p_.qualifiers.size());
    } else if (n.first_qualifier + n.qualifier_count != p_.qualifiers.size()) {
      const std::uint32_t old_first = n.first_qualifier;
      n.first_qualifier = static_cast<std::uint32_t>(p_.qualifiers.size());
      for (std::uint32_t i = 0; i < n.qualifier_count; ++i) {
        Qualifier copy = p_.qualifiers[old_first + i];
        p_.qualifiers.push_back(copy);
      }
    }
    p_.qualifiers.push_back(q);
    ++n.qualifier_count;
  }
  return true;
}

bool Parser::ParseQualifier(Qualifier* q) {
  const Tok keyword = tok_.kind;
  Advance();
  if (failed_) return false;
  if (keyword == Tok::kWithin) {
    q->kind = Qualifier::Kind::kWithin;
    std::optional<double> seconds;
    if ((tok_.kind == Tok::kInt || tok_.kind == Tok::kFloat) && Text(tok_).front() != '-') {
      seconds = pattern_internal::ParseFloat(Text(tok_));
    }
    if (!seconds || !(*seconds > 0)) {
      Expected("a positive number of seconds after WITHIN");
      return false;
    }
    q->seconds = *seconds;
    Advance();
    return Expect(Tok::kSeconds, "SECONDS after the WITHIN value");
  }
  if (keyword == Tok::kRepeats) {
    q->kind = Qualifier::Kind::kRepeats;
    std::optional<std::int64_t> times;
    if (tok_.kind == Tok::kInt) times = pattern_internal::ParseInteger(Text(tok_));
    if (!times || *times <= 0) {
      Expected("a positive integer after REPEATS");
      return false;
    }
    q->times = *times;
    Advance();
    return Expect(Tok::kTimes, "TIMES after the REPEATS count");
  }
  q->kind = Qualifier::Kind::kStartStop;
  if (tok_.kind != Tok::kTimestamp) {
    Expected("a timestamp such as t'2016-06-01T00:00:00Z' after START");
    return false;
  }
  if (!ParseTimestampToken(&q->start)) return false;
  if (!Expect(Tok::kStop, "STOP after the START timestamp")) return false;
  if (tok_.kind != Tok::kTimestamp) {
    Expected("a timestamp such as t'2016-07-01T00:00:00Z' after STOP");
    return false;
  }
  const Token stop = tok_;
  if (!ParseTimestampToken(&q->stop)) return false;
  if (!(q->start < q->stop)) {
    Fail(stop.begin, "the STOP timestamp must be later than the START timestamp");
    return false;
  }
  return true;
}

// Reads the current kTimestamp token and advances.
bool Parser::ParseTimestampToken(Timestamp* out) {
  std::string_view inner = Text(tok_).substr(2);
  inner.remove_suffix(1);
  auto parsed = ParseTimestamp(inner);
  if (!parsed) {
    Fail(tok_.begin + 2 + parsed.error().where.column.value_or(1) - 1, parsed.error().message);
    return false;
  }
  *out = *parsed;
  Advance();
  return !failed_;
}

// ---- comparison expressions ----

std::uint32_t Parser::ParseExpressionLevel(int level) {
  if (level == 2) {
    if (tok_.kind != Tok::kLParen) return ParseComparison();
    if (!EnterNesting()) return kFailed;
    Advance();
    std::uint32_t inner = ParseExpressionLevel(0);
    if (inner == kFailed) return kFailed;
    if (!Expect(Tok::kRParen, "')' to close the parenthesised comparison expression")) {
      return kFailed;
    }
    --depth_;
    return inner;
  }
  std::uint32_t first = ParseExpressionLevel(level + 1);
  if (first == kFailed || tok_.kind != kExpressionOps[level]) return first;
  const ExpressionKind kind = kExpressionKinds[level];
  const std::uint32_t offset = p_.expressions[first].offset;
  const std::size_t mark = expression_operands_.size();
  AddExpressionOperand(kind, first);
  while (tok_.kind == kExpressionOps[level]) {
    Advance();
    std::uint32_t next = ParseExpressionLevel(level + 1);
    if (next == kFailed) return kFailed;
    AddExpressionOperand(kind, next);
  }
  ComparisonExpression node{
      .kind = kind,
      .first_child = static_cast<std::uint32_t>(p_.expression_children.size()),
      .child_count = static_cast<std::uint32_t>(expression_operands_.size() - mark),
      .offset = offset};
  p_.expression_children.insert(p_.expression_children.end(),
                                expression_operands_.begin() + static_cast<std::ptrdiff_t>(mark),
                                expression_operands_.end());
  expression_operands_.resize(mark);
  p_.expressions.push_back(node);
  return static_cast<std::uint32_t>(p_.expressions.size() - 1);
}

// As AddObservationOperand.
void Parser::AddExpressionOperand(ExpressionKind kind, std::uint32_t index) {
  const ComparisonExpression& child = p_.expressions[index];
  if (child.kind == kind && index + 1 == p_.expressions.size() &&
      child.first_child + child.child_count == p_.expression_children.size()) {
    auto begin = p_.expression_children.begin() + child.first_child;
    expression_operands_.insert(expression_operands_.end(), begin, p_.expression_children.end());
    p_.expression_children.erase(begin, p_.expression_children.end());
    p_.expressions.pop_back();
    return;
  }
  expression_operands_.push_back(index);
}

std::uint32_t Parser::ParseComparison() {
  Comparison c;
  c.offset = tok_.begin;
  if (tok_.kind == Tok::kNot) {
    Advance();
    if (tok_.kind != Tok::kExists) {
      return Expected(
          "EXISTS after a leading NOT (to negate an operator write NOT before it: "
          "file:name NOT = 'x')");
    }
    c.negated = true;
  }
  if (tok_.kind == Tok::kExists) {
    Advance();
    if (!ParsePath(&c, "an object path such as file:name after EXISTS")) return kFailed;
    c.op = ComparisonOperator::kExists;
  } else {
    if (!ParsePath(&c, "a comparison (an object path such as file:name, EXISTS or '(')")) {
      return kFailed;
    }
    if (tok_.kind == Tok::kNot) {
      c.negated = true;
      Advance();
    }
    const Token op_token = tok_;
    switch (tok_.kind) {
      case Tok::kEq:
        c.op = ComparisonOperator::kEqual;
        break;
      case Tok::kNeq:
        c.op = ComparisonOperator::kNotEqual;
        break;
      case Tok::kLt:
        c.op = ComparisonOperator::kLess;
        break;
      case Tok::kLe:
        c.op = ComparisonOperator::kLessOrEqual;
        break;
      case Tok::kGt:
        c.op = ComparisonOperator::kGreater;
        break;
      case Tok::kGe:
        c.op = ComparisonOperator::kGreaterOrEqual;
        break;
      case Tok::kIn:
        c.op = ComparisonOperator::kIn;
        break;
      case Tok::kLike:
        c.op = ComparisonOperator::kLike;
        break;
      case Tok::kMatches:
        c.op = ComparisonOperator::kMatches;
        break;
      case Tok::kIsSubset:
        c.op = ComparisonOperator::kIsSubset;
        break;
      case Tok::kIsSuperset:
        c.op = ComparisonOperator::kIsSuperset;
        break;
      default:
        return Expected(
            "a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, "
            "ISSUPERSET)" +
            std::string(c.negated ? " after NOT" : " after the object path"));
    }
    Advance();
    if (failed_ || !ParseValue(c.op, op_token, &c.value)) return kFailed;
  }
  const std::uint32_t offset = c.offset;
  p_.comparisons.push_back(std::move(c));
  p_.expressions.push_back(
      ComparisonExpression{.kind = ExpressionKind::kComparison,
                           .comparison = static_cast<std::uint32_t>(p_.comparisons.size() - 1),
                           .offset = offset});
  return static_cast<std::uint32_t>(p_.expressions.size() - 1);
}

bool Parser::ParsePath(Comparison* c, std::string_view what) {
  if (tok_.kind != Tok::kIdentifier) {
    Expected(what);
    return false;
  }
  std::string_view type = Text(tok_);
  if (!IsValidStixType(type)) {
    Fail(tok_.begin, "'" + Excerpt(type) +
                         "' is not a valid STIX object type (3 to 250 characters of a-z, 0-9 "
                         "and '-', starting with a letter)");
    return false;
  }
  c->object_type.assign(type);
  Advance();
  if (!Expect(Tok::kColon, "':' after the object type '" + Excerpt(type) + "'")) return false;
  if (!ParsePropertyName(c, "a property name after ':'")) return false;
  while (true) {
    if (tok_.kind == Tok::kDot) {
      Advance();
      if (!ParsePropertyName(c, "a property name after '.'")) return false;
    } else if (tok_.kind == Tok::kLBracket) {
      Advance();
      PathStep step;
      if (tok_.kind == Tok::kStar) {
        step.kind = PathStep::Kind::kAnyIndex;
      } else if (tok_.kind == Tok::kInt) {
        auto index = pattern_internal::ParseInteger(Text(tok_));
        if (!index) {
          Fail(tok_.begin, "list index '" + Excerpt(Text(tok_)) + "' is out of range");
          return false;
        }
        step.kind = PathStep::Kind::kIndex;
        step.index = *index;
      } else {
        Expected("an integer or '*' as a list index");
        return false;
      }
      c->path.push_back(std::move(step));
      Advance();
      if (!Expect(Tok::kRBracket, "']' to close the list index")) return false;
    } else {
      return !failed_;
    }
  }
}

bool Parser::ParsePropertyName(Comparison* c, std::string_view what) {
  PathStep step;
  std::string_view text = Text(tok_);
  if (tok_.kind == Tok::kString) {
    step.property = pattern_internal::UnescapeString(text.substr(1, text.size() - 2));
  } else if (tok_.kind == Tok::kIdentifier || pattern_internal::IsKeyword(tok_.kind) ||
             tok_.kind == Tok::kTrue || tok_.kind == Tok::kFalse) {
    // Keywords are accepted as names here (there is no ambiguity after ':' or '.'); ToString
    // quotes them for other parsers.
    if (text.find('-') != std::string_view::npos) {
      Fail(tok_.begin, "property name '" + Excerpt(text) + "' contains '-' and must be quoted: '" +
                           Excerpt(text) + "'");
      return false;
    }
    step.property.assign(text);
  } else {
    Expected(what);
    return false;
  }
  c->path.push_back(std::move(step));
  Advance();
  return !failed_;
}

bool Parser::ParseValue(ComparisonOperator op, const Token& op_token, Constant* out) {
  const std::string op_text(Text(op_token));
  switch (op) {
    case ComparisonOperator::kIn:
      if (tok_.kind != Tok::kLParen) {
        Expected("a set constant such as ('a', 'b') after IN");
        return false;
      }
      return ParseSet(out);
    case ComparisonOperator::kLike:
    case ComparisonOperator::kMatches:
    case ComparisonOperator::kIsSubset:
    case ComparisonOperator::kIsSuperset:
      if (tok_.kind != Tok::kString) {
        Expected("a string constant after " + op_text);
        return false;
      }
      return ParseConstant(out, "");
    default:
      break;
  }
  if (tok_.kind == Tok::kLParen) {
    Fail(tok_.begin, "'" + op_text + "' compares with one constant, found '(' (use IN for a set)");
    return false;
  }
  const Token value = tok_;
  if (!ParseConstant(out, "a constant after '" + op_text + "'")) return false;
  if (IsOrderingOperator(op) && out->kind() == ConstantKind::kBoolean) {
    Fail(value.begin, "'" + op_text +
                          "' needs an orderable constant (a number, string, timestamp, binary or "
                          "hex), found '" +
                          Excerpt(Text(value)) + "'");
    return false;
  }
  return true;
}

bool Parser::ParseConstant(Constant* out, std::string_view what) {
  std::string_view text = Text(tok_);
  std::string why;
  std::size_t bad = 0;
  switch (tok_.kind) {
    case Tok::kString:
      out->value = pattern_internal::UnescapeString(text.substr(1, text.size() - 2));
      break;
    case Tok::kInt: {
      auto value = pattern_internal::ParseInteger(text);
      if (!value) {
        Fail(tok_.begin, "integer constant '" + Excerpt(text) + "' is out of the 64-bit range");
        return false;
      }
      out->value = *value;
      break;
    }
    case Tok::kFloat: {
      auto value = pattern_internal::ParseFloat(text);
      if (!value) {
        Fail(tok_.begin, "float constant '" + Excerpt(text) + "' is out of range");
        return false;
      }
      out->value = *value;
      break;
    }
    case Tok::kTrue:
    case Tok::kFalse:
      out->value = tok_.kind == Tok::kTrue;
      break;
    case Tok::kTimestamp: {
      Timestamp t;
      if (!ParseTimestampToken(&t)) return false;
      out->value = t;
      return true;  // ParseTimestampToken advanced
    }
    case Tok::kBinary: {
      BinaryConstant binary;
      if (!pattern_internal::DecodeBase64(text.substr(2, text.size() - 3), &binary.bytes, &bad,
                                          &why)) {
        Fail(tok_.begin + 2 + bad, "invalid binary constant: " + why);
        return false;
      }
      out->value = std::move(binary);
      break;
    }
    case Tok::kHex: {
      HexConstant hex;
      if (!pattern_internal::DecodeHex(text.substr(2, text.size() - 3), &hex.bytes, &bad, &why)) {
        Fail(tok_.begin + 2 + bad, "invalid hex constant: " + why);
        return false;
      }
      out->value = std::move(hex);
      break;
    }
    default:
      Expected(what);
      return false;
  }
  Advance();
  return !failed_;
}

bool Parser::ParseSet(Constant* out) {
  SetConstant set;
  Advance();  // (
  if (tok_.kind == Tok::kRParen) {
    Advance();
    out->value = std::move(set);
    return !failed_;
  }
  while (!failed_) {
    Constant item;
    if (!ParseConstant(&item, "a constant in the set")) return false;
    set.items.push_back(std::move(item));
    if (tok_.kind == Tok::kComma) {
      Advance();
    } else if (tok_.kind == Tok::kRParen) {
      Advance();
      out->value = std::move(set);
      return !failed_;
    } else {
      Expected("',' or ')' in the set constant");
      return false;
    }
  }
  return false;
}

// ---- semantic checks ----

// STIX 2.1 §9.5: comparison expressions joined by AND must use the same object type; as the TC
// clarified (oasis-tcs/cti-stix2#235), every operand of AND must be satisfiable by one object
// type: OR yields the union of its operands' types, AND the intersection, which must not be
// empty. Only computed when the observation mentions more than one type.
bool Parser::CheckAndTypes(std::uint32_t first_comparison, std::uint32_t expression) {
  const std::string& first_type = p_.comparisons[first_comparison].object_type;
  bool mixed = false;
  for (std::size_t i = first_comparison + 1; i < p_.comparisons.size() && !mixed; ++i) {
    mixed = p_.comparisons[i].object_type != first_type;
  }
  if (!mixed) return true;
  std::vector<std::string_view> types;
  return SatisfiableTypes(expression, &types);
}

bool Parser::SatisfiableTypes(std::uint32_t expression, std::vector<std::string_view>* types) {
  const ComparisonExpression& node = p_.expressions[expression];
  types->clear();
  if (node.kind == ExpressionKind::kComparison) {
    types->push_back(p_.comparisons[node.comparison].object_type);
    return true;
  }
  std::vector<std::string_view> operand, merged;
  bool first = true;
  for (std::uint32_t child : p_.Children(node)) {
    if (!SatisfiableTypes(child, &operand)) return false;
    if (first) {
      *types = operand;
      first = false;
      continue;
    }
    merged.clear();
    if (node.kind == ExpressionKind::kOr) {
      std::ranges::set_union(*types, operand, std::back_inserter(merged));
    } else {
      std::ranges::set_intersection(*types, operand, std::back_inserter(merged));
      if (merged.empty()) {
        Fail(p_.expressions[child].offset,
             "comparisons joined by AND must apply to the same object type (STIX 2.1 §9.5): "
             "this one applies to " +
                 JoinTypes(operand) + ", the ones before it to " + JoinTypes(*types));
        return false;
      }
    }
    types->swap(merged);
  }
  return true;
}

}  // namespace

Result<Pattern> ParsePattern(std::string_view text) { return Parser(text).Run(); }

}  // namespace qccm::stix
