// The STIX pattern tokenizer: the lexer rules of STIXPattern.g4, written by hand (see
// parser.cc for why there is no ANTLR).
#include "stix/pattern/lexer.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <utility>

namespace qccm::stix::pattern_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// [A-Za-z0-9_-] as a table: the inner loop of every identifier.
constexpr std::array<bool, 256> kWordChars = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<std::size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                         (c >= '0' && c <= '9') || c == '_' || c == '-';
  }
  return table;
}();
bool IsWordChar(char c) { return kWordChars[static_cast<unsigned char>(c)]; }

// Tokens that are one character whatever follows; kEnd marks every other character.
constexpr std::array<Tok, 256> kSingleCharTokens = [] {
  std::array<Tok, 256> table{};
  table['['] = Tok::kLBracket;
  table[']'] = Tok::kRBracket;
  table['('] = Tok::kLParen;
  table[')'] = Tok::kRParen;
  table[':'] = Tok::kColon;
  table[','] = Tok::kComma;
  table['*'] = Tok::kStar;
  return table;
}();

// Byte length of the whitespace character at `i`, or 0. The grammar's WS rule: ASCII
// whitespace plus U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
std::size_t SpaceLength(std::string_view t, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
  unsigned char c = byte(i);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
  if (c < 0xC2) return 0;
  if (c == 0xC2) return i + 1 < t.size() && (byte(i + 1) == 0x85 || byte(i + 1) == 0xA0) ? 2 : 0;
  if (i + 2 >= t.size()) return 0;
  unsigned char b1 = byte(i + 1), b2 = byte(i + 2);
  if (c == 0xE1) return b1 == 0x9A && b2 == 0x80 ? 3 : 0;
  if (c == 0xE3) return b1 == 0x80 && b2 == 0x80 ? 3 : 0;
  if (c != 0xE2) return 0;
  if (b1 == 0x80)
    return (b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF ? 3 : 0;
  return b1 == 0x81 && b2 == 0x9F ? 3 : 0;
}

// Byte length of the UTF-8 sequence starting with `lead` (1 for anything malformed).
std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

const char* QuotedName(Tok kind) {
  switch (kind) {
    case Tok::kTimestamp:
      return "timestamp";
    case Tok::kBinary:
      return "binary";
    case Tok::kHex:
      return "hex";
    default:
      return "string";
  }
}

}  // namespace

Tok KeywordKind(std::string_view w) {
  struct Keyword {
    std::string_view text;
    Tok kind;
  };
  static constexpr std::array<Keyword, 20> kKeywords = {{
      {"AND", Tok::kAnd},           {"OR", Tok::kOr},
      {"NOT", Tok::kNot},           {"FOLLOWEDBY", Tok::kFollowedBy},
      {"LIKE", Tok::kLike},         {"MATCHES", Tok::kMatches},
      {"ISSUBSET", Tok::kIsSubset}, {"ISSUPERSET", Tok::kIsSuperset},
      {"EXISTS", Tok::kExists},     {"IN", Tok::kIn},
      {"START", Tok::kStart},       {"STOP", Tok::kStop},
      {"SECONDS", Tok::kSeconds},   {"WITHIN", Tok::kWithin},
      {"REPEATS", Tok::kRepeats},   {"TIMES", Tok::kTimes},
      {"true", Tok::kTrue},         {"false", Tok::kFalse},
      {"LAST", Tok::kIdentifier},  // reserved by the grammar, used by no rule
      {"", Tok::kIdentifier},
  }};
  // Keywords are upper case except true/false; most identifiers are lower case.
  if (w.size() < 2 || w.size() > 10) return Tok::kIdentifier;
  if (!(w[0] >= 'A' && w[0] <= 'Z') && w != "true" && w != "false") return Tok::kIdentifier;
  for (const Keyword& k : kKeywords) {
    if (k.text == w) return k.kind;
  }
  return Tok::kIdentifier;
}

std::size_t ColumnOf(std::string_view text, std::size_t offset) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

std::string Excerpt(std::string_view text) {
  constexpr std::size_t kMaxCodePoints = 24;
  std::string out;
  std::size_t code_points = 0, i = 0;
  while (i < text.size() && code_points < kMaxCodePoints) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = SequenceLength(c);
    if (i + len > text.size()) len = 1;
    if (c < 0x20 || c == 0x7F || (len == 1 && c >= 0x80)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
    ++code_points;
  }
  if (i < text.size()) out += "...";
  return out;
}

Token Lexer::Fail(std::uint32_t offset, std::string message) {
  error_offset_ = offset;
  error_message_ = std::move(message);
  Token token{Tok::kError, offset, offset};
  pos_ = static_cast<std::uint32_t>(text_.size());
  return token;
}

bool Lexer::SkipSpaceAndComments() {
  while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  while (pos_ < text_.size()) {
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c > ' ' && c < 0x80 && c != '/') return true;  // the common case: a token starts here
    if (std::size_t n = SpaceLength(text_, pos_); n > 0) {
      pos_ += static_cast<std::uint32_t>(n);
      continue;
    }
    if (text_[pos_] != '/' || pos_ + 1 >= text_.size()) return true;
    if (text_[pos_ + 1] == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
    } else if (text_[pos_ + 1] == '*') {
      std::size_t close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) {
        std::uint32_t begin = pos_;
        Fail(begin,
             "unterminated comment starting at column " + std::to_string(ColumnOf(text_, begin)));
        return false;
      }
      pos_ = static_cast<std::uint32_t>(close + 2);
    } else {
      return true;
    }
  }
  return true;
}

