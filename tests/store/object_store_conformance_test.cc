// Conformance tests of ObjectStore: puts, version selection, filters, paging, visibility,
// deletes, status records. Written only against the interfaces; run on every backend.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "store/store_conformance.h"

namespace qccm::store::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

using ObjectStoreConformanceTest = StoreFixture;

TEST_P(ObjectStoreConformanceTest, NewVersionsAreAddedAndListedInInsertionOrder) {
  const std::string c = AddCollection();
  auto a = MakeVersion(MakeId("indicator", 1), 0);
  auto b = MakeVersion(MakeId("malware", 2), 0);
  PutResult put = PutOk(objects(), c, {a, b});
  EXPECT_THAT(put.outcomes, ElementsAre(PutOutcome::kAdded, PutOutcome::kAdded));
  EXPECT_EQ(put.added, 2u);
  auto listed = ListAll(objects(), c, {});
  EXPECT_THAT(Keys(listed), ElementsAre(Key(a.id, 0), Key(b.id, 0)));
  EXPECT_EQ(listed[0].date_added, put.date_added);
  EXPECT_EQ(listed[0].type, "indicator");
  EXPECT_EQ(listed[0].spec_version, "2.1");
  EXPECT_LT(listed[0].seq, listed[1].seq);
}

TEST_P(ObjectStoreConformanceTest, OriginalJsonIsKeptByteForByte) {
  const std::string c = AddCollection();
  TestVersion v = MakeVersion(MakeId("note", 1), 0);
  v.json =
      "{ \"type\" : \"note\",\n\t\"content\": \"caf\\u00e9 \xC3\xA9 \\\"q\\\"\",  "
      "\"id\":\"" +
      v.id + "\" }  ";
  PutOk(objects(), c, {v});
  auto listed = ListAll(objects(), c, {});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].json, v.json);
}

TEST_P(ObjectStoreConformanceTest, RePutOfIdenticalVersionIsUnchanged) {
  const std::string c = AddCollection();
  auto a = MakeVersion(MakeId("indicator", 1), 0, "x");
  auto b = MakeVersion(MakeId("indicator", 2), 0, "y");
  PutOk(objects(), c, {a, b});
  clock_.Advance(1000);
  PutResult again = PutOk(objects(), c, {a, b});
  EXPECT_THAT(again.outcomes, ElementsAre(PutOutcome::kUnchanged, PutOutcome::kUnchanged));
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(*objects().CountObjects(c), 2);
}

TEST_P(ObjectStoreConformanceTest, SameVersionWithOtherContentConflictsAndRestOfBatchIsStored) {
  const std::string c = AddCollection();
  auto original = MakeVersion(MakeId("indicator", 1), 0, "original");
  PutOk(objects(), c, {original});
  auto changed = MakeVersion(original.id, 0, "changed");
  auto other = MakeVersion(MakeId("indicator", 2), 0);
  auto newer = MakeVersion(original.id, 5, "newer");
  PutResult put = PutOk(objects(), c, {other, changed, newer});
  EXPECT_THAT(put.outcomes,
              ElementsAre(PutOutcome::kAdded, PutOutcome::kConflict, PutOutcome::kAdded));
  EXPECT_EQ(put.added, 2u);
  auto all = ListAll(objects(), c, {.versions = {.all = true}});
  EXPECT_THAT(Keys(all), ElementsAre(Key(original.id, 0), Key(other.id, 0), Key(original.id, 5)));
  EXPECT_EQ(all[0].json, original.json);
}

TEST_P(ObjectStoreConformanceTest, PutIntoUnknownCollectionIsNotFound) {
  auto v = MakeVersion(MakeId("indicator", 1), 0);
  NewObjectVersion view = v.View();
  auto put = objects().PutObjects("c0000000-0000-4000-8000-999999999999", {&view, 1});
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::kNotFound);
}

TEST_P(ObjectStoreConformanceTest, DefaultListingReturnsOnlyTheLastVersion) {
  const std::string c = AddCollection();
  const std::string id = MakeId("indicator", 1);
  PutOk(objects(), c, {MakeVersion(id, 0), MakeVersion(id, 10), MakeVersion(id, 5)});
  EXPECT_THAT(Keys(ListAll(objects(), c, {})), ElementsAre(Key(id, 10)));
}

class VersionSelectionTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    c_ = AddCollection();
    // Versions arrive out of order: 20, 0, 10, then 30 and 5 in a later batch.
    PutOk(objects(), c_, {MakeVersion(a_, 20), MakeVersion(a_, 0), MakeVersion(a_, 10)});
    PutOk(objects(), c_, {MakeVersion(b_, 7)});
    PutOk(objects(), c_, {MakeVersion(a_, 30), MakeVersion(a_, 5)});
  }
  std::vector<std::string> Select(VersionFilter versions) {
    auto keys = Keys(ListAll(objects(), c_, {.versions = std::move(versions)}));
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  Timestamp At(int offset) { return Timestamp{kStart.micros + offset * 1'000'000LL}; }

  std::string c_;
  std::string a_ = MakeId("indicator", 1);
  std::string b_ = MakeId("indicator", 2);
};

TEST_P(VersionSelectionTest, LastFollowsTheNewestModifiedWhateverTheArrivalOrder) {
  EXPECT_THAT(Select({.last = true}), ElementsAre(Key(a_, 30), Key(b_, 7)));
  EXPECT_THAT(Select({}), ElementsAre(Key(a_, 30), Key(b_, 7)));
}

TEST_P(VersionSelectionTest, FirstFollowsTheOldestModifiedWhateverTheArrivalOrder) {
  EXPECT_THAT(Select({.first = true}), ElementsAre(Key(a_, 0), Key(b_, 7)));
}

TEST_P(VersionSelectionTest, AllReturnsEveryVersionInInsertionOrder) {
  auto all = Keys(ListAll(objects(), c_, {.versions = {.all = true}}));
  EXPECT_THAT(
      all, ElementsAre(Key(a_, 20), Key(a_, 0), Key(a_, 10), Key(b_, 7), Key(a_, 30), Key(a_, 5)));
}

TEST_P(VersionSelectionTest, AtSelectsExactModifiedValues) {
  EXPECT_THAT(Select({.at = {At(10)}}), ElementsAre(Key(a_, 10)));
  EXPECT_THAT(Select({.at = {At(10), At(7), At(99)}}), ElementsAre(Key(a_, 10), Key(b_, 7)));
  EXPECT_THAT(Select({.at = {At(99)}}), IsEmpty());
}

TEST_P(VersionSelectionTest, CombinedSelectionsAreAUnion) {
  EXPECT_THAT(Select({.last = true, .first = true}),
              ElementsAre(Key(a_, 0), Key(a_, 30), Key(b_, 7)));
  EXPECT_THAT(Select({.first = true, .at = {At(10)}}),
              ElementsAre(Key(a_, 0), Key(a_, 10), Key(b_, 7)));
  EXPECT_THAT(Select({.last = true, .at = {At(5), At(20)}}),
              ElementsAre(Key(a_, 20), Key(a_, 30), Key(a_, 5), Key(b_, 7)));
  EXPECT_EQ(Select({.last = true, .all = true}).size(), 6u);
}

TEST_P(VersionSelectionTest, FlagsSurviveReopen) {
  Reopen();
  EXPECT_THAT(Select({.last = true, .first = true}),
              ElementsAre(Key(a_, 0), Key(a_, 30), Key(b_, 7)));
}

