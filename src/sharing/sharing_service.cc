// Member, user, token, collection and rights operations.
#include "qccm/sharing/sharing_service.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "qccm/core/stix_id.h"

namespace qccm::sharing {
namespace {

constexpr std::string_view kBadCredentials = "invalid credentials";

std::unexpected<Error> Unauthenticated() {
  return MakeError(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
}

}  // namespace

Result<Member> SharingService::AddMember(std::string_view code, std::string_view name) {
  QCCM_TRY_STATUS(ValidateMemberCode(code));
  if (name.empty() || name.size() > 200) {
    return MakeError(ErrorCode::kInvalidArgument, "member name must be 1-200 characters");
  }
  return store_.CreateMember(Member{
      .id = 0, .code = std::string(code), .name = std::string(name), .created = clock_.Now()});
}

Result<std::vector<Member>> SharingService::ListMembers() { return store_.ListMembers(); }

Result<Member> SharingService::FindMember(std::string_view code) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), id);
  if (ec == std::errc{} && end == code.data() + code.size()) return store_.GetMember(id);
  // A member is named by its code; for convenience also by the code derived from a name
  // ("alpha" -> "ALPHA") or by its exact name.
  for (const std::string& candidate : {std::string(code), MemberCodeFromName(code)}) {
    if (candidate.empty()) continue;
    auto member = store_.GetMemberByCode(candidate);
    if (member || member.error().code != ErrorCode::kNotFound) return member;
  }
  QCCM_TRY(members, store_.ListMembers());
  for (auto& m : members) {
    if (m.name == code) return std::move(m);
  }
  return MakeError(ErrorCode::kNotFound, "no member '" + std::string(code) + "'");
}

Result<User> SharingService::AddUser(std::string_view name, std::string_view member_code,
                                     RoleSet roles, std::string_view password) {
  QCCM_TRY_STATUS(ValidateUserName(name));
  if (roles == 0) return MakeError(ErrorCode::kInvalidArgument, "a user needs at least one role");
  QCCM_TRY_STATUS(CheckPasswordStrength(password));
  QCCM_TRY(member, FindMember(member_code));
  QCCM_TRY(hash, HashPassword(password, password_cost_));
  return store_.CreateUser(User{.id = 0,
                                .name = std::string(name),
                                .member_id = member.id,
                                .roles = roles,
                                .password_hash = std::move(hash),
                                .disabled = false,
                                .created = clock_.Now()});
}

Result<std::vector<User>> SharingService::ListUsers(std::optional<std::string_view> member_code) {
  std::optional<std::int64_t> member_id;
  if (member_code) {
    QCCM_TRY(member, FindMember(*member_code));
    member_id = member.id;
  }
  return store_.ListUsers(member_id);
}

Result<NewToken> SharingService::CreateToken(std::string_view user_name, std::string_view label,
                                             std::optional<std::int64_t> ttl_seconds) {
  auto user = store_.GetUserByName(user_name);
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no user named '" + std::string(user_name) + "'");
    }
    return std::unexpected(user.error());
  }
  if (ttl_seconds && *ttl_seconds <= 0) {
    return MakeError(ErrorCode::kInvalidArgument, "token lifetime must be positive");
  }
  if (label.size() > 200) return MakeError(ErrorCode::kInvalidArgument, "token label too long");
  NewToken created;
  created.secret = NewTokenSecret();
  Timestamp now = clock_.Now();
  ApiToken token{.id = 0,
                 .user_id = user->id,
                 .label = std::string(label),
                 .secret_hash = HashTokenSecret(created.secret),
                 .created = now,
                 .expires = std::nullopt,
                 .revoked = false};
  if (ttl_seconds) token.expires = Timestamp{now.micros + *ttl_seconds * 1000000};
  QCCM_TRY(stored, store_.CreateToken(token));
  created.token = std::move(stored);
  return created;
}

Status SharingService::RevokeToken(std::int64_t token_id) { return store_.RevokeToken(token_id); }

Result<Collection> SharingService::AddCollection(const NewCollection& request) {
  if (request.title.empty() || request.title.size() > 200) {
    return MakeError(ErrorCode::kInvalidArgument, "collection title must be 1-200 characters");
  }
  if (!request.alias.empty()) QCCM_TRY_STATUS(ValidateCollectionAlias(request.alias));
  Collection collection{.id = NewUuidV4(),
                        .alias = request.alias,
                        .title = request.title,
                        .description = request.description,
                        .owner_member = request.owner_member,
                        .created = clock_.Now()};
  std::vector<CollectionRight> rights;
  auto right_for = [&](std::int64_t member_id) -> CollectionRight& {
    for (auto& r : rights) {
      if (r.member_id == member_id) return r;
    }
    rights.push_back(CollectionRight{.collection_id = collection.id, .member_id = member_id});
    return rights.back();
  };
  for (const auto& code : request.read_members) {
    QCCM_TRY(member, FindMember(code));
    right_for(member.id).can_read = true;
  }
  for (const auto& code : request.write_members) {
    QCCM_TRY(member, FindMember(code));
    right_for(member.id).can_write = true;
  }
  return store_.CreateCollection(collection, rights);
}

