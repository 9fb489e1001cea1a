// The retention test world (see retention_test_world.h).
#include "retention/retention_test_world.h"

#include <random>

#include "qccm/core/check.h"
#include "qccm/oversight/sqlite_audit_store.h"

namespace qccm::retention::test {

RetentionWorld::RetentionWorld() {
  std::random_device random;
  dir = std::filesystem::temp_directory_path() /
        ("qccm-retention-test-" + std::to_string(random()) + std::to_string(random()));
  Config config;
  config.data_dir = dir.string();
  auto opened = store::OpenStore(config, store::OpenMode::kCreateIfMissing, clock);
  QCCM_CHECK(opened.has_value());
  store = std::move(*opened);
  sharing = std::make_unique<sharing::SharingService>(store->sharing(), clock,
                                                      sharing::PasswordCost::kFastForTests);
  for (const char* code : {"ALPHA", "BRAVO", "CHARLIE"}) {
    QCCM_CHECK(sharing->AddMember(code, code).has_value());
  }
  auto opened_audit = oversight::OpenSqliteAuditStore(dir / "audit.db", true);
  QCCM_CHECK(opened_audit.has_value());
  audit_store = std::move(*opened_audit);
  std::array<std::uint8_t, 32> seed{};
  seed.fill(9);
  key = std::make_unique<oversight::NodeKey>(oversight::NodeKey::FromSeed(seed));
  auto log = oversight::AuditLog::Open(*audit_store, key.get(), clock);
  QCCM_CHECK(log.has_value());
  audit = std::move(*log);
  QCCM_CHECK(store->retention() != nullptr);
  retention = std::make_unique<RetentionService>(*store->retention(), store->sharing(), *audit,
                                                 clock, RetentionOptions{.scan_batch = 3});
}

RetentionWorld::~RetentionWorld() {
  retention.reset();
  audit.reset();
  audit_store.reset();
  store.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

std::int64_t RetentionWorld::MemberId(const std::string& code) {
  auto member = store->sharing().GetMemberByCode(code);
  QCCM_CHECK(member.has_value());
  return member->id;
}

sharing::Principal RetentionWorld::As(const std::string& member, sharing::Role role,
                                      const std::string& user) {
  return sharing::Principal{
      .user_id = 1,
      .user_name = user.empty() ? std::string(sharing::RoleName(role)) + "-" + member : user,
      .member_id = MemberId(member),
      .member_code = member,
      .roles = sharing::RoleBit(role),
  };
}

std::string RetentionWorld::Collection(int review_days) {
  auto c = sharing->AddCollection({.title = "c" + std::to_string(++collections),
                                   .read_members = {"ALPHA", "BRAVO", "CHARLIE"},
                                   .write_members = {"ALPHA", "BRAVO", "CHARLIE"}});
  QCCM_CHECK(c.has_value());
  if (review_days > 0) {
    QCCM_CHECK(retention->SetCollectionPolicy(c->id, "counter-terrorism leads", review_days));
  }
  return c->id;
}

void RetentionWorld::Put(const std::string& collection, const std::string& member,
                         const std::string& id, const std::string& json, Timestamp modified,
                         std::optional<Timestamp> valid_until) {
  std::string type = id.substr(0, id.find("--"));
  store::NewObjectVersion version{.id = id,
                                  .type = type,
                                  .spec_version = "2.1",
                                  .created = kStart,
                                  .modified = modified,
                                  .json = json,
                                  .author_member = MemberId(member),
                                  .valid_until = valid_until};
  auto put = store->objects().PutObjects(collection, {&version, 1});
  QCCM_CHECK(put.has_value() && put->added == 1);
}

std::int64_t RetentionWorld::CountVersions(const std::string& collection, const std::string& id) {
  store::ObjectQuery query;
  query.ids = {id};
  query.versions.all = true;
  auto page = store->objects().ListObjects(collection, query, {.every_marking = true});
  QCCM_CHECK(page.has_value());
  return static_cast<std::int64_t>(page->objects.size());
}

std::string Person(const std::string& id, const std::string& name) {
  return R"({"type":"identity","spec_version":"2.1","id":")" + id +
         R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
         R"("name":")" +
         name + R"(","identity_class":"individual"})";
}

std::string Organisation(const std::string& id) {
  return R"({"type":"identity","spec_version":"2.1","id":")" + id +
         R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
         R"("name":"Acme","identity_class":"organization"})";
}

std::string EmailAddr(const std::string& id, const std::string& value) {
  return R"({"type":"email-addr","spec_version":"2.1","id":")" + id + R"(","value":")" + value +
         R"("})";
}

std::string Indicator(const std::string& id) {
  return R"({"type":"indicator","spec_version":"2.1","id":")" + id +
         R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
         R"("pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix",)"
         R"("valid_from":"2026-01-01T00:00:00.000Z"})";
}

}  // namespace qccm::retention::test
