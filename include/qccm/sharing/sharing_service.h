// Operations on members, users, tokens, collections and rights, shared by the CLI and the API.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/sharing/access_policy.h"
#include "qccm/sharing/credentials.h"
#include "qccm/sharing/sharing.h"
#include "qccm/sharing/sharing_store.h"

namespace qccm::sharing {

struct NewCollection {
  std::string title;
  std::string description;
  std::string alias;                       // optional
  std::vector<std::string> read_members;   // member codes
  std::vector<std::string> write_members;  // member codes
  std::int64_t owner_member = 0;
};

struct NewToken {
  ApiToken token;
  std::string secret;  // shown once; only its hash is stored
};

// Thread-safe if the store is. Borrows the store and the clock.
class SharingService final {
 public:
  SharingService(SharingStore& store, Clock& clock,
                 PasswordCost password_cost = PasswordCost::kInteractive)
      : store_(store), clock_(clock), password_cost_(password_cost) {}

  // Fails with kInvalidArgument (bad code or empty name) or kAlreadyExists.
  Result<Member> AddMember(std::string_view code, std::string_view name);
  Result<std::vector<Member>> ListMembers();
  // Accepts a member code or a numeric id. Fails with kNotFound naming the member.
  Result<Member> FindMember(std::string_view code);

  // Fails with kInvalidArgument (name, roles, weak password), kNotFound (member),
  // kAlreadyExists (name taken).
  Result<User> AddUser(std::string_view name, std::string_view member_code, RoleSet roles,
                       std::string_view password);
  Result<std::vector<User>> ListUsers(std::optional<std::string_view> member_code);

  // Creates a token for a user; `ttl_seconds` absent: no expiry. Fails with kNotFound.
  Result<NewToken> CreateToken(std::string_view user_name, std::string_view label,
                               std::optional<std::int64_t> ttl_seconds);
  Status RevokeToken(std::int64_t token_id);

  // Creates a collection with the given rights in one step. Fails with kInvalidArgument
  // (empty title, bad alias), kNotFound (a member code), kAlreadyExists (alias taken).
  Result<Collection> AddCollection(const NewCollection& request);
  Result<std::vector<Collection>> ListCollections();
  Result<Collection> FindCollection(std::string_view id_or_alias);
  Result<std::vector<CollectionRight>> ListRights(std::string_view collection_id_or_alias);

  // Adds (Grant) or removes (Revoke) the read and/or write right of a member, keeping its other
  // right as it was. Fails with kNotFound for an unknown collection or member.
  Status Grant(std::string_view collection, std::string_view member_code, bool read, bool write);
  Status Revoke(std::string_view collection, std::string_view member_code, bool read, bool write);

  // Authentication. Both fail with kUnauthenticated and the same message whatever was wrong
  // (unknown user, bad password, disabled user, unknown/expired/revoked token), so the answer
  // does not reveal which names exist.
  Result<Principal> AuthenticatePassword(std::string_view user_name, std::string_view password);
  Result<Principal> AuthenticateToken(std::string_view secret);

  // A principal acting for a member without a user (the node operator's CLI `--as MEMBER`):
  // analyst rights, user id 0. Fails with kNotFound.
  Result<Principal> OperatorFor(std::string_view member_code);

  // The principal's rights on a collection (id or alias). Fails with kNotFound if the
  // collection does not exist.
  Result<std::pair<Collection, CollectionAccess>> AccessTo(const Principal& principal,
                                                           std::string_view collection);
  // Every collection the principal may read or write, with its access.
  Result<std::vector<std::pair<Collection, CollectionAccess>>> AccessibleCollections(
      const Principal& principal);

 private:
  Result<Principal> PrincipalOf(const User& user);
  Status ChangeRight(std::string_view collection, std::string_view member_code, bool read,
                     bool write, bool grant);

  SharingStore& store_;
  Clock& clock_;
  PasswordCost password_cost_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against for unknown users, at the same cost as a real check
};

}  // namespace qccm::sharing