TEST_P(ObjectStoreConformanceTest, FiltersOnTypeIdAndSpecVersionCombine) {
  const std::string c = AddCollection();
  TestVersion i1 = MakeVersion(MakeId("indicator", 1), 0);
  TestVersion i2 = MakeVersion(MakeId("indicator", 2), 0);
  TestVersion m3 = MakeVersion(MakeId("malware", 3), 0);
  TestVersion r4 = MakeVersion(MakeId("report", 4), 0);
  TestVersion old = MakeVersion(MakeId("indicator", 5), 0);
  old.spec_version = "2.0";
  PutOk(objects(), c, {i1, m3, i2, r4, old, MakeVersion(i1.id, 3)});

  auto list = [&](ObjectQuery q) { return Keys(ListAll(objects(), c, std::move(q))); };
  EXPECT_THAT(list({.types = {"indicator"}}),
              ElementsAre(Key(i2.id, 0), Key(old.id, 0), Key(i1.id, 3)));
  EXPECT_THAT(list({.types = {"report", "malware"}}), ElementsAre(Key(m3.id, 0), Key(r4.id, 0)));
  EXPECT_THAT(list({.types = {"campaign"}}), IsEmpty());
  EXPECT_THAT(list({.ids = {m3.id, i2.id}}), ElementsAre(Key(m3.id, 0), Key(i2.id, 0)));
  EXPECT_THAT(list({.ids = {i1.id}, .versions = {.all = true}}),
              ElementsAre(Key(i1.id, 0), Key(i1.id, 3)));
  EXPECT_THAT(list({.spec_versions = {"2.0"}}), ElementsAre(Key(old.id, 0)));
  EXPECT_THAT(list({.types = {"indicator"}, .spec_versions = {"2.1"}}),
              ElementsAre(Key(i2.id, 0), Key(i1.id, 3)));
  EXPECT_THAT(list({.ids = {i1.id, m3.id}, .types = {"malware"}}), ElementsAre(Key(m3.id, 0)));
  EXPECT_THAT(list({.types = {"indicator", "malware"}, .versions = {.first = true}}),
              ElementsAre(Key(i1.id, 0), Key(m3.id, 0), Key(i2.id, 0), Key(old.id, 0)));
}

TEST_P(ObjectStoreConformanceTest, AddedAfterIsStrictlyAfterDateAdded) {
  const std::string c = AddCollection();
  auto a = MakeVersion(MakeId("indicator", 1), 0);
  auto b = MakeVersion(MakeId("indicator", 2), 0);
  auto d = MakeVersion(MakeId("indicator", 3), 0);
  PutResult first = PutOk(objects(), c, {a});
  clock_.Advance(5'000'000);
  PutResult second = PutOk(objects(), c, {b, d});
  ASSERT_LT(first.date_added, second.date_added);

  auto after = [&](Timestamp t, ObjectQuery q = {}) {
    q.added_after = t;
    return Keys(ListAll(objects(), c, std::move(q)));
  };
  EXPECT_THAT(after(Timestamp{first.date_added.micros - 1}),
              ElementsAre(Key(a.id, 0), Key(b.id, 0), Key(d.id, 0)));
  EXPECT_THAT(after(first.date_added), ElementsAre(Key(b.id, 0), Key(d.id, 0)));
  EXPECT_THAT(after(second.date_added), IsEmpty());
  EXPECT_THAT(after(first.date_added, {.ids = {a.id, d.id}}), ElementsAre(Key(d.id, 0)));
  EXPECT_THAT(after(first.date_added, {.types = {"malware"}}), IsEmpty());
}

TEST_P(ObjectStoreConformanceTest, DateAddedIncreasesBetweenCallsEvenIfTheClockStandsOrGoesBack) {
  const std::string c = AddCollection();
  PutResult first = PutOk(objects(), c, {MakeVersion(MakeId("indicator", 1), 0)});
  PutResult same_instant = PutOk(objects(), c, {MakeVersion(MakeId("indicator", 2), 0)});
  clock_.Set(Timestamp{kStart.micros - 3'600'000'000LL});
  PutResult earlier = PutOk(objects(), c, {MakeVersion(MakeId("indicator", 3), 0)});
  EXPECT_LT(first.date_added, same_instant.date_added);
  EXPECT_LT(same_instant.date_added, earlier.date_added);
  auto listed = ListAll(objects(), c, {.added_after = first.date_added});
  EXPECT_EQ(listed.size(), 2u);
}

TEST_P(ObjectStoreConformanceTest, PagingVisitsEveryVersionOnceInOrder) {
  const std::string c = AddCollection();
  std::vector<std::string> expected;
  for (int batch = 0; batch < 5; ++batch) {
    std::vector<TestVersion> versions;
    for (int i = 0; i < 50; ++i) {
      versions.push_back(MakeVersion(MakeId("indicator", batch * 50 + i), 0));
      expected.push_back(Key(versions.back().id, 0));
    }
    PutOk(objects(), c, versions);
  }
  for (std::size_t limit : {1u, 7u, 50u, 249u, 250u, 251u}) {
    auto listed = ListAll(objects(), c, {.limit = limit});
    EXPECT_EQ(Keys(listed), expected) << "limit " << limit;
  }
}

TEST_P(ObjectStoreConformanceTest, MoreIsExactAtTheBoundary) {
  const std::string c = AddCollection();
  std::vector<TestVersion> versions;
  for (int i = 0; i < 10; ++i) versions.push_back(MakeVersion(MakeId("indicator", i), 0));
  PutOk(objects(), c, versions);

  auto whole = objects().ListObjects(c, {.limit = 10}, {});
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->objects.size(), 10u);
  EXPECT_FALSE(whole->more);
  EXPECT_FALSE(whole->next.has_value());

  auto first = objects().ListObjects(c, {.limit = 5}, {});
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->more);
  ASSERT_TRUE(first->next.has_value());
  auto rest = objects().ListObjects(c, {.after = first->next, .limit = 5}, {});
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->objects.size(), 5u);
  EXPECT_FALSE(rest->more);

  auto nine = objects().ListObjects(c, {.limit = 9}, {});
  ASSERT_TRUE(nine);
  EXPECT_TRUE(nine->more);
  auto last = objects().ListObjects(c, {.after = nine->next, .limit = 9}, {});
  ASSERT_TRUE(last);
  EXPECT_EQ(last->objects.size(), 1u);
  EXPECT_FALSE(last->more);
}

