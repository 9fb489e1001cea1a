// ParsePattern on invalid patterns: every error says where (1-based column) and what was
// expected or is wrong.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "qccm/stix/pattern.h"

namespace qccm::stix {
namespace {

struct InvalidCase {
  std::string text;
  std::size_t column;
  const char* message;  // a fragment of the message
};

void ExpectErrors(const std::vector<InvalidCase>& cases) {
  for (const InvalidCase& c : cases) {
    auto parsed = ParsePattern(c.text);
    if (parsed) {
      ADD_FAILURE() << "parsed but should not: " << c.text << " -> " << ToString(*parsed);
      continue;
    }
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput) << c.text;
    EXPECT_EQ(parsed.error().where.column, c.column) << c.text << ": " << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(c.message), std::string::npos)
        << c.text << ": got \"" << parsed.error().message << "\", want \"" << c.message << "\"";
  }
}

TEST(PatternErrorTest, ReportsWhatWasExpectedAroundObservations) {
  ExpectErrors({
      {"", 1,
       "expected '[' or '(' to start an observation expression, found the end of the pattern"},
      {"ipv4-addr:value = '1'", 1, "to start an observation expression, found 'ipv4-addr'"},
      {"[ipv4-addr:value = '1'", 23,
       "expected ']' to close the observation expression, found the end of the pattern"},
      {"[file:name = 'a' FOLLOWEDBY file:name = 'b']", 18,
       "expected ']' to close the observation expression, found 'FOLLOWEDBY'"},
      {"[file:name = 'a'] AND", 22, "to start an observation expression, found the end"},
      {"[file:name = 'a'] [file:name = 'b']", 19,
       "expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the "
       "pattern, found '['"},
      {"[file:name = 'a']]", 18, "found ']'"},
      {"[file:name = 'a'] and [file:name = 'b']", 19, "found 'and'"},
      {"([file:name = 'a']", 19, "expected ')' to close the parenthesised observation expression"},
      {"[]", 2,
       "expected a comparison (an object path such as file:name, EXISTS or '('), found ']'"},
      {"[file:name = 'a' AND]", 21, "expected a comparison"},
      {"[(file:name = 'a']", 18, "expected ')' to close the parenthesised comparison expression"},
  });
}

TEST(PatternErrorTest, ReportsBadObjectPaths) {
  ExpectErrors({
      {"[File:name = 'a']", 2, "'File' is not a valid STIX object type"},
      {"[fi:name = 'a']", 2, "'fi' is not a valid STIX object type"},
      {"[file.name = 'a']", 6, "expected ':' after the object type 'file', found '.'"},
      {"[file:file-name = 'a']", 7,
       "property name 'file-name' contains '-' and must be quoted: 'file-name'"},
      {"[file:hashes.SHA-256 = 'a']", 14, "contains '-' and must be quoted"},
      {"[file: = 'a']", 8, "expected a property name after ':', found '='"},
      {"[file:hashes. = 'a']", 15, "expected a property name after '.'"},
      {"[file:name[x] = 'a']", 12, "expected an integer or '*' as a list index, found 'x'"},
      {"[file:name[0 = 'a']", 14, "expected ']' to close the list index"},
      {"[file:name[99999999999999999999] = 'a']", 12, "out of range"},
  });
}

TEST(PatternErrorTest, ReportsBadOperatorsAndOperands) {
  ExpectErrors({
      {"[file:name 'a']", 12, "expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE"},
      {"[file:name NOT 'a']", 16, "after NOT, found the string 'a'"},
      {"[NOT file:name = 'a']", 6, "expected EXISTS after a leading NOT"},
      {"[EXISTS 'a']", 9, "expected an object path such as file:name after EXISTS"},
      {"[file:name ! 'a']", 12, "unexpected character '!'"},
      {"[file:name LIKE 5]", 17, "expected a string constant after LIKE, found '5'"},
      {"[file:name MATCHES ('a')]", 20, "expected a string constant after MATCHES"},
      {"[file:name ISSUBSET true]", 21, "expected a string constant after ISSUBSET"},
      {"[file:name IN 'a']", 15, "expected a set constant such as ('a', 'b') after IN"},
      {"[file:name IN ('a' 'b')]", 20, "expected ',' or ')' in the set constant"},
      {"[file:name IN ('a', ('b'))]", 21, "expected a constant in the set, found '('"},
      {"[file:name = ('a')]", 14, "'=' compares with one constant"},
      {"[file:size > true]", 14, "'>' needs an orderable constant"},
      {"[file:name = TRUE]", 14, "expected a constant after '=', found 'TRUE'"},
      {"[file:name = ]", 14, "expected a constant after '='"},
  });
}

