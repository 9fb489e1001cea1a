// FaultyStore: a Store wrapper that makes chosen calls fail with kStorage, so services can be
// tested against database failures (as leveldb's fault-injection Env, SQLite's I/O-error
// tests). Link target: qccm_test_faulty_store.
#pragma once

#include <atomic>
#include <string_view>

#include "qccm/store/store.h"

namespace qccm::store::testing {

// Forwards every call to `inner` except the ones chosen to fail, which return kStorage
// "injected failure in <Method> (store call N)" without reaching `inner`. Every method of
// Store, ObjectStore and SharingStore counts as one call (objects(), sharing() and
// backend_name() do not count). Thread-safe; `inner` must outlive it.
class FaultyStore final : public Store, public ObjectStore, public sharing::SharingStore {
 public:
  explicit FaultyStore(Store& inner) : inner_(inner) {}

  // The n-th call from now fails (1: the next call); later calls succeed again.
  void FailNthCall(int n);
  // The n-th call from now and every call after it fail, until Heal().
  void FailFromNthCall(int n);
  // No call fails any more.
  void Heal();
  // Calls made so far (failed ones included).
  int calls() const { return calls_.load(); }
  // Calls that failed by injection so far.
  int injected_failures() const { return failures_.load(); }

  // Store
  ObjectStore& objects() override { return *this; }
  sharing::SharingStore& sharing() override { return *this; }
  std::string_view backend_name() const override { return inner_.backend_name(); }
  Result<StoreStats> Stats() override;
  Status CheckIntegrity() override;

  // ObjectStore
  Result<PutResult> PutObjects(std::string_view collection_id,
                               std::span<const NewObjectVersion> versions,
                               StatusRecord* status) override;
  Result<StatusRecord> GetStatus(std::string_view status_id) override;
  Result<ObjectPage> ListObjects(std::string_view collection_id, const ObjectQuery& query,
                                 const Viewer& viewer) override;
  Result<std::size_t> DeleteObject(std::string_view collection_id, std::string_view id,
                                   const VersionFilter& versions,
                                   std::span<const std::string> spec_versions,
                                   const Viewer& viewer) override;
  Result<std::int64_t> CountObjects(std::string_view collection_id) override;

  // SharingStore
  Result<sharing::Member> CreateMember(const sharing::Member& member) override;
  Result<sharing::Member> GetMember(std::int64_t id) override;
  Result<sharing::Member> GetMemberByCode(std::string_view code) override;
  Result<std::vector<sharing::Member>> ListMembers() override;
  Result<sharing::User> CreateUser(const sharing::User& user) override;
  Result<sharing::User> GetUser(std::int64_t id) override;
  Result<sharing::User> GetUserByName(std::string_view name) override;
  Result<std::vector<sharing::User>> ListUsers(std::optional<std::int64_t> member_id) override;
  Status UpdateUser(const sharing::User& user) override;
  Result<sharing::ApiToken> CreateToken(const sharing::ApiToken& token) override;
  Result<sharing::ApiToken> FindTokenByHash(std::string_view secret_hash) override;
  Result<std::vector<sharing::ApiToken>> ListTokens(std::int64_t user_id) override;
  Status RevokeToken(std::int64_t token_id) override;
  Result<sharing::Collection> CreateCollection(
      const sharing::Collection& collection,
      const std::vector<sharing::CollectionRight>& rights) override;
  Result<sharing::Collection> GetCollection(std::string_view id_or_alias) override;
  Result<std::vector<sharing::Collection>> ListCollections() override;
  Status SetRight(const sharing::CollectionRight& right) override;
  Result<std::vector<sharing::CollectionRight>> ListRights(std::string_view collection_id) override;
  Result<std::vector<sharing::CollectionRight>> ListRightsOfMember(std::int64_t member_id) override;

 private:
  // Counts a call; returns the injected error if this call must fail.
  std::optional<Error> Fault(std::string_view method);

  Store& inner_;
  std::atomic<int> calls_{0};
  std::atomic<int> failures_{0};
  std::atomic<int> fail_at_{0};         // the call number that fails; 0: none
  std::atomic<bool> fail_from_{false};  // every call from fail_at_ on fails
};

}  // namespace qccm::store::testing
