// The conformance suite's fixture and helpers (see store_conformance.h).
#include "store/store_conformance.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace qccm::store::testing {

void StoreFixture::SetUp() {
  std::string pattern = (std::filesystem::temp_directory_path() / "qccm-store-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  place_ = pattern;
  auto opened = GetParam().open(place_, OpenMode::kCreateIfMissing, clock_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  store_ = std::move(*opened);
}

void StoreFixture::TearDown() {
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(place_, ec);
}

void StoreFixture::Reopen() {
  store_.reset();
  auto opened = GetParam().open(place_, OpenMode::kOpenExisting, clock_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  store_ = std::move(*opened);
}

std::int64_t StoreFixture::AddMember(const std::string& code) {
  auto member = sharing().CreateMember({.code = code, .name = code + " agency", .created = kStart});
  EXPECT_TRUE(member) << member.error().ToString();
  return member ? member->id : 0;
}

std::string StoreFixture::AddCollection(const std::string& alias) {
  static int counter = 0;
  char id[40];
  std::snprintf(id, sizeof id, "c0000000-0000-4000-8000-%012d", ++counter);
  auto collection = sharing().CreateCollection(
      {.id = id, .alias = alias, .title = "collection " + alias, .created = kStart}, {});
  EXPECT_TRUE(collection) << collection.error().ToString();
  return id;
}

NewObjectVersion TestVersion::View() const {
  return {.id = id,
          .type = type,
          .spec_version = spec_version,
          .created = modified,
          .modified = modified,
          .json = json,
          .tlp = tlp,
          .author_member = author_member,
          .named_members = named_members};
}

std::string MakeId(const std::string& type, int n) {
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
  return type + "--" + uuid;
}

TestVersion MakeVersion(const std::string& id, int modified_offset, const std::string& content) {
  TestVersion v;
  v.id = id;
  v.type = id.substr(0, id.find("--"));
  v.modified = Timestamp{StoreFixture::kStart.micros + modified_offset * 1'000'000LL};
  const std::string modified = FormatTimestamp(v.modified);
  v.json = "{\"type\":\"" + v.type + "\",\"spec_version\":\"2.1\",\"id\":\"" + id +
           "\",\"created\":\"" + modified + "\",\"modified\":\"" + modified + "\",\"name\":\"" +
           content + "\"}";
  return v;
}

PutResult PutOk(ObjectStore& store, const std::string& collection,
                const std::vector<TestVersion>& versions, StatusRecord* status) {
  std::vector<NewObjectVersion> views;
  for (const TestVersion& v : versions) views.push_back(v.View());
  auto put = store.PutObjects(collection, views, status);
  EXPECT_TRUE(put) << put.error().ToString();
  return put ? *put : PutResult{};
}

std::vector<StoredObject> ListAll(ObjectStore& store, const std::string& collection,
                                  ObjectQuery query, const Viewer& viewer) {
  std::vector<StoredObject> all;
  for (int pages = 0; pages < 100000; ++pages) {
    auto page = store.ListObjects(collection, query, viewer);
    EXPECT_TRUE(page) << page.error().ToString();
    if (!page) break;
    EXPECT_LE(page->objects.size(), query.limit);
    for (auto& object : page->objects) all.push_back(std::move(object));
    EXPECT_EQ(page->more, page->next.has_value());
    if (!page->more) break;
    query.after = page->next;
  }
  return all;
}

std::string Key(const std::string& id, int modified_offset) {
  return id + "@" + std::to_string(modified_offset);
}

std::vector<std::string> Keys(const std::vector<StoredObject>& objects) {
  std::vector<std::string> keys;
  for (const StoredObject& o : objects) {
    keys.push_back(
        Key(o.id, static_cast<int>((o.modified.micros - StoreFixture::kStart.micros) / 1'000'000)));
  }
  return keys;
}

}  // namespace qccm::store::testing
