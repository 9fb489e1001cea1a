// The STIX pattern parser inside brackets: comparison expressions, object paths, constants,
// and the check that comparisons joined by AND can apply to one object type.
#include <algorithm>
#include <utility>

#include "qccm/core/stix_id.h"
#include "stix/pattern/constants.h"
#include "stix/pattern/parser.h"

namespace qccm::stix::pattern_internal {
namespace {

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

bool OperatorFor(Tok kind, ComparisonOperator* op) {
  switch (kind) {
    case Tok::kEq:
      *op = ComparisonOperator::kEqual;
      return true;
    case Tok::kNeq:
      *op = ComparisonOperator::kNotEqual;
      return true;
    case Tok::kLt:
      *op = ComparisonOperator::kLess;
      return true;
    case Tok::kLe:
      *op = ComparisonOperator::kLessOrEqual;
      return true;
    case Tok::kGt:
      *op = ComparisonOperator::kGreater;
      return true;
    case Tok::kGe:
      *op = ComparisonOperator::kGreaterOrEqual;
      return true;
    case Tok::kIn:
      *op = ComparisonOperator::kIn;
      return true;
    case Tok::kLike:
      *op = ComparisonOperator::kLike;
      return true;
    case Tok::kMatches:
      *op = ComparisonOperator::kMatches;
      return true;
    case Tok::kIsSubset:
      *op = ComparisonOperator::kIsSubset;
      return true;
    case Tok::kIsSuperset:
      *op = ComparisonOperator::kIsSuperset;
      return true;
    default:
      return false;
  }
}

bool IsConstantToken(Tok kind) {
  switch (kind) {
    case Tok::kString:
    case Tok::kInt:
    case Tok::kFloat:
    case Tok::kTrue:
    case Tok::kFalse:
    case Tok::kTimestamp:
    case Tok::kBinary:
    case Tok::kHex:
      return true;
    default:
      return false;
  }
}

}  // namespace

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
  if (expression_operands_.capacity() == 0) expression_operands_.reserve(16);
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
  // Built in place: nothing nested can add a comparison before this one is complete, and a
  // failure abandons the whole pattern.
  const auto index = static_cast<std::uint32_t>(p_.comparisons.size());
  Comparison& c = p_.comparisons.emplace_back();
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
    if (!OperatorFor(tok_.kind, &c.op)) {
      return Expected(
          "a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, "
          "ISSUPERSET)" +
          std::string(c.negated ? " after NOT" : " after the object path"));
    }
    Advance();
    if (failed_ || !ParseValue(c.op, op_token, &c.value)) return kFailed;
  }
  p_.expressions.push_back(ComparisonExpression{
      .kind = ExpressionKind::kComparison, .comparison = index, .offset = c.offset});
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
  c->path.reserve(4);  // one allocation for nearly every real path
  Advance();
  if (tok_.kind != Tok::kColon) {
    Expected("':' after the object type '" + Excerpt(type) + "'");
    return false;
  }
  Advance();
  if (!ParsePropertyName(c, "a property name after ':'")) return false;
  while (true) {
    if (tok_.kind == Tok::kDot) {
      Advance();
      if (!ParsePropertyName(c, "a property name after '.'")) return false;
    } else if (tok_.kind == Tok::kLBracket) {
      if (!ParseListIndex(c)) return false;
    } else {
      return !failed_;
    }
  }
}

// [n] or [*]; the current token is the '['.
bool Parser::ParseListIndex(Comparison* c) {
  Advance();
  PathStep& step = c->path.emplace_back();
  if (tok_.kind == Tok::kStar) {
    step.kind = PathStep::Kind::kAnyIndex;
  } else if (tok_.kind == Tok::kInt) {
    auto index = ParseInteger(Text(tok_));
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
  Advance();
  return Expect(Tok::kRBracket, "']' to close the list index");
}

bool Parser::ParsePropertyName(Comparison* c, std::string_view what) {
  PathStep step;
  std::string_view text = Text(tok_);
  if (tok_.kind == Tok::kString) {
    step.property = UnescapeString(text.substr(1, text.size() - 2));
  } else if (tok_.kind == Tok::kIdentifier || IsKeyword(tok_.kind) || tok_.kind == Tok::kTrue ||
             tok_.kind == Tok::kFalse) {
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
  // Messages are built only on failure: this runs for every comparison.
  const std::string op_text(Text(op_token));  // at most 10 characters: no allocation
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
  if (!IsConstantToken(tok_.kind)) {
    Expected("a constant after '" + op_text + "'");
    return false;
  }
  if (!ParseConstant(out, "a constant")) return false;
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
  switch (tok_.kind) {
    case Tok::kString: {
      std::string_view text = Text(tok_);
      out->value = UnescapeString(text.substr(1, text.size() - 2));
      break;
    }
    case Tok::kInt:
    case Tok::kFloat:
      if (!ParseNumber(out)) return false;
      break;
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
    case Tok::kBinary:
    case Tok::kHex:
      if (!ParseBytes(out)) return false;
      break;
    default:
      Expected(what);
      return false;
  }
  Advance();
  return !failed_;
}

// The current kInt or kFloat token; does not advance.
bool Parser::ParseNumber(Constant* out) {
  std::string_view text = Text(tok_);
  if (tok_.kind == Tok::kInt) {
    auto value = ParseInteger(text);
    if (!value) {
      Fail(tok_.begin, "integer constant '" + Excerpt(text) + "' is out of the 64-bit range");
      return false;
    }
    out->value = *value;
    return true;
  }
  auto value = ParseFloat(text);
  if (!value) {
    Fail(tok_.begin, "float constant '" + Excerpt(text) + "' is out of range");
    return false;
  }
  out->value = *value;
  return true;
}

// The current kBinary (base64) or kHex token; does not advance.
bool Parser::ParseBytes(Constant* out) {
  std::string_view text = Text(tok_);
  std::string_view inner = text.substr(2, text.size() - 3);
  std::string bytes, why;
  std::size_t bad = 0;
  if (tok_.kind == Tok::kBinary) {
    if (!DecodeBase64(inner, &bytes, &bad, &why)) {
      Fail(tok_.begin + 2 + bad, "invalid binary constant: " + why);
      return false;
    }
    out->value = BinaryConstant{std::move(bytes)};
    return true;
  }
  if (!DecodeHex(inner, &bytes, &bad, &why)) {
    Fail(tok_.begin + 2 + bad, "invalid hex constant: " + why);
    return false;
  }
  out->value = HexConstant{std::move(bytes)};
  return true;
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

}  // namespace qccm::stix::pattern_internal
