#include "qccm/core/result.h"

#include <gtest/gtest.h>

namespace qccm {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return MakeError(ErrorCode::kInvalidArgument, "odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  QCCM_TRY(half, Half(x));
  QCCM_TRY(quarter, Half(half));
  return quarter;
}

TEST(ResultTest, TryPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "odd");
}

TEST(ResultTest, ToStringPutsThePlaceBeforeTheMessage) {
  Error e{ErrorCode::kInvalidInput, "expected ']'",
          ErrorPlace{.file = "a.json",
                     .object_index = 3,
                     .object_id = "indicator--x",
                     .json_path = "$.pattern",
                     .column = 7}};
  EXPECT_EQ(e.ToString(), "a.json: object 3 (indicator--x): $.pattern: column 7: expected ']'");
}

TEST(ResultTest, AtFillsOnlyMissingPlaceFields) {
  Error e{ErrorCode::kInvalidInput, "bad", ErrorPlace{.json_path = "$.id"}};
  Error placed = e.At(ErrorPlace{.file = "f", .json_path = "$.other"});
  EXPECT_EQ(placed.where.file, "f");
  EXPECT_EQ(placed.where.json_path, "$.id");
}

TEST(ResultTest, EveryCodeHasADistinctName) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInvalidInput), "invalid_input");
  EXPECT_NE(ErrorCodeName(ErrorCode::kConflict), ErrorCodeName(ErrorCode::kAlreadyExists));
}

}  // namespace
}  // namespace qccm
