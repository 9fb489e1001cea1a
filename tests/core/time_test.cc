#include "qccm/core/time.h"

#include <gtest/gtest.h>

namespace qccm {
namespace {

TEST(TimeTest, ParsesAndFormatsMillisecondTimestamps) {
  auto t = ParseTimestamp("2016-08-08T15:50:10.983Z");
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(FormatTimestamp(*t), "2016-08-08T15:50:10.983Z");
  EXPECT_EQ(t->micros, 1470671410983000);
}

TEST(TimeTest, AcceptsAnyNumberOfFractionDigits) {
  int digits = 0;
  auto t = ParseTimestamp("2020-01-01T00:00:00.123456789Z", &digits);
  ASSERT_TRUE(t);
  EXPECT_EQ(digits, 9);
  EXPECT_EQ(FormatTimestamp(*t, TimePrecision::kMicros), "2020-01-01T00:00:00.123456Z");
  auto whole = ParseTimestamp("2020-01-01T00:00:00Z", &digits);
  ASSERT_TRUE(whole);
  EXPECT_EQ(digits, 0);
}

TEST(TimeTest, RejectsBadTimestampsWithAColumn) {
  struct Case {
    const char* text;
    std::size_t column;
  };
  for (const Case& c : {Case{"2016-13-01T00:00:00Z", 6}, Case{"2016-02-30T00:00:00Z", 9},
                        Case{"2015-02-29T00:00:00Z", 9}, Case{"2016-01-01 00:00:00Z", 11},
                        Case{"2016-01-01T24:00:00Z", 12}, Case{"2016-01-01T00:00:00", 20},
                        Case{"2016-01-01T00:00:00+01:00", 20}, Case{"2016-01-01T00:00:00.Z", 21},
                        Case{"2016-01-01T00:00:00ZZ", 21}, Case{"", 1}, Case{"16-01-01", 1}}) {
    auto t = ParseTimestamp(c.text);
    ASSERT_FALSE(t) << c.text;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(t.error().where.column, c.column) << c.text << ": " << t.error().message;
  }
}

TEST(TimeTest, LeapDayOfALeapYearIsValid) {
  EXPECT_TRUE(ParseTimestamp("2016-02-29T00:00:00Z"));
  EXPECT_TRUE(ParseTimestamp("2000-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("1900-02-29T00:00:00Z"));
}

TEST(TimeTest, OrdersByInstant) {
  EXPECT_LT(*ParseTimestamp("2016-01-01T00:00:00.001Z"),
            *ParseTimestamp("2016-01-01T00:00:00.002Z"));
  EXPECT_EQ(*ParseTimestamp("2016-01-01T00:00:00.100Z"), *ParseTimestamp("2016-01-01T00:00:00.1Z"));
}

TEST(TimeTest, FormatsDatesBeforeTheEpoch) {
  auto t = ParseTimestamp("1969-12-31T23:59:59.500Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatTimestamp(*t), "1969-12-31T23:59:59.500Z");
}

TEST(TimeTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(Timestamp::FromSeconds(100));
  EXPECT_EQ(clock.Now(), Timestamp::FromSeconds(100));
  clock.Advance(1500);
  EXPECT_EQ(clock.Now().micros, 100001500);
}

}  // namespace
}  // namespace qccm