Result<std::vector<Collection>> SharingService::ListCollections() {
  return store_.ListCollections();
}

Result<Collection> SharingService::FindCollection(std::string_view id_or_alias) {
  auto collection = store_.GetCollection(id_or_alias);
  if (!collection && collection.error().code == ErrorCode::kNotFound) {
    return MakeError(ErrorCode::kNotFound, "no collection '" + std::string(id_or_alias) + "'");
  }
  return collection;
}

Result<std::vector<CollectionRight>> SharingService::ListRights(std::string_view collection) {
  QCCM_TRY(found, FindCollection(collection));
  return store_.ListRights(found.id);
}

Status SharingService::ChangeRight(std::string_view collection, std::string_view member_code,
                                   bool read, bool write, bool grant) {
  if (!read && !write) {
    return MakeError(ErrorCode::kInvalidArgument, "say which right: read, write or both");
  }
  QCCM_TRY(found, FindCollection(collection));
  QCCM_TRY(member, FindMember(member_code));
  QCCM_TRY(rights, store_.ListRights(found.id));
  CollectionRight right{.collection_id = found.id, .member_id = member.id};
  for (const auto& r : rights) {
    if (r.member_id == member.id) right = r;
  }
  if (read) right.can_read = grant;
  if (write) right.can_write = grant;
  return store_.SetRight(right);
}

Status SharingService::Grant(std::string_view collection, std::string_view member_code, bool read,
                             bool write) {
  return ChangeRight(collection, member_code, read, write, true);
}

Status SharingService::Revoke(std::string_view collection, std::string_view member_code, bool read,
                              bool write) {
  return ChangeRight(collection, member_code, read, write, false);
}

Result<Principal> SharingService::PrincipalOf(const User& user) {
  QCCM_TRY(member, store_.GetMember(user.member_id));
  return Principal{.user_id = user.id,
                   .user_name = user.name,
                   .member_id = member.id,
                   .member_code = member.code,
                   .roles = user.roles};
}

Result<Principal> SharingService::AuthenticatePassword(std::string_view user_name,
                                                       std::string_view password) {
  auto user = store_.GetUserByName(user_name);
  if (!user) {
    if (user.error().code != ErrorCode::kNotFound) return std::unexpected(user.error());
    // Spend the same effort as a real check so timing does not reveal unknown names.
    std::call_once(dummy_once_, [this] {
      dummy_hash_ = HashPassword("timing-equaliser", password_cost_).value_or("");
    });
    (void)VerifyPassword(password, dummy_hash_);
    return Unauthenticated();
  }
  if (user->disabled || !VerifyPassword(password, user->password_hash)) return Unauthenticated();
  return PrincipalOf(*user);
}

Result<Principal> SharingService::AuthenticateToken(std::string_view secret) {
  if (!secret.starts_with("qccm_") || secret.size() > 128) return Unauthenticated();
  auto token = store_.FindTokenByHash(HashTokenSecret(secret));
  if (!token) {
    if (token.error().code != ErrorCode::kNotFound) return std::unexpected(token.error());
    return Unauthenticated();
  }
  if (token->revoked || (token->expires && *token->expires <= clock_.Now())) {
    return Unauthenticated();
  }
  QCCM_TRY(user, store_.GetUser(token->user_id));
  if (user.disabled) return Unauthenticated();
  return PrincipalOf(user);
}

Result<Principal> SharingService::OperatorFor(std::string_view member_code) {
  QCCM_TRY(member, FindMember(member_code));
  return Principal{.user_id = 0,
                   .user_name = "operator",
                   .member_id = member.id,
                   .member_code = member.code,
                   .roles = RoleBit(Role::kAnalyst)};
}

Result<std::pair<Collection, CollectionAccess>> SharingService::AccessTo(
    const Principal& principal, std::string_view collection) {
  QCCM_TRY(found, FindCollection(collection));
  QCCM_TRY(rights, store_.ListRights(found.id));
  std::optional<CollectionRight> mine;
  for (const auto& r : rights) {
    if (r.member_id == principal.member_id) mine = r;
  }
  return std::pair{std::move(found), DecideCollectionAccess(principal, mine)};
}

Result<std::vector<std::pair<Collection, CollectionAccess>>> SharingService::AccessibleCollections(
    const Principal& principal) {
  std::vector<std::pair<Collection, CollectionAccess>> out;
  QCCM_TRY(rights, store_.ListRightsOfMember(principal.member_id));
  for (const auto& right : rights) {
    CollectionAccess access = DecideCollectionAccess(principal, right);
    if (!access.can_read && !access.can_write) continue;
    QCCM_TRY(collection, store_.GetCollection(right.collection_id));
    out.emplace_back(std::move(collection), access);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.first.title < b.first.title; });
  return out;
}

}  // namespace qccm::sharing
