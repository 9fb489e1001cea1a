// Filters (added_after, limit, next, match[id|type|version|spec_version], lists and
// combinations) and paging edges over a real socket.
#include <gtest/gtest.h>

#include "taxii/taxii_fixture.h"

namespace qccm::taxii_test {
namespace {

namespace json = boost::json;

class TaxiiFilters : public TaxiiFixture {
 protected:
  // Pages through `target` (which has no query or ends with '?'/'&') with `limit`, following
  // next; returns every id in order and counts the pages.
  std::vector<std::string> PageAll(const std::string& target, int limit, int* pages = nullptr) {
    std::vector<std::string> ids;
    std::string next;
    int count = 0;
    for (;;) {
      std::string url = target + "limit=" + std::to_string(limit);
      if (!next.empty()) url += "&next=" + next;
      HttpResult result = Get(url);
      EXPECT_EQ(result.status, 200) << result.body;
      if (result.status != 200) break;
      ++count;
      for (auto& id : IdsOf(result)) ids.push_back(std::move(id));
      json::object envelope = JsonObject(result);
      if (!envelope.at("more").as_bool()) {
        EXPECT_FALSE(envelope.contains("next"));
        break;
      }
      next = std::string(envelope.at("next").as_string());
      if (count > 1000) break;
    }
    if (pages != nullptr) *pages = count;
    return ids;
  }

  std::vector<std::string> Ids(std::initializer_list<int> ns) {
    std::vector<std::string> out;
    for (int n : ns) out.push_back(IndicatorId(n));
    return out;
  }

  // Objects 1..5 in "shared", each its own batch, the clock a second apart; object 1 also
  // has a later version added last.
  void AddFive() {
    for (int n = 1; n <= 5; ++n) {
      AddObjects("shared", {Indicator({.n = n})});
      clock_.Advance(1000000);
    }
    AddObjects("shared", {Indicator({.n = 1, .modified = "2024-02-01T00:00:00.000Z"})});
  }
};

TEST_F(TaxiiFilters, LimitOnePagesThroughEverythingInDateAddedOrder) {
  AddFive();
  int pages = 0;
  // Latest versions only: object 1's last version was added last.
  EXPECT_EQ(PageAll(ObjectsPath("shared") + "?", 1, &pages), Ids({2, 3, 4, 5, 1}));
  EXPECT_EQ(pages, 5);
}

TEST_F(TaxiiFilters, ExactlyLimitRemainingEndsWithMoreFalse) {
  AddFive();
  HttpResult first = Get(ObjectsPath("shared") + "?limit=3");
  json::object envelope = JsonObject(first);
  ASSERT_TRUE(envelope.at("more").as_bool());
  HttpResult second =
      Get(ObjectsPath("shared") + "?limit=2&next=" + std::string(envelope.at("next").as_string()));
  json::object rest = JsonObject(second);
  EXPECT_FALSE(rest.at("more").as_bool());
  EXPECT_EQ(rest.at("objects").as_array().size(), 2u);
  HttpResult exact = Get(ObjectsPath("shared") + "?limit=5");
  EXPECT_FALSE(JsonObject(exact).at("more").as_bool());
  EXPECT_EQ(IdsOf(exact).size(), 5u);
}

TEST_F(TaxiiFilters, PageHeadersGiveTheFirstAndLastDateAddedOfThePage) {
  AddFive();
  HttpResult page = Get(ObjectsPath("shared") + "?limit=2");
  Timestamp first = ParseTimestamp(page.Header("X-TAXII-Date-Added-First")).value();
  Timestamp last = ParseTimestamp(page.Header("X-TAXII-Date-Added-Last")).value();
  EXPECT_EQ(last.micros - first.micros, 1000000);
}

TEST_F(TaxiiFilters, AddedAfterIsStrictAndResumesFromTheLastHeader) {
  AddFive();
  HttpResult page = Get(ObjectsPath("shared") + "?limit=2");
  std::string last = page.Header("X-TAXII-Date-Added-Last");
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared") + "?added_after=" + last)), Ids({4, 5, 1}));
  // A boundary exactly at an object's date_added excludes that object.
  std::string first = page.Header("X-TAXII-Date-Added-First");
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared") + "?added_after=" + first)), Ids({3, 4, 5, 1}));
  EXPECT_TRUE(IdsOf(Get(ObjectsPath("shared") + "?added_after=2999-01-01T00:00:00Z")).empty());
}

TEST_F(TaxiiFilters, AddedAfterWithPagingAndMatchType) {
  AddFive();
  AddObjects(
      "shared",
      {R"({"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"})"});
  std::string after = Get(ObjectsPath("shared") + "?limit=1").Header("X-TAXII-Date-Added-Last");
  EXPECT_EQ(PageAll(ObjectsPath("shared") + "?added_after=" + after + "&match[type]=indicator&", 2),
            Ids({3, 4, 5, 1}));
}

TEST_F(TaxiiFilters, MatchIdTakesCommaListsAndRepeats) {
  AddFive();
  EXPECT_EQ(
      IdsOf(Get(ObjectsPath("shared") + "?match[id]=" + IndicatorId(4) + "," + IndicatorId(2))),
      Ids({2, 4}));
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared") + "?match[id]=" + IndicatorId(4) +
                      "&match[id]=" + IndicatorId(3))),
            Ids({3, 4}));
  EXPECT_TRUE(IdsOf(Get(ObjectsPath("shared") + "?match[id]=" + IndicatorId(77))).empty());
}