TEST(PatternErrorTest, ReportsBadConstants) {
  ExpectErrors({
      {"[file:name = 'abc]", 14, "unterminated string constant starting at column 14"},
      {"[file:name = 'a\\d']", 16, "invalid escape '\\d' in a string constant"},
      {"[file:name = 'a\\", 14, "unterminated string constant"},
      {"[file:size = 007]", 14, "integer constant '007' has a leading zero"},
      {"[file:size = 99999999999999999999]", 14, "is out of the 64-bit range"},
      {"[file:size = 1.]", 16, "expected a digit after '.' in the number '1.'"},
      {"[file:size = +]", 14, "unexpected character '+'"},
      {"[file:created = t'2016-13-01T00:00:00Z']", 24, "month out of range"},
      {"[file:created = t'2016-01-01']", 29, "expected 'T' after day"},
      {"[file:created = t'2016", 17, "unterminated timestamp constant starting at column 17"},
      {"[artifact:payload_bin = b'AAE']", 30, "base64 length must be a multiple of 4"},
      {"[artifact:payload_bin = b'']", 27, "at least one base64 group"},
      {"[artifact:payload_bin = b'A=AA']", 28, "'=' padding may only end"},
      {"[artifact:payload_bin = b'AA=A']", 29, "'=' padding may only end"},
      {"[artifact:payload_bin = b'AA*A']", 29, "invalid base64 character"},
      {"[file:hashes.md5 = h'abc']", 25, "even number of hex digits"},
      {"[file:hashes.md5 = h'zz']", 22, "invalid hex digit"},
  });
}

TEST(PatternErrorTest, ReportsBadQualifiers) {
  ExpectErrors({
      {"[file:name = 'a'] WITHIN 0 SECONDS", 26,
       "expected a positive number of seconds after WITHIN, found '0'"},
      {"[file:name = 'a'] WITHIN 0.0 SECONDS", 26, "positive number of seconds"},
      {"[file:name = 'a'] WITHIN -5 SECONDS", 26, "positive number of seconds"},
      {"[file:name = 'a'] WITHIN 5", 27, "expected SECONDS after the WITHIN value, found the end"},
      {"[file:name = 'a'] WITHIN 5 seconds", 28, "expected SECONDS"},
      {"[file:name = 'a'] REPEATS 0 TIMES", 27, "expected a positive integer after REPEATS"},
      {"[file:name = 'a'] REPEATS 1.5 TIMES", 27, "expected a positive integer after REPEATS"},
      {"[file:name = 'a'] REPEATS 2", 28, "expected TIMES after the REPEATS count"},
      {"[file:name = 'a'] START '2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'", 25,
       "expected a timestamp such as t'2016-06-01T00:00:00Z' after START"},
      {"[file:name = 'a'] START t'2016-06-01T00:00:00Z'", 48, "expected STOP after the START"},
      {"[file:name = 'a'] START t'2016-07-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'", 54,
       "the STOP timestamp must be later than the START timestamp"},
      {"[file:name = 'a'] START t'2016-07-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'", 54,
       "must be later"},
      {"[file:name = 'a'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 36,
       "the expression already has a WITHIN qualifier"},
      {"([file:name = 'a'] OR [url:value = 'u']) REPEATS 2 TIMES REPEATS 3 TIMES", 58,
       "already has a REPEATS"},
      {"[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z' START "
       "t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
       78, "already has a START/STOP qualifier"},
  });
}

TEST(PatternErrorTest, RejectsAndAcrossObjectTypes) {
  ExpectErrors({
      {"[file:name = 'a' AND ipv4-addr:value = '1']", 22,
       "comparisons joined by AND must apply to the same object type (STIX 2.1 §9.5): this one "
       "applies to 'ipv4-addr', the ones before it to 'file'"},
      {"[(file:name = 'a' OR url:value = 'b') AND ipv4-addr:value = '1']", 43,
       "the ones before it to 'file' or 'url'"},
      {"[file:name = 'a' OR file:size = 1 AND url:value = 'b']", 39, "to 'file'"},
  });
}

TEST(PatternErrorTest, ReportsLexicalErrors) {
  ExpectErrors({
      {"[file:name = 'a'] /* unterminated", 19, "unterminated comment starting at column 19"},
      {"[file:name = 'a'] # x", 19, "unexpected character '#'"},
      {"[file:name = 'a'] \x01", 19, "unexpected character '\\x01'"},
      {"[file:name = 'a'] \xE2\x82\xAC", 19, "unexpected character '\xE2\x82\xAC'"},
  });
}

TEST(PatternErrorTest, CountsColumnsInCodePoints) {
  // 'é' and '€' take 2 and 3 bytes but one column each.
  ExpectErrors({
      {"[file:name = '\xC3\xA9\xE2\x82\xAC'] AND", 23, "found the end of the pattern"},
  });
}

TEST(PatternErrorTest, LimitsNesting) {
  const std::string deep = std::string(300, '(') + "[file:name = 'a']" + std::string(300, ')');
  const std::string deep_comparison =
      "[" + std::string(300, '(') + "file:name = 'a'" + std::string(300, ')') + "]";
  ExpectErrors({
      {deep, 257, "brackets and parentheses nest deeper than 256 levels"},
      {deep_comparison, 257, "nest deeper than 256 levels"},
  });
  const std::string ok = std::string(200, '(') + "[file:name = 'a']" + std::string(200, ')');
  EXPECT_TRUE(ParsePattern(ok));
}

TEST(PatternErrorTest, RejectsOverlongTextAsTooLarge) {
  std::string text = "[file:name = '" + std::string(kMaxPatternBytes, 'a') + "']";
  auto parsed = ParsePattern(text);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace qccm::stix
