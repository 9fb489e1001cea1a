// SharingStore on SQLite: members, users, API tokens, collections and rights.
#pragma once

#include "qccm/sharing/sharing_store.h"
#include "store/sqlite/backend.h"

namespace qccm::store::sqlite {

// Thread-safe: writes take the backend's writer, reads borrow a reader connection.
// Beyond the interface contract: a collection alias may not equal another collection's id
// (kAlreadyExists), so GetCollection is never ambiguous; lists are in creation order (rights
// by member id); ListRights of an unknown collection is empty; SetRight fails with kNotFound
// for an unknown collection or member.
class SqliteSharingStore final : public sharing::SharingStore {
 public:
  explicit SqliteSharingStore(Backend& backend) : backend_(backend) {}

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
  Backend& backend_;
};

}  // namespace qccm::store::sqlite
