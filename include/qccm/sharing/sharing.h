// The sharing model's value types: member agencies, their users and roles, API tokens,
// collections and per-member rights on them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"

namespace qccm::sharing {

// A member agency. `code` is the short code used on the command line and in the API
// ("NLD-NCTV"): 2-32 characters of A-Z, 0-9, '-' and '_'.
struct Member {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  Timestamp created;
};

enum class Role : std::uint8_t { kAdmin, kAnalyst, kLiaison, kTrainer, kAuditor };

// A set of roles as bits (1 << Role).
using RoleSet = std::uint32_t;
constexpr RoleSet RoleBit(Role r) { return RoleSet{1} << static_cast<unsigned>(r); }
constexpr bool HasRole(RoleSet set, Role r) { return (set & RoleBit(r)) != 0; }

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
// Parses "analyst,liaison". Fails with kInvalidArgument naming the unknown role.
Result<RoleSet> ParseRoles(std::string_view comma_list);
// "admin,analyst" in enum order.
std::string FormatRoles(RoleSet roles);

struct User {
  std::int64_t id = 0;
  std::string name;  // login name: 1-64 characters of a-z, A-Z, 0-9, '.', '_', '-', '@'
  std::int64_t member_id = 0;
  RoleSet roles = 0;
  std::string password_hash;  // libsodium crypto_pwhash_str (Argon2id) string; never logged
  bool disabled = false;
  Timestamp created;
};

// An API token as stored: only a hash of the secret is kept.
struct ApiToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string label;
  std::string secret_hash;  // hex SHA-256 of the token secret
  Timestamp created;
  std::optional<Timestamp> expires;
  bool revoked = false;
};

struct Collection {
  std::string id;     // UUID (TAXII collection id)
  std::string alias;  // optional short name, unique when set
  std::string title;
  std::string description;
  std::int64_t owner_member = 0;  // the member that created it (0: the node)
  Timestamp created;
};

struct CollectionRight {
  std::string collection_id;
  std::int64_t member_id = 0;
  bool can_read = false;
  bool can_write = false;
};

// Input checks shared by the CLI, the API and the store. Each fails with kInvalidArgument
// saying which rule the value breaks.
Status ValidateMemberCode(std::string_view code);
Status ValidateUserName(std::string_view name);
Status ValidateCollectionAlias(std::string_view alias);

// Derives a member code from a name: upper case, runs of other characters become '-'
// ("Alpha agency" -> "ALPHA-AGENCY"), cut to 32. May return an invalid code (e.g. too short).
std::string MemberCodeFromName(std::string_view name);

}  // namespace qccm::sharing
