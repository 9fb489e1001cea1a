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
#include "stix/pattern/parser.h"

#include <cstring>
#include <utility>

#include "stix/pattern/constants.h"

namespace qccm::stix {
namespace pattern_internal {
namespace {

// Observation operators by level, loosest first; level 3 is a primary.
constexpr Tok kObservationOps[] = {Tok::kFollowedBy, Tok::kOr, Tok::kAnd};
constexpr ObservationKind kObservationKinds[] = {ObservationKind::kFollowedBy, ObservationKind::kOr,
                                                 ObservationKind::kAnd};

// Occurrences of `c` in `text`, counting at most `limit`.
std::size_t CountUpTo(std::string_view text, char c, std::size_t limit) {
  std::size_t count = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  while (count < limit) {
    p = static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end - p)));
    if (p == nullptr) break;
    ++count;
    ++p;
  }
  return count;
}

}  // namespace

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
  // Every comparison has one ':' and every observation one '[' (strings and list indexes make
  // these overestimates), so counting them (memchr is vectorised) sizes the node vectors in one
  // allocation each.
  constexpr std::size_t kMaxReserve = 64;
  const std::size_t colons = CountUpTo(text, ':', kMaxReserve);
  const std::size_t brackets = CountUpTo(text, '[', kMaxReserve);
  p_.comparisons.reserve(colons);
  p_.expressions.reserve(2 * colons);
  p_.observations.reserve(2 * brackets);
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
  if (observation_operands_.capacity() == 0) observation_operands_.reserve(16);
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
  switch (keyword) {
    case Tok::kWithin:
      return ParseWithin(q);
    case Tok::kRepeats:
      return ParseRepeats(q);
    default:
      return ParseStartStop(q);
  }
}

// WITHIN (IntPosLiteral | FloatPosLiteral) SECONDS, the value > 0.
bool Parser::ParseWithin(Qualifier* q) {
  q->kind = Qualifier::Kind::kWithin;
  std::optional<double> seconds;
  if ((tok_.kind == Tok::kInt || tok_.kind == Tok::kFloat) && Text(tok_).front() != '-') {
    seconds = ParseFloat(Text(tok_));
  }
  if (!seconds || !(*seconds > 0)) {
    Expected("a positive number of seconds after WITHIN");
    return false;
  }
  q->seconds = *seconds;
  Advance();
  return Expect(Tok::kSeconds, "SECONDS after the WITHIN value");
}

// REPEATS IntPosLiteral TIMES, the count > 0.
bool Parser::ParseRepeats(Qualifier* q) {
  q->kind = Qualifier::Kind::kRepeats;
  std::optional<std::int64_t> times;
  if (tok_.kind == Tok::kInt) times = ParseInteger(Text(tok_));
  if (!times || *times <= 0) {
    Expected("a positive integer after REPEATS");
    return false;
  }
  q->times = *times;
  Advance();
  return Expect(Tok::kTimes, "TIMES after the REPEATS count");
}

// START TimestampLiteral STOP TimestampLiteral, START earlier than STOP.
bool Parser::ParseStartStop(Qualifier* q) {
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
}  // namespace pattern_internal

Result<Pattern> ParsePattern(std::string_view text) { return pattern_internal::Parser(text).Run(); }

}  // namespace qccm::stix