TEST_P(ObjectStoreConformanceTest, LimitZeroIsInvalidArgument) {
  const std::string c = AddCollection();
  auto page = objects().ListObjects(c, {.limit = 0}, {});
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ObjectStoreConformanceTest, UnknownCollectionListsNothing) {
  auto page = objects().ListObjects("c0000000-0000-4000-8000-999999999999", {}, {});
  ASSERT_TRUE(page);
  EXPECT_THAT(page->objects, IsEmpty());
  EXPECT_FALSE(page->more);
}

TEST_P(ObjectStoreConformanceTest, PagingHasNoDuplicatesOrGapsWhileObjectsAreAdded) {
  const std::string c = AddCollection();
  std::vector<TestVersion> initial;
  for (int i = 0; i < 300; ++i) initial.push_back(MakeVersion(MakeId("indicator", i), 0));
  PutOk(objects(), c, initial);

  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int batch = 0; batch < 200 && !stop.load(); ++batch) {
      std::vector<TestVersion> more;
      for (int i = 0; i < 5; ++i) more.push_back(MakeVersion(MakeId("malware", batch * 5 + i), 0));
      PutOk(objects(), c, more);
      written.fetch_add(5);
    }
  });
  std::vector<StoredObject> seen;
  ObjectQuery query{.limit = 7};
  for (;;) {
    auto page = objects().ListObjects(c, query, {});
    ASSERT_TRUE(page) << page.error().ToString();
    for (auto& o : page->objects) seen.push_back(std::move(o));
    if (!page->more) break;
    query.after = page->next;
  }
  stop.store(true);
  writer.join();

  std::set<std::string> ids;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_TRUE(ids.insert(seen[i].id).second) << "duplicate " << seen[i].id;
    if (i > 0) {
      EXPECT_LT(seen[i - 1].seq, seen[i].seq);
      EXPECT_LE(seen[i - 1].date_added, seen[i].date_added);
    }
  }
  for (const TestVersion& v : initial) EXPECT_TRUE(ids.contains(v.id)) << "missed " << v.id;
  // What the writer added before the last page was read is seen too, with no gap: the
  // malware objects seen are a prefix of those written, in order.
  int malware = 0;
  for (const StoredObject& o : seen) {
    if (o.type == "malware") {
      EXPECT_EQ(o.id, MakeId("malware", malware++));
    }
  }
  EXPECT_LE(malware, written.load());
}

