// A JSON syntax checker that reports the first error's offset and what was expected. Written by
// hand because simdjson (used for all real parsing) reports only an error code, never a place.
// Iterative with an explicit stack, so deep nesting cannot overflow the call stack.
#include "qccm/stix/json_diagnose.h"

#include <cstdio>
#include <vector>

namespace qccm::stix {
namespace {

std::string Describe(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return "the end of the input";
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
  return buf;
}

class Checker {
 public:
  Checker(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

  std::optional<JsonSyntaxError> Run() {
    enum class Frame { kObject, kArray };
    std::vector<Frame> stack;
    SkipSpace();
    // Each iteration reads one value, then the punctuation that follows it.
    while (true) {
      if (!Value(stack.size())) return error_;
      if (pending_open_ != 0) {
        Frame frame = pending_open_ == '{' ? Frame::kObject : Frame::kArray;
        pending_open_ = 0;
        if (stack.size() + 1 > max_depth_) {
          return Fail(pos_, "JSON nested more than " + std::to_string(max_depth_) + " levels deep");
        }
        SkipSpace();
        char close = frame == Frame::kObject ? '}' : ']';
        if (Peek() == close) {
          ++pos_;
        } else {
          stack.push_back(frame);
          if (frame == Frame::kObject && !Key()) return error_;
          continue;
        }
      }
      // After a complete value: close containers or expect a comma.
      while (true) {
        SkipSpace();
        if (stack.empty()) {
          if (pos_ != text_.size()) {
            return Fail(pos_, "unexpected " + Describe(text_, pos_) + " after the JSON value");
          }
          return std::nullopt;
        }
        char close = stack.back() == Frame::kObject ? '}' : ']';
        if (Peek() == close) {
          ++pos_;
          stack.pop_back();
          continue;
        }
        if (Peek() != ',') {
          return Fail(
              pos_, std::string("expected ',' or '") + close + "', found " + Describe(text_, pos_));
        }
        ++pos_;
        SkipSpace();
        if (Peek() == close)
          return Fail(pos_, std::string("trailing comma before '") + close + "'");
        if (stack.back() == Frame::kObject && !Key()) return error_;
        break;
      }
    }
  }

 private:
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool FailBool(std::size_t at, std::string message) {
    error_ = JsonSyntaxError{at, std::move(message)};
    return false;
  }
  std::optional<JsonSyntaxError> Fail(std::size_t at, std::string message) {
    return JsonSyntaxError{at, std::move(message)};
  }

  // Reads `"key" :` and leaves pos_ at the value.
  bool Key() {
    SkipSpace();
    if (Peek() != '"') {
      return FailBool(pos_,
                      "expected a property name in double quotes, found " + Describe(text_, pos_));
    }
    if (!String()) return false;
    SkipSpace();
    if (Peek() != ':')
      return FailBool(pos_, "expected ':' after the property name, found " + Describe(text_, pos_));
    ++pos_;
    SkipSpace();
    return true;
  }

  bool String() {
    std::size_t start = pos_++;
    while (pos_ < text_.size()) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return FailBool(pos_, "control character inside a string (escape it)");
      if (c == '\\') {
        ++pos_;
        char e = Peek();
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i) {
            char h = pos_ + i < text_.size() ? text_[pos_ + i] : '\0';
            bool hex = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
            if (!hex) return FailBool(pos_ - 1, "\\u must be followed by four hex digits");
          }
          pos_ += 5;
          continue;
        }
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
            e != 't') {
          return FailBool(pos_ - 1, "invalid escape \\" + std::string(1, e) + " in a string");
        }
      }
      ++pos_;
    }
    return FailBool(start, "unterminated string");
  }

  bool Number() {
    std::size_t start = pos_;
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
    } else if (Peek() >= '1' && Peek() <= '9') {
      while (Peek() >= '0' && Peek() <= '9') ++pos_;
    } else {
      return FailBool(start, "invalid number");
    }
    if (Peek() == '.') {
      ++pos_;
      if (!(Peek() >= '0' && Peek() <= '9')) return FailBool(pos_, "expected digits after '.'");
      while (Peek() >= '0' && Peek() <= '9') ++pos_;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!(Peek() >= '0' && Peek() <= '9'))
        return FailBool(pos_, "expected digits in the exponent");
      while (Peek() >= '0' && Peek() <= '9') ++pos_;
    }
    return true;
  }

  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      return FailBool(pos_, "expected a JSON value, found " + Describe(text_, pos_));
    }
    pos_ += word.size();
    return true;
  }

  // Reads a scalar, or the opening bracket of a container (left in pending_open_).
  bool Value(std::size_t) {
    SkipSpace();
    char c = Peek();
    switch (c) {
      case '{':
      case '[':
        pending_open_ = c;
        ++pos_;
        return true;
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return Number();
        return FailBool(pos_, "expected a JSON value, found " + Describe(text_, pos_));
    }
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  char pending_open_ = 0;
  JsonSyntaxError error_;
};

}  // namespace

std::optional<JsonSyntaxError> DiagnoseJson(std::string_view text, std::size_t max_depth) {
  return Checker(text, max_depth).Run();
}

}  // namespace qccm::stix
