// The repository the sharing module needs: members, users, tokens, collections, rights.
// Implemented by each store backend; thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/sharing/sharing.h"

namespace qccm::sharing {

class SharingStore {
 public:
  virtual ~SharingStore() = default;

  // Members. CreateMember fails with kAlreadyExists if the code is taken; it returns the
  // member with its id. Lookups fail with kNotFound.
  virtual Result<Member> CreateMember(const Member& member) = 0;
  virtual Result<Member> GetMember(std::int64_t id) = 0;
  virtual Result<Member> GetMemberByCode(std::string_view code) = 0;
  virtual Result<std::vector<Member>> ListMembers() = 0;

  // Users. CreateUser fails with kAlreadyExists if the name is taken, kNotFound if the
  // member does not exist.
  virtual Result<User> CreateUser(const User& user) = 0;
  virtual Result<User> GetUser(std::int64_t id) = 0;
  virtual Result<User> GetUserByName(std::string_view name) = 0;
  // Lists users, of one member when member_id is set.
  virtual Result<std::vector<User>> ListUsers(std::optional<std::int64_t> member_id) = 0;
  virtual Status UpdateUser(const User& user) = 0;

  // Tokens. CreateToken returns the token with its id; FindTokenByHash fails with kNotFound.
  virtual Result<ApiToken> CreateToken(const ApiToken& token) = 0;
  virtual Result<ApiToken> FindTokenByHash(std::string_view secret_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListTokens(std::int64_t user_id) = 0;
  virtual Status RevokeToken(std::int64_t token_id) = 0;

  // Collections and rights. CreateCollection stores the collection and its initial rights
  // in one transaction; fails with kAlreadyExists on a taken id or alias, kNotFound if a
  // right names a missing member. GetCollection accepts an id or an alias.
  virtual Result<Collection> CreateCollection(const Collection& collection,
                                              const std::vector<CollectionRight>& rights) = 0;
  virtual Result<Collection> GetCollection(std::string_view id_or_alias) = 0;
  virtual Result<std::vector<Collection>> ListCollections() = 0;
  // Sets (inserts or replaces) one member's rights on a collection. A right with neither
  // read nor write removes the row.
  virtual Status SetRight(const CollectionRight& right) = 0;
  virtual Result<std::vector<CollectionRight>> ListRights(std::string_view collection_id) = 0;
  // The rights of one member on every collection it has any right on.
  virtual Result<std::vector<CollectionRight>> ListRightsOfMember(std::int64_t member_id) = 0;
};

}  // namespace qccm::sharing