TEST_P(ObjectStoreConformanceTest, RedVersionsAreVisibleOnlyToAuthorAndNamedMembers) {
  const std::string c = AddCollection();
  const std::int64_t author = AddMember("AUTHOR");
  const std::int64_t named = AddMember("NAMED");
  const std::int64_t other = AddMember("OTHER");
  std::vector<TestVersion> versions;
  for (int i = 0; i < 12; ++i) {
    TestVersion v = MakeVersion(MakeId("indicator", i), 0);
    v.author_member = author;
    if (i % 3 == 0) {
      v.tlp = stix::Tlp::kRed;
      v.named_members = {named};
    } else if (i % 3 == 1) {
      v.tlp = stix::Tlp::kAmber;
    }
    versions.push_back(v);
  }
  PutOk(objects(), c, versions);

  auto count_for = [&](std::int64_t member) {
    return ListAll(objects(), c, {.limit = 2}, {.member_id = member}).size();
  };
  EXPECT_EQ(count_for(author), 12u);
  EXPECT_EQ(count_for(named), 12u);
  EXPECT_EQ(count_for(other), 8u);
  for (const StoredObject& o : ListAll(objects(), c, {.limit = 2}, {.member_id = other})) {
    EXPECT_NE(o.tlp, stix::Tlp::kRed) << o.id;
  }
  // A page of the outsider's listing is full even though red versions sit in between.
  auto page = objects().ListObjects(c, {.limit = 4}, {.member_id = other});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->objects.size(), 4u);
  EXPECT_TRUE(page->more);
  // by id too
  auto red = objects().ListObjects(c, {.ids = {versions[0].id}}, {.member_id = other});
  ASSERT_TRUE(red);
  EXPECT_THAT(red->objects, IsEmpty());
}

TEST_P(ObjectStoreConformanceTest, ManifestListingOmitsJson) {
  const std::string c = AddCollection();
  auto v = MakeVersion(MakeId("indicator", 1), 0);
  PutOk(objects(), c, {v});
  auto page = objects().ListObjects(c, {.with_json = false}, {});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_TRUE(page->objects[0].json.empty());
  EXPECT_EQ(page->objects[0].id, v.id);
  EXPECT_EQ(page->objects[0].modified, v.modified);
}

TEST_P(ObjectStoreConformanceTest, CollectionsAreIndependent) {
  const std::string c1 = AddCollection();
  const std::string c2 = AddCollection();
  const std::string id = MakeId("indicator", 1);
  PutOk(objects(), c1, {MakeVersion(id, 0, "one")});
  PutResult put = PutOk(objects(), c2, {MakeVersion(id, 0, "two"), MakeVersion(id, 1)});
  EXPECT_THAT(put.outcomes, ElementsAre(PutOutcome::kAdded, PutOutcome::kAdded));
  EXPECT_THAT(Keys(ListAll(objects(), c1, {})), ElementsAre(Key(id, 0)));
  EXPECT_THAT(Keys(ListAll(objects(), c2, {})), ElementsAre(Key(id, 1)));
  EXPECT_EQ(*objects().CountObjects(c1), 1);
  EXPECT_EQ(*objects().CountObjects(c2), 2);
  EXPECT_EQ(*objects().CountObjects(""), 3);
}

class DeleteTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    c_ = AddCollection();
    PutOk(objects(), c_, {MakeVersion(id_, 10), MakeVersion(id_, 0), MakeVersion(id_, 20)});
    PutOk(objects(), c_, {MakeVersion(other_, 0)});
  }
  std::vector<std::string> Edges() {
    auto keys =
        Keys(ListAll(objects(), c_, {.ids = {id_}, .versions = {.last = true, .first = true}}));
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  Timestamp At(int offset) { return Timestamp{kStart.micros + offset * 1'000'000LL}; }
  std::string c_;
  std::string id_ = MakeId("indicator", 1);
  std::string other_ = MakeId("indicator", 2);
};

TEST_P(DeleteTest, DeletingTheLastVersionMakesThePreviousOneLast) {
  auto removed = objects().DeleteObject(c_, id_, {.last = true}, {}, {});
  ASSERT_TRUE(removed) << removed.error().ToString();
  EXPECT_EQ(*removed, 1u);
  EXPECT_THAT(Edges(), ElementsAre(Key(id_, 0), Key(id_, 10)));
  EXPECT_THAT(Keys(ListAll(objects(), c_, {.ids = {id_}})), ElementsAre(Key(id_, 10)));
}

