// The STIX pattern tokenizer (private to the pattern module): splits text into the tokens of
// STIXPattern.g4, skipping whitespace (ASCII and the Unicode spaces the grammar lists) and
// /* */ and // comments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qccm::stix::pattern_internal {

enum class Tok : std::uint8_t {
  kEnd,
  kError,  // the lexer failed; Lexer::error_message() and error_offset() say why and where
  kLBracket,
  kRBracket,
  kLParen,
  kRParen,
  kColon,
  kDot,
  kComma,
  kStar,
  kEq,   // = ==
  kNeq,  // != <>
  kLt,
  kLe,
  kGt,
  kGe,
  kIdentifier,  // [A-Za-z_][A-Za-z0-9_-]* that is not a keyword
  kString,      // '...' (text includes the quotes; escapes already checked)
  kInt,         // [+-]?(0|[1-9][0-9]*)
  kFloat,       // [+-]?[0-9]*.[0-9]+
  kTimestamp,   // t'...' (contents checked by the parser)
  kBinary,      // b'...'
  kHex,         // h'...'
  kTrue,
  kFalse,
  // Keywords (case-sensitive, STIX 2.1 grammar).
  kAnd,
  kOr,
  kNot,
  kFollowedBy,
  kLike,
  kMatches,
  kIsSubset,
  kIsSuperset,
  kExists,
  kIn,
  kStart,
  kStop,
  kSeconds,
  kWithin,
  kRepeats,
  kTimes,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::uint32_t begin = 0;  // byte offsets into the text
  std::uint32_t end = 0;
};

// True for the keyword kinds (AND ... TIMES).
inline bool IsKeyword(Tok kind) { return kind >= Tok::kAnd; }

// Returns the keyword kind spelled exactly `word`, or kIdentifier.
Tok KeywordKind(std::string_view word);

// Produces tokens one at a time. The text must outlive the lexer. Not thread-safe.
class Lexer final {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // Returns the next token; kEnd forever at the end; kError (then kEnd) on a lexical error.
  Token Next();

  std::string_view text() const { return text_; }
  std::string_view TextOf(const Token& token) const {
    return text_.substr(token.begin, token.end - token.begin);
  }
  const std::string& error_message() const { return error_message_; }
  std::uint32_t error_offset() const { return error_offset_; }

 private:
  bool SkipSpaceAndComments();  // false on an unterminated comment
  Token Fail(std::uint32_t offset, std::string message);
  Token LexOperator(std::uint32_t begin);
  Token LexNumber(std::uint32_t begin);
  Token LexQuoted(Tok kind, std::uint32_t begin, std::uint32_t quote);
  Token LexWord(std::uint32_t begin);

  std::string_view text_;
  std::uint32_t pos_ = 0;
  std::string error_message_;
  std::uint32_t error_offset_ = 0;
};

// 1-based column (in code points) of a byte offset.
std::size_t ColumnOf(std::string_view text, std::size_t offset);

// A short printable rendering of some pattern text for messages: at most ~24 code points,
// control characters escaped.
std::string Excerpt(std::string_view text);

}  // namespace qccm::stix::pattern_internal
