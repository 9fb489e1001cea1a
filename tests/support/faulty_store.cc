// FaultyStore: counts store calls and fails the chosen ones (see faulty_store.h).
#include "support/faulty_store.h"

#include <string>

namespace qccm::store::testing {

void FaultyStore::FailNthCall(int n) {
  fail_from_.store(false);
  fail_at_.store(n > 0 ? calls_.load() + n : 0);
}

void FaultyStore::FailFromNthCall(int n) {
  fail_at_.store(n > 0 ? calls_.load() + n : 0);
  fail_from_.store(n > 0);
}

void FaultyStore::Heal() {
  fail_at_.store(0);
  fail_from_.store(false);
}

std::optional<Error> FaultyStore::Fault(std::string_view method) {
  const int call = calls_.fetch_add(1) + 1;
  const int at = fail_at_.load();
  if (at == 0 || call < at || (call > at && !fail_from_.load())) return std::nullopt;
  failures_.fetch_add(1);
  return Error{
      ErrorCode::kStorage,
      "injected failure in " + std::string(method) + " (store call " + std::to_string(call) + ")",
      {}};
}

Result<StoreStats> FaultyStore::Stats() {
  if (auto fault = Fault("Stats")) return std::unexpected(std::move(*fault));
  return inner_.Stats();
}

Status FaultyStore::CheckIntegrity() {
  if (auto fault = Fault("CheckIntegrity")) return std::unexpected(std::move(*fault));
  return inner_.CheckIntegrity();
}

Result<PutResult> FaultyStore::PutObjects(std::string_view collection_id,
                                          std::span<const NewObjectVersion> versions,
                                          StatusRecord* status) {
  if (auto fault = Fault("PutObjects")) return std::unexpected(std::move(*fault));
  return inner_.objects().PutObjects(collection_id, versions, status);
}

Result<StatusRecord> FaultyStore::GetStatus(std::string_view status_id) {
  if (auto fault = Fault("GetStatus")) return std::unexpected(std::move(*fault));
  return inner_.objects().GetStatus(status_id);
}

Result<ObjectPage> FaultyStore::ListObjects(std::string_view collection_id,
                                            const ObjectQuery& query, const Viewer& viewer) {
  if (auto fault = Fault("ListObjects")) return std::unexpected(std::move(*fault));
  return inner_.objects().ListObjects(collection_id, query, viewer);
}

Result<std::size_t> FaultyStore::DeleteObject(std::string_view collection_id, std::string_view id,
                                              const VersionFilter& versions,
                                              std::span<const std::string> spec_versions,
                                              const Viewer& viewer) {
  if (auto fault = Fault("DeleteObject")) return std::unexpected(std::move(*fault));
  return inner_.objects().DeleteObject(collection_id, id, versions, spec_versions, viewer);
}

Result<std::int64_t> FaultyStore::CountObjects(std::string_view collection_id) {
  if (auto fault = Fault("CountObjects")) return std::unexpected(std::move(*fault));
  return inner_.objects().CountObjects(collection_id);
}

Result<sharing::Member> FaultyStore::CreateMember(const sharing::Member& member) {
  if (auto fault = Fault("CreateMember")) return std::unexpected(std::move(*fault));
  return inner_.sharing().CreateMember(member);
}

Result<sharing::Member> FaultyStore::GetMember(std::int64_t id) {
  if (auto fault = Fault("GetMember")) return std::unexpected(std::move(*fault));
  return inner_.sharing().GetMember(id);
}

Result<sharing::Member> FaultyStore::GetMemberByCode(std::string_view code) {
  if (auto fault = Fault("GetMemberByCode")) return std::unexpected(std::move(*fault));
  return inner_.sharing().GetMemberByCode(code);
}

Result<std::vector<sharing::Member>> FaultyStore::ListMembers() {
  if (auto fault = Fault("ListMembers")) return std::unexpected(std::move(*fault));
  return inner_.sharing().ListMembers();
}

Result<sharing::User> FaultyStore::CreateUser(const sharing::User& user) {
  if (auto fault = Fault("CreateUser")) return std::unexpected(std::move(*fault));
  return inner_.sharing().CreateUser(user);
}

Result<sharing::User> FaultyStore::GetUser(std::int64_t id) {
  if (auto fault = Fault("GetUser")) return std::unexpected(std::move(*fault));
  return inner_.sharing().GetUser(id);
}

Result<sharing::User> FaultyStore::GetUserByName(std::string_view name) {
  if (auto fault = Fault("GetUserByName")) return std::unexpected(std::move(*fault));
  return inner_.sharing().GetUserByName(name);
}

Result<std::vector<sharing::User>> FaultyStore::ListUsers(std::optional<std::int64_t> member_id) {
  if (auto fault = Fault("ListUsers")) return std::unexpected(std::move(*fault));
  return inner_.sharing().ListUsers(member_id);
}

Status FaultyStore::UpdateUser(const sharing::User& user) {
  if (auto fault = Fault("UpdateUser")) return std::unexpected(std::move(*fault));
  return inner_.sharing().UpdateUser(user);
}

Result<sharing::ApiToken> FaultyStore::CreateToken(const sharing::ApiToken& token) {
  if (auto fault = Fault("CreateToken")) return std::unexpected(std::move(*fault));
  return inner_.sharing().CreateToken(token);
}

Result<sharing::ApiToken> FaultyStore::FindTokenByHash(std::string_view secret_hash) {
  if (auto fault = Fault("FindTokenByHash")) return std::unexpected(std::move(*fault));
  return inner_.sharing().FindTokenByHash(secret_hash);
}

Result<std::vector<sharing::ApiToken>> FaultyStore::ListTokens(std::int64_t user_id) {
  if (auto fault = Fault("ListTokens")) return std::unexpected(std::move(*fault));
  return inner_.sharing().ListTokens(user_id);
}

Status FaultyStore::RevokeToken(std::int64_t token_id) {
  if (auto fault = Fault("RevokeToken")) return std::unexpected(std::move(*fault));
  return inner_.sharing().RevokeToken(token_id);
}

Result<sharing::Collection> FaultyStore::CreateCollection(
    const sharing::Collection& collection, const std::vector<sharing::CollectionRight>& rights) {
  if (auto fault = Fault("CreateCollection")) return std::unexpected(std::move(*fault));
  return inner_.sharing().CreateCollection(collection, rights);
}

Result<sharing::Collection> FaultyStore::GetCollection(std::string_view id_or_alias) {
  if (auto fault = Fault("GetCollection")) return std::unexpected(std::move(*fault));
  return inner_.sharing().GetCollection(id_or_alias);
}

Result<std::vector<sharing::Collection>> FaultyStore::ListCollections() {
  if (auto fault = Fault("ListCollections")) return std::unexpected(std::move(*fault));
  return inner_.sharing().ListCollections();
}

Status FaultyStore::SetRight(const sharing::CollectionRight& right) {
  if (auto fault = Fault("SetRight")) return std::unexpected(std::move(*fault));
  return inner_.sharing().SetRight(right);
}

Result<std::vector<sharing::CollectionRight>> FaultyStore::ListRights(
    std::string_view collection_id) {
  if (auto fault = Fault("ListRights")) return std::unexpected(std::move(*fault));
  return inner_.sharing().ListRights(collection_id);
}

Result<std::vector<sharing::CollectionRight>> FaultyStore::ListRightsOfMember(
    std::int64_t member_id) {
  if (auto fault = Fault("ListRightsOfMember")) return std::unexpected(std::move(*fault));
  return inner_.sharing().ListRightsOfMember(member_id);
}

}  // namespace qccm::store::testing
