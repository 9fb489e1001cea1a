// Conformance tests of SharingStore: members, users, tokens, collections and rights. Written
// only against the interfaces; run on every backend.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_conformance.h"

namespace qccm::store::testing {
namespace {

using sharing::ApiToken;
using sharing::Collection;
using sharing::CollectionRight;
using sharing::Member;
using sharing::Role;
using sharing::RoleBit;
using sharing::User;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using SharingStoreConformanceTest = StoreFixture;

constexpr std::int64_t kNoSuchId = 987654;

template <typename T>
ErrorCode CodeOf(const Result<T>& result) {
  EXPECT_FALSE(result) << "expected a failure";
  return result ? ErrorCode::kInternal : result.error().code;
}

User MakeUser(const std::string& name, std::int64_t member) {
  return {.name = name,
          .member_id = member,
          .roles = RoleBit(Role::kAnalyst) | RoleBit(Role::kLiaison),
          .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
          .created = Timestamp::FromSeconds(1'700'000'100)};
}

TEST_P(SharingStoreConformanceTest, MembersAreCreatedFoundAndListed) {
  auto nld = sharing().CreateMember({.code = "NLD-NCTV", .name = "NCTV", .created = kStart});
  ASSERT_TRUE(nld) << nld.error().ToString();
  auto bel = sharing().CreateMember({.code = "BEL_OCAM", .name = "OCAM", .created = kStart});
  ASSERT_TRUE(bel);
  EXPECT_NE(nld->id, 0);
  EXPECT_NE(nld->id, bel->id);

  auto by_id = sharing().GetMember(nld->id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->code, "NLD-NCTV");
  EXPECT_EQ(by_id->name, "NCTV");
  EXPECT_EQ(by_id->created, kStart);
  auto by_code = sharing().GetMemberByCode("BEL_OCAM");
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->id, bel->id);

  auto all = sharing().ListMembers();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].code, "NLD-NCTV");
  EXPECT_EQ((*all)[1].code, "BEL_OCAM");
}

TEST_P(SharingStoreConformanceTest, DuplicateMemberCodeIsAlreadyExists) {
  AddMember("NLD-NCTV");
  auto again = sharing().CreateMember({.code = "NLD-NCTV", .name = "other"});
  EXPECT_EQ(CodeOf(again), ErrorCode::kAlreadyExists);
  EXPECT_THAT(again.error().message, ::testing::HasSubstr("NLD-NCTV"));
  EXPECT_EQ(sharing().ListMembers()->size(), 1u);
}

TEST_P(SharingStoreConformanceTest, MissingMemberIsNotFound) {
  EXPECT_EQ(CodeOf(sharing().GetMember(kNoSuchId)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(sharing().GetMemberByCode("NOPE")), ErrorCode::kNotFound);
}

TEST_P(SharingStoreConformanceTest, UsersAreCreatedFoundListedAndUpdated) {
  const std::int64_t m1 = AddMember("M1");
  const std::int64_t m2 = AddMember("M2");
  auto alice = sharing().CreateUser(MakeUser("alice", m1));
  ASSERT_TRUE(alice) << alice.error().ToString();
  auto bob = sharing().CreateUser(MakeUser("bob@m2", m2));
  ASSERT_TRUE(bob);

  auto read = sharing().GetUser(alice->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->name, "alice");
  EXPECT_EQ(read->member_id, m1);
  EXPECT_EQ(read->roles, RoleBit(Role::kAnalyst) | RoleBit(Role::kLiaison));
  EXPECT_EQ(read->password_hash, MakeUser("x", 0).password_hash);
  EXPECT_FALSE(read->disabled);
  EXPECT_EQ(read->created, Timestamp::FromSeconds(1'700'000'100));
  EXPECT_EQ(sharing().GetUserByName("bob@m2")->id, bob->id);

  EXPECT_EQ(sharing().ListUsers(std::nullopt)->size(), 2u);
  auto of_m2 = sharing().ListUsers(m2);
  ASSERT_TRUE(of_m2);
  ASSERT_EQ(of_m2->size(), 1u);
  EXPECT_EQ((*of_m2)[0].name, "bob@m2");

  User changed = *read;
  changed.roles = RoleBit(Role::kAdmin);
  changed.disabled = true;
  changed.password_hash = "$argon2id$new";
  ASSERT_TRUE(sharing().UpdateUser(changed));
  auto after = sharing().GetUser(alice->id);
  EXPECT_EQ(after->roles, RoleBit(Role::kAdmin));
  EXPECT_TRUE(after->disabled);
  EXPECT_EQ(after->password_hash, "$argon2id$new");
}

TEST_P(SharingStoreConformanceTest, UserConstraintsAreReported) {
  const std::int64_t m1 = AddMember("M1");
  ASSERT_TRUE(sharing().CreateUser(MakeUser("alice", m1)));
  auto bob = sharing().CreateUser(MakeUser("bob", m1));
  ASSERT_TRUE(bob);
  EXPECT_EQ(CodeOf(sharing().CreateUser(MakeUser("alice", m1))), ErrorCode::kAlreadyExists);
  auto orphan = sharing().CreateUser(MakeUser("carol", kNoSuchId));
  EXPECT_EQ(CodeOf(orphan), ErrorCode::kNotFound);
  EXPECT_THAT(orphan.error().message, ::testing::HasSubstr(std::to_string(kNoSuchId)));
  EXPECT_EQ(CodeOf(sharing().GetUser(kNoSuchId)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(sharing().GetUserByName("carol")), ErrorCode::kNotFound);

  User renamed = *bob;
  renamed.name = "alice";
  auto clash = sharing().UpdateUser(renamed);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
  User ghost = MakeUser("ghost", m1);
  ghost.id = kNoSuchId;
  auto missing = sharing().UpdateUser(ghost);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(SharingStoreConformanceTest, TokensAreCreatedFoundListedAndRevoked) {
  const std::int64_t m1 = AddMember("M1");
  auto user = sharing().CreateUser(MakeUser("alice", m1));
  ASSERT_TRUE(user);
  const Timestamp expires = Timestamp::FromSeconds(1'800'000'000);
  auto t1 = sharing().CreateToken({.user_id = user->id,
                                   .label = "feed",
                                   .secret_hash = std::string(64, 'a'),
                                   .created = kStart,
                                   .expires = expires});
  ASSERT_TRUE(t1) << t1.error().ToString();
  auto t2 = sharing().CreateToken(
      {.user_id = user->id, .label = "ci", .secret_hash = std::string(64, 'b'), .created = kStart});
  ASSERT_TRUE(t2);

  auto found = sharing().FindTokenByHash(std::string(64, 'a'));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, t1->id);
  EXPECT_EQ(found->user_id, user->id);
  EXPECT_EQ(found->label, "feed");
  EXPECT_EQ(found->expires, expires);
  EXPECT_FALSE(found->revoked);
  EXPECT_FALSE(sharing().FindTokenByHash(std::string(64, 'b'))->expires.has_value());

  auto listed = sharing().ListTokens(user->id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[1].label, "ci");

  ASSERT_TRUE(sharing().RevokeToken(t1->id));
  EXPECT_TRUE(sharing().FindTokenByHash(std::string(64, 'a'))->revoked);
  EXPECT_FALSE(sharing().FindTokenByHash(std::string(64, 'b'))->revoked);
}

TEST_P(SharingStoreConformanceTest, TokenConstraintsAreReported) {
  const std::int64_t m1 = AddMember("M1");
  auto user = sharing().CreateUser(MakeUser("alice", m1));
  ASSERT_TRUE(user);
  ASSERT_TRUE(sharing().CreateToken({.user_id = user->id, .secret_hash = "h1"}));
  EXPECT_EQ(CodeOf(sharing().CreateToken({.user_id = user->id, .secret_hash = "h1"})),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(sharing().CreateToken({.user_id = kNoSuchId, .secret_hash = "h2"})),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(sharing().FindTokenByHash("h2")), ErrorCode::kNotFound);
  auto revoke = sharing().RevokeToken(kNoSuchId);
  ASSERT_FALSE(revoke);
  EXPECT_EQ(revoke.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(*sharing().ListTokens(kNoSuchId), IsEmpty());
}

TEST_P(SharingStoreConformanceTest, CollectionsAreCreatedWithRightsAndFoundByIdOrAlias) {
  const std::int64_t owner = AddMember("OWNER");
  const std::int64_t reader = AddMember("READER");
  Collection c{.id = "aa000000-0000-4000-8000-000000000001",
               .alias = "jihadist-propaganda",
               .title = "Propaganda",
               .description = "Online propaganda indicators",
               .owner_member = owner,
               .created = kStart};
  auto created = sharing().CreateCollection(
      c, {{.member_id = owner, .can_read = true, .can_write = true},
          {.collection_id = c.id, .member_id = reader, .can_read = true}});
  ASSERT_TRUE(created) << created.error().ToString();
  auto plain = sharing().CreateCollection(
      {.id = "aa000000-0000-4000-8000-000000000002", .title = "No alias"}, {});
  ASSERT_TRUE(plain) << plain.error().ToString();

  for (const std::string& key : {c.id, c.alias}) {
    auto found = sharing().GetCollection(key);
    ASSERT_TRUE(found) << key;
    EXPECT_EQ(found->id, c.id);
    EXPECT_EQ(found->alias, c.alias);
    EXPECT_EQ(found->title, c.title);
    EXPECT_EQ(found->description, c.description);
    EXPECT_EQ(found->owner_member, owner);
    EXPECT_EQ(found->created, kStart);
  }
  auto no_alias = sharing().GetCollection("aa000000-0000-4000-8000-000000000002");
  ASSERT_TRUE(no_alias);
  EXPECT_EQ(no_alias->alias, "");
  EXPECT_EQ(no_alias->owner_member, 0);
  EXPECT_EQ(CodeOf(sharing().GetCollection("unknown")), ErrorCode::kNotFound);
  EXPECT_EQ(sharing().ListCollections()->size(), 2u);

  auto rights = sharing().ListRights(c.id);
  ASSERT_TRUE(rights);
  ASSERT_EQ(rights->size(), 2u);
  EXPECT_EQ((*rights)[0].collection_id, c.id);
  EXPECT_EQ((*rights)[0].member_id, owner);
  EXPECT_TRUE((*rights)[0].can_write);
  EXPECT_EQ((*rights)[1].member_id, reader);
  EXPECT_TRUE((*rights)[1].can_read);
  EXPECT_FALSE((*rights)[1].can_write);
}

TEST_P(SharingStoreConformanceTest, CollectionConflictsAreAlreadyExists) {
  const std::string id = "aa000000-0000-4000-8000-000000000001";
  ASSERT_TRUE(sharing().CreateCollection({.id = id, .alias = "first", .title = "a"}, {}));
  EXPECT_EQ(CodeOf(sharing().CreateCollection({.id = id, .title = "b"}, {})),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(sharing().CreateCollection(
                {.id = "aa000000-0000-4000-8000-000000000002", .alias = "first"}, {})),
            ErrorCode::kAlreadyExists);
  // An alias that is another collection's id would make lookups ambiguous.
  EXPECT_EQ(CodeOf(sharing().CreateCollection(
                {.id = "aa000000-0000-4000-8000-000000000003", .alias = id}, {})),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(sharing().ListCollections()->size(), 1u);
}

TEST_P(SharingStoreConformanceTest, CollectionWithARightForAMissingMemberIsNotCreated) {
  const std::string id = "aa000000-0000-4000-8000-000000000001";
  auto created = sharing().CreateCollection({.id = id, .title = "a"},
                                            {{.member_id = kNoSuchId, .can_read = true}});
  EXPECT_EQ(CodeOf(created), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(sharing().GetCollection(id)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(sharing().CreateCollection({.id = id, .owner_member = kNoSuchId}, {})),
            ErrorCode::kNotFound);
}

TEST_P(SharingStoreConformanceTest, SetRightInsertsReplacesAndRemoves) {
  const std::int64_t m1 = AddMember("M1");
  const std::int64_t m2 = AddMember("M2");
  const std::string c1 = AddCollection("one");
  const std::string c2 = AddCollection("two");
  ASSERT_TRUE(sharing().SetRight({.collection_id = c1, .member_id = m1, .can_read = true}));
  ASSERT_TRUE(sharing().SetRight({.collection_id = c2, .member_id = m1, .can_write = true}));
  ASSERT_TRUE(sharing().SetRight({.collection_id = c1, .member_id = m2, .can_read = true}));
  ASSERT_TRUE(sharing().SetRight(
      {.collection_id = c1, .member_id = m1, .can_read = true, .can_write = true}));

  auto of_m1 = sharing().ListRightsOfMember(m1);
  ASSERT_TRUE(of_m1);
  ASSERT_EQ(of_m1->size(), 2u);
  EXPECT_EQ((*of_m1)[0].collection_id, c1);
  EXPECT_TRUE((*of_m1)[0].can_read && (*of_m1)[0].can_write);
  EXPECT_EQ((*of_m1)[1].collection_id, c2);
  EXPECT_FALSE((*of_m1)[1].can_read);
  EXPECT_TRUE((*of_m1)[1].can_write);

  ASSERT_TRUE(sharing().SetRight({.collection_id = c1, .member_id = m1}));
  auto rights = sharing().ListRights(c1);
  ASSERT_TRUE(rights);
  ASSERT_EQ(rights->size(), 1u);
  EXPECT_EQ((*rights)[0].member_id, m2);
  EXPECT_EQ(sharing().ListRightsOfMember(m1)->size(), 1u);
}

TEST_P(SharingStoreConformanceTest, SetRightOnMissingCollectionOrMemberIsNotFound) {
  const std::int64_t m1 = AddMember("M1");
  const std::string c1 = AddCollection();
  auto no_collection = sharing().SetRight(
      {.collection_id = "aa000000-0000-4000-8000-00000000dead", .member_id = m1, .can_read = true});
  ASSERT_FALSE(no_collection);
  EXPECT_EQ(no_collection.error().code, ErrorCode::kNotFound);
  auto no_member =
      sharing().SetRight({.collection_id = c1, .member_id = kNoSuchId, .can_read = true});
  ASSERT_FALSE(no_member);
  EXPECT_EQ(no_member.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(*sharing().ListRights(c1), IsEmpty());
}

TEST_P(SharingStoreConformanceTest, ReopenKeepsMembersUsersTokensCollectionsAndRights) {
  const std::int64_t m1 = AddMember("M1");
  auto user = sharing().CreateUser(MakeUser("alice", m1));
  ASSERT_TRUE(user);
  ASSERT_TRUE(sharing().CreateToken({.user_id = user->id, .secret_hash = "h1"}));
  const std::string c1 = AddCollection("kept");
  ASSERT_TRUE(sharing().SetRight({.collection_id = c1, .member_id = m1, .can_read = true}));
  Reopen();
  EXPECT_EQ(sharing().GetMemberByCode("M1")->id, m1);
  EXPECT_EQ(sharing().GetUserByName("alice")->member_id, m1);
  EXPECT_EQ(sharing().FindTokenByHash("h1")->user_id, user->id);
  EXPECT_EQ(sharing().GetCollection("kept")->id, c1);
  EXPECT_EQ(sharing().ListRights(c1)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Store, SharingStoreConformanceTest,
                         ::testing::ValuesIn(ConformanceBackends()), BackendName);

}  // namespace
}  // namespace qccm::store::testing