TEST_P(DeleteTest, DeletingTheFirstVersionMakesTheNextOneFirst) {
  ASSERT_EQ(*objects().DeleteObject(c_, id_, {.first = true}, {}, {}), 1u);
  EXPECT_THAT(Edges(), ElementsAre(Key(id_, 10), Key(id_, 20)));
}

TEST_P(DeleteTest, DeletingOneVersionAtAGivenModifiedKeepsTheOthers) {
  ASSERT_EQ(*objects().DeleteObject(c_, id_, {.at = {At(10)}}, {}, {}), 1u);
  EXPECT_THAT(Keys(ListAll(objects(), c_, {.ids = {id_}, .versions = {.all = true}})),
              ElementsAre(Key(id_, 0), Key(id_, 20)));
  ASSERT_EQ(*objects().DeleteObject(c_, id_, {.at = {At(0), At(20)}}, {}, {}), 2u);
  EXPECT_THAT(Keys(ListAll(objects(), c_, {.versions = {.all = true}})),
              ElementsAre(Key(other_, 0)));
}

TEST_P(DeleteTest, AnEmptyFilterDeletesEveryVersionOfThatObjectOnly) {
  ASSERT_EQ(*objects().DeleteObject(c_, id_, {}, {}, {}), 3u);
  EXPECT_THAT(Keys(ListAll(objects(), c_, {.versions = {.all = true}})),
              ElementsAre(Key(other_, 0)));
  EXPECT_EQ(*objects().DeleteObject(c_, id_, {}, {}, {}), 0u);
}

TEST_P(DeleteTest, SpecVersionFilterAndUnknownCollectionRemoveNothing) {
  const std::vector<std::string> spec20 = {"2.0"};
  EXPECT_EQ(*objects().DeleteObject(c_, id_, {}, spec20, {}), 0u);
  EXPECT_EQ(*objects().DeleteObject("c0000000-0000-4000-8000-999999999999", id_, {}, {}, {}), 0u);
  const std::vector<std::string> spec21 = {"2.1"};
  EXPECT_EQ(*objects().DeleteObject(c_, id_, {.all = true}, spec21, {}), 3u);
}

TEST_P(DeleteTest, RedVersionsCannotBeDeletedByOutsiders) {
  const std::int64_t author = AddMember("AUTHOR");
  const std::int64_t outsider = AddMember("OUTSIDER");
  TestVersion red = MakeVersion(MakeId("indicator", 3), 0);
  red.tlp = stix::Tlp::kRed;
  red.author_member = author;
  PutOk(objects(), c_, {red});
  EXPECT_EQ(*objects().DeleteObject(c_, red.id, {}, {}, {.member_id = outsider}), 0u);
  EXPECT_EQ(*objects().DeleteObject(c_, red.id, {}, {}, {.member_id = author}), 1u);
}

TEST_P(DeleteTest, ANewVersionAfterDeletesGetsCorrectFlags) {
  ASSERT_EQ(*objects().DeleteObject(c_, id_, {.last = true}, {}, {}), 1u);
  PutOk(objects(), c_, {MakeVersion(id_, 15)});
  EXPECT_THAT(Edges(), ElementsAre(Key(id_, 0), Key(id_, 15)));
  ASSERT_EQ(*objects().DeleteObject(c_, id_, {}, {}, {}), 3u);
  PutOk(objects(), c_, {MakeVersion(id_, 5)});
  EXPECT_THAT(Edges(), ElementsAre(Key(id_, 5)));
  EXPECT_TRUE(store().CheckIntegrity()) << store().CheckIntegrity().error().ToString();
}

