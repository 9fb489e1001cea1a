// The STIX pattern parser's class (private to the pattern module); ParsePattern is its only
// user. See parser.cc for the design.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/stix/pattern.h"
#include "stix/pattern/lexer.h"

namespace qccm::stix::pattern_internal {

// Returned instead of a node index once an error is recorded.
inline constexpr std::uint32_t kFailed = UINT32_MAX;

// Parses one pattern text into a Pattern. Single use: construct, call Run once. Not
// thread-safe. The methods live in parser.cc (observation level) and parser_comparison.cc
// (inside brackets).
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
  bool ParseWithin(Qualifier* q);
  bool ParseRepeats(Qualifier* q);
  bool ParseStartStop(Qualifier* q);
  bool ParseTimestampToken(Timestamp* out);

  // ---- comparison expressions ----
  std::uint32_t ParseExpressionLevel(int level);
  void AddExpressionOperand(ExpressionKind kind, std::uint32_t index);
  std::uint32_t ParseComparison();
  bool ParsePath(Comparison* c, std::string_view what);
  bool ParsePropertyName(Comparison* c, std::string_view what);
  bool ParseListIndex(Comparison* c);
  bool ParseValue(ComparisonOperator op, const Token& op_token, Constant* out);
  bool ParseConstant(Constant* out, std::string_view what);
  bool ParseNumber(Constant* out);
  bool ParseBytes(Constant* out);
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

}  // namespace qccm::stix::pattern_internal
