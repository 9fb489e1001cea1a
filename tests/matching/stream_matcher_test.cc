// Observation operators over a synthetic stream of observed-data: FOLLOWEDBY with WITHIN,
// AND, OR, REPEATS, START/STOP, references inside an observation.
#include "qccm/matching/stream_matcher.h"

#include <gtest/gtest.h>

namespace qccm::matching {
namespace {

constexpr Timestamp kNow = Timestamp::FromSeconds(1700000000);
using Ids = std::vector<std::string>;

std::string Observation(int n, int second, const std::string& objects) {
  std::string t = FormatTimestamp(Timestamp::FromSeconds(1600000000 + second));
  return R"({"type":"observed-data","spec_version":"2.1","id":"observed-data--00000000-0000-4000-8000-)" +
         std::string(12 - std::to_string(n).size(), '0') + std::to_string(n) +
         R"(","first_observed":")" + t + R"(","last_observed":")" + t +
         R"(","number_observed":1,"objects":)" + objects + "}";
}

std::string Ip(const std::string& ip) {
  return R"({"0":{"type":"ipv4-addr","value":")" + ip + R"("}})";
}
std::string Domain(const std::string& d) {
  return R"({"0":{"type":"domain-name","value":")" + d + R"("}})";
}

class StreamTest : public ::testing::Test {
 protected:
  void Add(const std::string& id, const std::string& pattern) {
    IndicatorInput in;
    in.id = "indicator--" + id;
    in.pattern = pattern;
    in.modified = Timestamp::FromSeconds(1);
    AddResult r = matcher_.Add(in);
    ASSERT_TRUE(r.outcome == AddOutcome::kAdded) << r.message;
  }
  ObservationHits Feed(StreamMatcher& s, int n, int second, const std::string& objects) {
    auto hits = s.Observe(Observation(n, second, objects), {}, {.now = kNow});
    EXPECT_TRUE(hits) << hits.error().message;
    return hits ? *hits : ObservationHits{};
  }
  Matcher matcher_;
};

TEST_F(StreamTest, FollowedByWithinFiresOnlyInOrderAndInTime) {
  Add("seq",
      "([ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [domain-name:value = 'c2.example']) "
      "WITHIN 60 SECONDS");
  StreamMatcher s(matcher_);
  EXPECT_EQ(Feed(s, 1, 0, Domain("c2.example")).stream, Ids{});  // wrong order
  EXPECT_EQ(Feed(s, 2, 10, Ip("192.0.2.1")).stream, Ids{});
  EXPECT_EQ(Feed(s, 3, 30, Domain("c2.example")).stream, Ids{"indicator--seq"});
  StreamMatcher late(matcher_);
  Feed(late, 1, 0, Ip("192.0.2.1"));
  EXPECT_EQ(Feed(late, 2, 61, Domain("c2.example")).stream, Ids{});  // outside 60 s
}

TEST_F(StreamTest, AndNeedsTwoDistinctObservations) {
  Add("and", "[ipv4-addr:value = '192.0.2.1'] AND [ipv4-addr:value = '192.0.2.1']");
  StreamMatcher s(matcher_);
  EXPECT_EQ(Feed(s, 1, 0, Ip("192.0.2.1")).stream, Ids{});
  EXPECT_EQ(Feed(s, 2, 5, Ip("192.0.2.1")).stream, Ids{"indicator--and"});
}

TEST_F(StreamTest, OrAndRepeats) {
  Add("or", "[ipv4-addr:value = '192.0.2.7'] OR [domain-name:value = 'x.example']");
  Add("rep", "[domain-name:value = 'beacon.example'] REPEATS 3 TIMES WITHIN 100 SECONDS");
  StreamMatcher s(matcher_);
  EXPECT_EQ(Feed(s, 1, 0, Domain("x.example")).stream, Ids{"indicator--or"});
  EXPECT_EQ(Feed(s, 2, 1, Domain("beacon.example")).stream, Ids{});
  EXPECT_EQ(Feed(s, 3, 2, Domain("beacon.example")).stream, Ids{});
  EXPECT_EQ(Feed(s, 4, 3, Domain("beacon.example")).stream, Ids{"indicator--rep"});
}

TEST_F(StreamTest, StartStopBoundsTheObservations) {
  Add("ss",
      "[ipv4-addr:value = '192.0.2.1'] START t'2020-09-13T12:26:40Z' "
      "STOP t'2020-09-13T12:27:40Z'");
  StreamMatcher s(matcher_);
  // 1600000000 is 2020-09-13T12:26:40Z.
  EXPECT_EQ(Feed(s, 1, 0, Ip("192.0.2.1")).stream, Ids{"indicator--ss"});
  EXPECT_EQ(Feed(s, 2, 60, Ip("192.0.2.1")).stream, Ids{});
}

TEST_F(StreamTest, SingleObservationPatternsAndReferencesInsideAnObservation) {
  Add("single", "[ipv4-addr:value = '198.51.100.9']");
  Add("nt", "[network-traffic:dst_ref.value = '198.51.100.9' AND network-traffic:dst_port = 443]");
  StreamMatcher s(matcher_);
  std::string objects =
      R"({"0":{"type":"ipv4-addr","value":"198.51.100.9"},)"
      R"("1":{"type":"network-traffic","dst_ref":"0","dst_port":443,"protocols":["tcp"]}})";
  ObservationHits hits = Feed(s, 1, 0, objects);
  EXPECT_EQ(hits.single, (Ids{"indicator--nt", "indicator--single"}));
  std::string other_port =
      R"({"0":{"type":"ipv4-addr","value":"198.51.100.9"},)"
      R"("1":{"type":"network-traffic","dst_ref":"0","dst_port":80,"protocols":["tcp"]}})";
  EXPECT_EQ(Feed(s, 2, 1, other_port).single, Ids{"indicator--single"});
}

TEST_F(StreamTest, BadObservationsAreErrors) {
  StreamMatcher s(matcher_);
  EXPECT_EQ(s.Observe("{\"type\":\"ipv4-addr\"}", {}, {.now = kNow}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.Observe("{\"type\":\"observed-data\"}", {}, {.now = kNow}).error().code,
            ErrorCode::kInvalidInput);
  EXPECT_FALSE(s.Observe("not json", {}, {.now = kNow}));
}

}  // namespace
}  // namespace qccm::matching