TEST_P(ObjectStoreConformanceTest, StatusRecordIsStoredWithTheObjects) {
  const std::string c = AddCollection();
  auto original = MakeVersion(MakeId("indicator", 1), 0, "original");
  PutOk(objects(), c, {original});
  StatusRecord status{.id = "5e000000-0000-4000-8000-000000000001",
                      .collection_id = c,
                      .member_id = 3,
                      .user_id = 4,
                      .request_time = kStart,
                      .failures = {{MakeId("indicator", 9), "2023-11-14T22:13:20.000Z",
                                    "pattern: unbalanced \"[\""}}};
  auto added = MakeVersion(MakeId("indicator", 2), 0);
  auto conflicting = MakeVersion(original.id, 0, "changed");
  PutOk(objects(), c, {added, original, conflicting}, &status);
  EXPECT_EQ(status.successes.size(), 2u);
  EXPECT_EQ(status.failures.size(), 2u);
  EXPECT_EQ(status.total_count(), 4);

  auto read = objects().GetStatus(status.id);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->collection_id, c);
  EXPECT_EQ(read->member_id, 3);
  EXPECT_EQ(read->user_id, 4);
  EXPECT_EQ(read->request_time, kStart);
  EXPECT_TRUE(read->complete);
  ASSERT_EQ(read->successes.size(), 2u);
  EXPECT_EQ(read->successes[0].id, added.id);
  EXPECT_EQ(read->successes[0].version, FormatTimestamp(added.modified));
  EXPECT_EQ(read->successes[1].id, original.id);
  ASSERT_EQ(read->failures.size(), 2u);
  EXPECT_EQ(read->failures[0].message, "pattern: unbalanced \"[\"");
  EXPECT_EQ(read->failures[1].id, original.id);
  EXPECT_FALSE(read->failures[1].message.empty());
  EXPECT_THAT(read->pendings, IsEmpty());
}

TEST_P(ObjectStoreConformanceTest, StatusWithAThousandEntriesRoundTrips) {
  const std::string c = AddCollection();
  std::vector<TestVersion> versions;
  for (int i = 0; i < 1000; ++i) versions.push_back(MakeVersion(MakeId("indicator", i), i));
  StatusRecord status{.id = "5e000000-0000-4000-8000-000000000002", .collection_id = c};
  PutOk(objects(), c, versions, &status);
  auto read = objects().GetStatus(status.id);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->successes.size(), 1000u);
  EXPECT_EQ(read->successes[999].id, versions[999].id);
  EXPECT_EQ(read->total_count(), 1000);
}

TEST_P(ObjectStoreConformanceTest, UnknownStatusIsNotFound) {
  auto status = objects().GetStatus("5e000000-0000-4000-8000-00000000dead");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
}

TEST_P(ObjectStoreConformanceTest, ReopenKeepsObjectsStatusesAndDateAddedOrder) {
  const std::string c = AddCollection("kept");
  auto v1 = MakeVersion(MakeId("indicator", 1), 0);
  StatusRecord status{.id = "5e000000-0000-4000-8000-000000000003", .collection_id = c};
  PutResult before = PutOk(objects(), c, {v1, MakeVersion(v1.id, 4)}, &status);
  Reopen();
  EXPECT_THAT(Keys(ListAll(objects(), c, {.versions = {.all = true}})),
              ElementsAre(Key(v1.id, 0), Key(v1.id, 4)));
  EXPECT_TRUE(objects().GetStatus(status.id));
  auto collection = sharing().GetCollection("kept");
  ASSERT_TRUE(collection);
  EXPECT_EQ(collection->id, c);
  clock_.Set(Timestamp{kStart.micros - 1'000'000});
  PutResult after = PutOk(objects(), c, {MakeVersion(MakeId("indicator", 2), 0)});
  EXPECT_LT(before.date_added, after.date_added);
}

TEST_P(ObjectStoreConformanceTest, StatsCountObjectsAndIntegrityHolds) {
  const std::string c = AddCollection();
  PutOk(objects(), c, {MakeVersion(MakeId("indicator", 1), 0), MakeVersion(MakeId("tool", 2), 0)});
  auto stats = store().Stats();
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->objects, 2);
  EXPECT_GE(stats->schema_version, 1);
  EXPECT_GT(stats->bytes_on_disk, 0);
  EXPECT_TRUE(store().CheckIntegrity());
}

INSTANTIATE_TEST_SUITE_P(Store, ObjectStoreConformanceTest,
                         ::testing::ValuesIn(ConformanceBackends()), BackendName);
INSTANTIATE_TEST_SUITE_P(Store, VersionSelectionTest, ::testing::ValuesIn(ConformanceBackends()),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Store, DeleteTest, ::testing::ValuesIn(ConformanceBackends()),
                         BackendName);

}  // namespace

}  // namespace qccm::store::testing
