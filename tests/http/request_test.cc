// Request-target decoding and the header map.
#include "http/request.h"

#include <gtest/gtest.h>

namespace qccm::http {
namespace {

TEST(ParseTargetTest, SplitsPathIntoDecodedSegmentsWithTrailingSlashAsEmptySegment) {
  auto parsed = ParseTarget("/taxii2/api%20root/collections/abc/");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->path, "/taxii2/api root/collections/abc/");
  EXPECT_EQ(parsed->path_segments,
            (std::vector<std::string>{"taxii2", "api root", "collections", "abc", ""}));
}

TEST(ParseTargetTest, EncodedSlashStaysInsideItsSegment) {
  auto parsed = ParseTarget("/files/a%2Fb");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->path_segments, (std::vector<std::string>{"files", "a/b"}));
}

TEST(ParseTargetTest, DecodesQueryParametersKeepingOrderPerName) {
  auto parsed = ParseTarget(
      "/objects/?match[type]=indicator&match%5Btype%5D=malware&added_after=2021-01-01T00:00:00Z"
      "&q=a+b%20c&flag&empty=");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const QueryParams& q = parsed->query;
  auto [first, last] = q.equal_range("match[type]");
  std::vector<std::string> types;
  for (auto it = first; it != last; ++it) types.push_back(it->second);
  EXPECT_EQ(types, (std::vector<std::string>{"indicator", "malware"}));
  EXPECT_EQ(q.find("added_after")->second, "2021-01-01T00:00:00Z");
  EXPECT_EQ(q.find("q")->second, "a b c");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.find("empty")->second, "");
  EXPECT_EQ(parsed->query_names, (std::vector<std::string>{"match[type]", "match[type]",
                                                           "added_after", "q", "flag", "empty"}));
}

TEST(ParseTargetTest, PlusInPathIsNotASpace) {
  auto parsed = ParseTarget("/a+b");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->path, "/a+b");
}

TEST(ParseTargetTest, RejectsTargetsThatAreNotAbsolutePaths) {
  EXPECT_FALSE(ParseTarget("").has_value());
  EXPECT_FALSE(ParseTarget("*").has_value());
  EXPECT_FALSE(ParseTarget("http://example.org/").has_value());
}

TEST(ParseTargetTest, RejectsBadPercentEscapes) {
  EXPECT_FALSE(ParseTarget("/a%2").has_value());
  EXPECT_FALSE(ParseTarget("/a%zz").has_value());
  EXPECT_FALSE(ParseTarget("/a?x=%G0").has_value());
}

TEST(ParseTargetTest, RejectsDotSegmentsAndEncodedControlCharacters) {
  EXPECT_FALSE(ParseTarget("/ui/../etc/passwd").has_value());
  EXPECT_FALSE(ParseTarget("/ui/%2e%2e/x").has_value());
  EXPECT_FALSE(ParseTarget("/ui/./x").has_value());
  EXPECT_FALSE(ParseTarget("/a%00b").has_value());
  EXPECT_FALSE(ParseTarget("/a?x=%0a").has_value());
  EXPECT_EQ(ParseTarget("/ui/../x").error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(ParseTarget("/a/..b/c.").has_value());  // dots inside a name are fine
}

TEST(HeaderMapTest, LooksUpNamesIgnoringCase) {
  HeaderMap headers;
  headers.Add("Content-Type", "application/taxii+json;version=2.1");
  headers.Add("X-Thing", "1");
  headers.Add("x-thing", "2");
  EXPECT_EQ(headers.Get("content-type"), "application/taxii+json;version=2.1");
  EXPECT_EQ(headers.Get("X-THING"), "1");
  EXPECT_FALSE(headers.Get("Accept").has_value());
  EXPECT_EQ(headers.GetOr("Accept", "*/*"), "*/*");
  headers.Set("X-Thing", "3");
  EXPECT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers.Get("x-thing"), "3");
  EXPECT_EQ(headers.Remove("X-THING"), 1u);
  EXPECT_FALSE(headers.Has("x-thing"));
}

TEST(MethodTest, ParsesExactUpperCaseNamesOnly) {
  EXPECT_EQ(ParseMethod("GET"), Method::kGet);
  EXPECT_EQ(ParseMethod("DELETE"), Method::kDelete);
  EXPECT_EQ(ParseMethod("get"), Method::kOther);
  EXPECT_EQ(ParseMethod("PROPFIND"), Method::kOther);
  EXPECT_EQ(MethodName(Method::kPatch), "PATCH");
}

TEST(RequestTest, QueryParamHelpersReturnValuesInOrder) {
  auto request = MakeRequest(Method::kGet, "/x?match[id]=a&match[id]=b&limit=5");
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->QueryParam("limit"), "5");
  EXPECT_FALSE(request->QueryParam("next").has_value());
  EXPECT_EQ(request->QueryParamValues("match[id]"), (std::vector<std::string_view>{"a", "b"}));
}

}  // namespace
}  // namespace qccm::http