TEST_F(TaxiiFilters, MatchTypeSingleAndList) {
  AddObjects(
      "shared",
      {Indicator({.n = 1}),
       R"({"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"})",
       R"({"type":"identity","spec_version":"2.1","id":"identity--311b2d2d-f010-4473-83ec-1edf84858f4c","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"ACME","identity_class":"organization"})"});
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared") + "?match[type]=indicator")), Ids({1}));
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared") + "?match[type]=indicator,identity")).size(), 2u);
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared") + "?match[type]=ipv4-addr"))[0],
            "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd");
  EXPECT_TRUE(IdsOf(Get(ObjectsPath("shared") + "?match[type]=malware")).empty());
}

TEST_F(TaxiiFilters, MatchVersionFirstLastAllTimestampAndCombinations) {
  AddObjects("shared",
             {Indicator({.n = 1}), Indicator({.n = 1, .modified = "2024-02-01T00:00:00.000Z"}),
              Indicator({.n = 1, .modified = "2024-03-01T00:00:00.000Z"})});
  auto versions = [&](const std::string& query) {
    std::vector<std::string> out;
    HttpResult result = Get(ObjectsPath("shared") + "?" + query);
    json::object envelope = JsonObject(result);
    if (auto* objects = envelope.if_contains("objects")) {
      for (auto& o : objects->as_array())
        out.emplace_back(o.as_object().at("modified").as_string());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  const std::string jan = "2024-01-01T00:00:00.000Z", feb = "2024-02-01T00:00:00.000Z",
                    mar = "2024-03-01T00:00:00.000Z";
  EXPECT_EQ(versions(""), V{mar});
  EXPECT_EQ(versions("match[version]=last"), V{mar});
  EXPECT_EQ(versions("match[version]=first"), V{jan});
  EXPECT_EQ(versions("match[version]=all"), (V{jan, feb, mar}));
  EXPECT_EQ(versions("match[version]=2024-02-01T00:00:00Z"), V{feb});
  EXPECT_EQ(versions("match[version]=first,last"), (V{jan, mar}));
  EXPECT_EQ(versions("match[version]=first,2024-02-01T00:00:00.000Z"), (V{jan, feb}));
  EXPECT_TRUE(versions("match[version]=2023-01-01T00:00:00Z").empty());
}

TEST_F(TaxiiFilters, MatchSpecVersion) {
  AddObjects("shared", {Indicator({.n = 1})});
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared") + "?match[spec_version]=2.1")), Ids({1}));
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared") + "?match[spec_version]=2.0,2.1")), Ids({1}));
  EXPECT_TRUE(IdsOf(Get(ObjectsPath("shared") + "?match[spec_version]=2.0")).empty());
}

TEST_F(TaxiiFilters, ManifestTakesTheSameFiltersAndPages) {
  AddFive();
  HttpResult first = Get(CollectionPath("shared") + "manifest/?limit=2&match[version]=all");
  json::object page = JsonObject(first);
  ASSERT_TRUE(page.at("more").as_bool());
  std::string next(page.at("next").as_string());
  HttpResult rest =
      Get(CollectionPath("shared") + "manifest/?limit=10&match[version]=all&next=" + next);
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(JsonObject(rest).at("objects").as_array().size(), 4u);
  // The token is bound to the filters: dropping match[version] is another query.
  EXPECT_EQ(Get(CollectionPath("shared") + "manifest/?limit=10&next=" + next).status, 400);
}

TEST_F(TaxiiFilters, VersionsPageWithLimit) {
  for (int month = 1; month <= 5; ++month) {
    AddObjects(
        "shared",
        {Indicator({.n = 1, .modified = "2024-0" + std::to_string(month) + "-01T00:00:00.000Z"})});
  }
  std::vector<std::string> all;
  std::string url = ObjectsPath("shared") + IndicatorId(1) + "/versions/?limit=2";
  for (int i = 0; i < 10; ++i) {
    json::object page = JsonObject(Get(url));
    for (auto& v : page.at("versions").as_array()) all.emplace_back(v.as_string());
    if (!page.at("more").as_bool()) break;
    url = ObjectsPath("shared") + IndicatorId(1) +
          "/versions/?limit=2&next=" + std::string(page.at("next").as_string());
  }
  EXPECT_EQ(all.size(), 5u);
}

TEST_F(TaxiiFilters, LimitAboveTheMaximumIsLowered) {
  std::vector<std::string> objects;
  for (int n = 1; n <= 600; ++n) objects.push_back(Indicator({.n = n}));
  AddObjects("shared", objects);
  json::object page = JsonObject(Get(ObjectsPath("shared") + "?limit=100000000000000000000"));
  EXPECT_EQ(page.at("objects").as_array().size(), 500u);  // max_page_size in the fixture
  EXPECT_TRUE(page.at("more").as_bool());
  json::object defaulted = JsonObject(Get(ObjectsPath("shared")));
  EXPECT_EQ(defaulted.at("objects").as_array().size(), 100u);  // default_page_size
}

TEST_F(TaxiiFilters, NextTokenSurvivesDeletesBetweenPages) {
  AddFive();
  json::object first = JsonObject(Get(ObjectsPath("shared") + "?limit=2"));
  ASSERT_EQ(Delete(ObjectsPath("shared") + IndicatorId(3) + "/").status, 200);
  HttpResult rest =
      Get(ObjectsPath("shared") + "?limit=10&next=" + std::string(first.at("next").as_string()));
  EXPECT_EQ(IdsOf(rest), Ids({4, 5, 1}));
}

}  // namespace
}  // namespace qccm::taxii_test
