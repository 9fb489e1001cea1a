#include "qccm/core/log.h"

#include <gtest/gtest.h>

namespace qccm {
namespace {

TEST(LogTest, FieldsAreKeyValueAndQuotedWhenNeeded) {
  EXPECT_EQ(FormatLogFields({{"route", "/taxii2/"}, {"status", 200}, {"msg", "a b"}}),
            "route=/taxii2/ status=200 msg=\"a b\"");
  EXPECT_EQ(FormatLogFields({{"q", "say \"hi\"\n"}}), "q=\"say \\\"hi\\\"\\n\"");
  EXPECT_EQ(FormatLogFields({{"empty", ""}}), "empty=\"\"");
}

}  // namespace
}  // namespace qccm