Token Lexer::Next() {
  if (!SkipSpaceAndComments()) return Token{Tok::kError, error_offset_, error_offset_};
  const std::uint32_t begin = pos_;
  if (pos_ >= text_.size()) return Token{Tok::kEnd, begin, begin};
  const char c = text_[pos_];
  if (const Tok single = kSingleCharTokens[static_cast<unsigned char>(c)]; single != Tok::kEnd) {
    ++pos_;
    return Token{single, begin, pos_};
  }
  if (IsWordStart(c)) return LexWord(begin);
  if (c == '\'') return LexQuoted(Tok::kString, begin, begin);
  if (IsDigit(c)) return LexNumber(begin);
  const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (c == '.') {
    if (IsDigit(next)) return LexNumber(begin);
    ++pos_;
    return Token{Tok::kDot, begin, pos_};
  }
  if (c == '+' || c == '-') {
    const char after = pos_ + 2 < text_.size() ? text_[pos_ + 2] : '\0';
    if (IsDigit(next) || (next == '.' && IsDigit(after))) return LexNumber(begin);
    return Fail(begin, std::string("unexpected character '") + c + "'");
  }
  return LexOperator(begin);
}

// = == != <> < <= > >=, or an unexpected character.
Token Lexer::LexOperator(std::uint32_t begin) {
  const char c = text_[begin];
  const char next = begin + 1 < text_.size() ? text_[begin + 1] : '\0';
  auto token = [&](Tok kind, std::uint32_t length) {
    pos_ = begin + length;
    return Token{kind, begin, pos_};
  };
  switch (c) {
    case '=':
      return token(Tok::kEq, next == '=' ? 2 : 1);
    case '<':
      if (next == '=') return token(Tok::kLe, 2);
      return next == '>' ? token(Tok::kNeq, 2) : token(Tok::kLt, 1);
    case '>':
      return next == '=' ? token(Tok::kGe, 2) : token(Tok::kGt, 1);
    case '!':
      if (next == '=') return token(Tok::kNeq, 2);
      return Fail(begin, "unexpected character '!' (the operator is '!=')");
    default: {
      std::size_t len = SequenceLength(static_cast<unsigned char>(c));
      return Fail(begin, "unexpected character '" + Excerpt(text_.substr(begin, len)) + "'");
    }
  }
}

Token Lexer::LexNumber(std::uint32_t begin) {
  std::uint32_t p = begin;
  if (text_[p] == '+' || text_[p] == '-') ++p;
  const std::uint32_t digits_begin = p;
  while (p < text_.size() && IsDigit(text_[p])) ++p;
  const std::uint32_t digits = p - digits_begin;
  if (p < text_.size() && text_[p] == '.') {
    if (p + 1 < text_.size() && IsDigit(text_[p + 1])) {
      p += 1;
      while (p < text_.size() && IsDigit(text_[p])) ++p;
      pos_ = p;
      return Token{Tok::kFloat, begin, p};
    }
    return Fail(p + 1, "expected a digit after '.' in the number '" +
                           Excerpt(text_.substr(begin, p + 1 - begin)) + "'");
  }
  if (digits > 1 && text_[digits_begin] == '0') {
    return Fail(begin, "integer constant '" + Excerpt(text_.substr(begin, p - begin)) +
                           "' has a leading zero");
  }
  pos_ = p;
  return Token{Tok::kInt, begin, p};
}

Token Lexer::LexQuoted(Tok kind, std::uint32_t begin, std::uint32_t quote) {
  std::uint32_t p = quote + 1;
  // Fast path: the closing quote with no backslash before it (memchr is vectorised).
  if (const void* close = std::memchr(text_.data() + p, '\'', text_.size() - p)) {
    const auto end = static_cast<std::uint32_t>(static_cast<const char*>(close) - text_.data());
    if (std::memchr(text_.data() + p, '\\', end - p) == nullptr) {
      pos_ = end + 1;
      return Token{kind, begin, pos_};
    }
  }
  while (p < text_.size()) {
    const char c = text_[p];
    if (c == '\'') {
      pos_ = p + 1;
      return Token{kind, begin, pos_};
    }
    if (c == '\\' && kind == Tok::kString) {
      if (p + 1 >= text_.size()) break;
      const char escaped = text_[p + 1];
      if (escaped != '\'' && escaped != '\\') {
        std::size_t len = SequenceLength(static_cast<unsigned char>(escaped));
        return Fail(p, "invalid escape '\\" + Excerpt(text_.substr(p + 1, len)) +
                           "' in a string constant: only \\' and \\\\ are allowed");
      }
      p += 2;
      continue;
    }
    ++p;
  }
  return Fail(begin, std::string("unterminated ") + QuotedName(kind) +
                         " constant starting at column " + std::to_string(ColumnOf(text_, begin)));
}

Token Lexer::LexWord(std::uint32_t begin) {
  const char c = text_[begin];
  if ((c == 't' || c == 'b' || c == 'h') && begin + 1 < text_.size() && text_[begin + 1] == '\'') {
    return LexQuoted(c == 't'   ? Tok::kTimestamp
                     : c == 'b' ? Tok::kBinary
                                : Tok::kHex,
                     begin, begin + 1);
  }
  std::uint32_t p = begin + 1;
  while (p < text_.size() && IsWordChar(text_[p])) ++p;
  pos_ = p;
  return Token{KeywordKind(text_.substr(begin, p - begin)), begin, p};
}

}  // namespace qccm::stix::pattern_internal
