// SharingStore on SQLite. Constraint violations become kAlreadyExists / kNotFound with
// messages naming the value's role ("member code 'X' is already taken"); other failures are
// kStorage with SQLite's message.
#include "store/sqlite/sqlite_sharing_store.h"

#include <functional>

#include "store/sqlite/object_listing.h"

namespace qccm::store::sqlite {
namespace {

using sharing::ApiToken;
using sharing::Collection;
using sharing::CollectionRight;
using sharing::Member;
using sharing::User;

constexpr const char* kMemberColumns = "id, code, name, created";
constexpr const char* kUserColumns = "id, name, member_id, roles, password_hash, disabled, created";
constexpr const char* kTokenColumns = "id, user_id, label, secret_hash, created, expires, revoked";
constexpr const char* kCollectionColumns =
    "id, coalesce(alias, ''), title, description, coalesce(owner_member, 0), created";

Member ReadMember(const Statement& s) {
  return {s.Int(0), std::string(s.Text(1)), std::string(s.Text(2)), Timestamp{s.Int(3)}};
}

User ReadUser(const Statement& s) {
  User user;
  user.id = s.Int(0);
  user.name = s.Text(1);
  user.member_id = s.Int(2);
  user.roles = static_cast<sharing::RoleSet>(s.Int(3));
  user.password_hash = s.Text(4);
  user.disabled = s.Int(5) != 0;
  user.created = Timestamp{s.Int(6)};
  return user;
}

ApiToken ReadToken(const Statement& s) {
  ApiToken token;
  token.id = s.Int(0);
  token.user_id = s.Int(1);
  token.label = s.Text(2);
  token.secret_hash = s.Text(3);
  token.created = Timestamp{s.Int(4)};
  if (!s.IsNull(5)) token.expires = Timestamp{s.Int(5)};
  token.revoked = s.Int(6) != 0;
  return token;
}

Collection ReadCollection(const Statement& s) {
  Collection collection;
  collection.id = s.Text(0);
  collection.alias = s.Text(1);
  collection.title = s.Text(2);
  collection.description = s.Text(3);
  collection.owner_member = s.Int(4);
  collection.created = Timestamp{s.Int(5)};
  return collection;
}

CollectionRight ReadRight(const Statement& s) {
  return {std::string(s.Text(0)), s.Int(1), s.Int(2) != 0, s.Int(3) != 0};
}

// Runs a query returning at most one row; fails with kNotFound and `missing` if none.
template <typename T>
Result<T> QueryOne(Database& db, const std::string& sql,
                   const std::function<void(Statement&)>& bind, T (*read)(const Statement&),
                   const std::string& missing) {
  QCCM_TRY(statement, db.Prepare(sql));
  bind(statement);
  QCCM_TRY(row, statement.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, missing);
  return read(statement);
}

template <typename T>
Result<std::vector<T>> QueryAll(Database& db, const std::string& sql,
                                const std::function<void(Statement&)>& bind,
                                T (*read)(const Statement&)) {
  QCCM_TRY(statement, db.Prepare(sql));
  bind(statement);
  std::vector<T> rows;
  for (;;) {
    QCCM_TRY(row, statement.Step());
    if (!row) return rows;
    rows.push_back(read(statement));
  }
}

// Replaces the message of a constraint error by one that names what collided or is missing.
Status Explain(Status status, const std::string& exists, const std::string& missing) {
  if (status) return status;
  if (status.error().code == ErrorCode::kAlreadyExists && !exists.empty()) {
    return MakeError(ErrorCode::kAlreadyExists, exists);
  }
  if (status.error().code == ErrorCode::kNotFound && !missing.empty()) {
    return MakeError(ErrorCode::kNotFound, missing);
  }
  return status;
}

const auto kNoBind = [](Statement&) {};

Status PutRight(Database& db, std::int64_t ckey, const CollectionRight& right) {
  if (!right.can_read && !right.can_write) {
    QCCM_TRY(remove,
             db.Prepare("DELETE FROM collection_rights WHERE ckey = ?1 AND member_id = ?2"));
    remove.Bind(1, ckey).Bind(2, right.member_id);
    return remove.Run();
  }
  QCCM_TRY(upsert, db.Prepare("INSERT INTO collection_rights (ckey, member_id, can_read, "
                              "can_write) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (ckey, member_id) "
                              "DO UPDATE SET can_read = excluded.can_read, "
                              "can_write = excluded.can_write"));
  upsert.Bind(1, ckey).Bind(2, right.member_id);
  upsert.Bind(3, std::int64_t{right.can_read}).Bind(4, std::int64_t{right.can_write});
  return Explain(upsert.Run(), "", "member " + std::to_string(right.member_id) + " does not exist");
}

}  // namespace

Result<Member> SqliteSharingStore::CreateMember(const Member& member) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(insert, db.Prepare("INSERT INTO members (code, name, created) VALUES (?1, ?2, ?3)"));
  insert.Bind(1, member.code).Bind(2, member.name).Bind(3, member.created.micros);
  QCCM_TRY_STATUS(Explain(insert.Run(), "member code '" + member.code + "' is already taken", ""));
  Member created = member;
  created.id = db.LastInsertRowid();
  return created;
}

Result<Member> SqliteSharingStore::GetMember(std::int64_t id) {
  QCCM_TRY(reader, backend_.Read());
  return QueryOne<Member>(
      reader.db(), std::string("SELECT ") + kMemberColumns + " FROM members WHERE id = ?1",
      [&](Statement& s) { s.Bind(1, id); }, ReadMember, "no member with id " + std::to_string(id));
}

Result<Member> SqliteSharingStore::GetMemberByCode(std::string_view code) {
  QCCM_TRY(reader, backend_.Read());
  return QueryOne<Member>(
      reader.db(), std::string("SELECT ") + kMemberColumns + " FROM members WHERE code = ?1",
      [&](Statement& s) { s.Bind(1, code); }, ReadMember,
      "no member with code '" + std::string(code) + "'");
}

Result<std::vector<Member>> SqliteSharingStore::ListMembers() {
  QCCM_TRY(reader, backend_.Read());
  return QueryAll<Member>(reader.db(),
                          std::string("SELECT ") + kMemberColumns + " FROM members ORDER BY id",
                          kNoBind, ReadMember);
}

Result<User> SqliteSharingStore::CreateUser(const User& user) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(insert, db.Prepare("INSERT INTO users (name, member_id, roles, password_hash, "
                              "disabled, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  insert.Bind(1, user.name).Bind(2, user.member_id).Bind(3, std::int64_t{user.roles});
  insert.Bind(4, user.password_hash).Bind(5, std::int64_t{user.disabled});
  insert.Bind(6, user.created.micros);
  QCCM_TRY_STATUS(Explain(insert.Run(), "user name '" + user.name + "' is already taken",
                          "member " + std::to_string(user.member_id) + " does not exist"));
  User created = user;
  created.id = db.LastInsertRowid();
  return created;
}

Result<User> SqliteSharingStore::GetUser(std::int64_t id) {
  QCCM_TRY(reader, backend_.Read());
  return QueryOne<User>(
      reader.db(), std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?1",
      [&](Statement& s) { s.Bind(1, id); }, ReadUser, "no user with id " + std::to_string(id));
}

Result<User> SqliteSharingStore::GetUserByName(std::string_view name) {
  QCCM_TRY(reader, backend_.Read());
  return QueryOne<User>(
      reader.db(), std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?1",
      [&](Statement& s) { s.Bind(1, name); }, ReadUser,
      "no user named '" + std::string(name) + "'");
}

Result<std::vector<User>> SqliteSharingStore::ListUsers(std::optional<std::int64_t> member_id) {
  QCCM_TRY(reader, backend_.Read());
  if (!member_id) {
    return QueryAll<User>(reader.db(),
                          std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id",
                          kNoBind, ReadUser);
  }
  return QueryAll<User>(
      reader.db(),
      std::string("SELECT ") + kUserColumns + " FROM users WHERE member_id = ?1 ORDER BY id",
      [&](Statement& s) { s.Bind(1, *member_id); }, ReadUser);
}

Status SqliteSharingStore::UpdateUser(const User& user) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(update, db.Prepare("UPDATE users SET name = ?2, member_id = ?3, roles = ?4, "
                              "password_hash = ?5, disabled = ?6 WHERE id = ?1"));
  update.Bind(1, user.id).Bind(2, user.name).Bind(3, user.member_id);
  update.Bind(4, std::int64_t{user.roles}).Bind(5, user.password_hash);
  update.Bind(6, std::int64_t{user.disabled});
  QCCM_TRY_STATUS(Explain(update.Run(), "user name '" + user.name + "' is already taken",
                          "member " + std::to_string(user.member_id) + " does not exist"));
  if (db.Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "no user with id " + std::to_string(user.id));
  }
  return Ok();
}

Result<ApiToken> SqliteSharingStore::CreateToken(const ApiToken& token) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(insert, db.Prepare("INSERT INTO api_tokens (user_id, label, secret_hash, created, "
                              "expires, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  insert.Bind(1, token.user_id).Bind(2, token.label).Bind(3, token.secret_hash);
  insert.Bind(4, token.created.micros);
  insert.Bind(5, token.expires ? std::optional<std::int64_t>(token.expires->micros)
                               : std::optional<std::int64_t>());
  insert.Bind(6, std::int64_t{token.revoked});
  QCCM_TRY_STATUS(Explain(insert.Run(), "a token with the same secret hash already exists",
                          "user " + std::to_string(token.user_id) + " does not exist"));
  ApiToken created = token;
  created.id = db.LastInsertRowid();
  return created;
}

Result<ApiToken> SqliteSharingStore::FindTokenByHash(std::string_view secret_hash) {
  QCCM_TRY(reader, backend_.Read());
  return QueryOne<ApiToken>(
      reader.db(),
      std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE secret_hash = ?1",
      [&](Statement& s) { s.Bind(1, secret_hash); }, ReadToken, "no token with that secret hash");
}

Result<std::vector<ApiToken>> SqliteSharingStore::ListTokens(std::int64_t user_id) {
  QCCM_TRY(reader, backend_.Read());
  return QueryAll<ApiToken>(
      reader.db(),
      std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE user_id = ?1 ORDER BY id",
      [&](Statement& s) { s.Bind(1, user_id); }, ReadToken);
}

Status SqliteSharingStore::RevokeToken(std::int64_t token_id) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(update, db.Prepare("UPDATE api_tokens SET revoked = 1 WHERE id = ?1"));
  update.Bind(1, token_id);
  QCCM_TRY_STATUS(update.Run());
  if (db.Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "no token with id " + std::to_string(token_id));
  }
  return Ok();
}

Result<Collection> SqliteSharingStore::CreateCollection(
    const Collection& collection, const std::vector<CollectionRight>& rights) {
  for (const CollectionRight& right : rights) {
    if (!right.collection_id.empty() && right.collection_id != collection.id) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "an initial right of collection " + collection.id +
                           " names another collection (" + right.collection_id + ")");
    }
  }
  auto [lock, db] = backend_.Write();
  QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
  {
    // An alias equal to another collection's id (or the reverse) would make GetCollection
    // ambiguous.
    QCCM_TRY(clash, db.Prepare("SELECT 1 FROM collections WHERE id = ?1 OR alias = ?2"));
    clash.Bind(1, collection.alias).Bind(2, collection.id);
    QCCM_TRY(row, clash.Step());
    if (row) {
      return MakeError(ErrorCode::kAlreadyExists, "collection id " + collection.id + " or alias '" +
                                                      collection.alias +
                                                      "' is taken by another collection");
    }
  }
  {
    QCCM_TRY(insert, db.Prepare("INSERT INTO collections (id, alias, title, description, "
                                "owner_member, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    insert.Bind(1, collection.id).Bind(3, collection.title).Bind(4, collection.description);
    if (!collection.alias.empty()) insert.Bind(2, collection.alias);
    if (collection.owner_member != 0) insert.Bind(5, collection.owner_member);
    insert.Bind(6, collection.created.micros);
    auto ran = insert.Run();
    if (!ran && ran.error().code == ErrorCode::kAlreadyExists) {
      const bool alias = ran.error().message.find("collections.alias") != std::string::npos;
      return MakeError(ErrorCode::kAlreadyExists,
                       alias ? "collection alias '" + collection.alias + "' is already taken"
                             : "collection id " + collection.id + " is already taken");
    }
    QCCM_TRY_STATUS(Explain(
        ran, "", "owner member " + std::to_string(collection.owner_member) + " does not exist"));
  }
  const std::int64_t ckey = db.LastInsertRowid();
  for (const CollectionRight& right : rights) QCCM_TRY_STATUS(PutRight(db, ckey, right));
  QCCM_TRY_STATUS(tx.Commit());
  return collection;
}

Result<Collection> SqliteSharingStore::GetCollection(std::string_view id_or_alias) {
  QCCM_TRY(reader, backend_.Read());
  const std::string missing = "no collection with id or alias '" + std::string(id_or_alias) + "'";
  auto by_id = QueryOne<Collection>(
      reader.db(), std::string("SELECT ") + kCollectionColumns + " FROM collections WHERE id = ?1",
      [&](Statement& s) { s.Bind(1, id_or_alias); }, ReadCollection, missing);
  if (by_id || by_id.error().code != ErrorCode::kNotFound) return by_id;
  return QueryOne<Collection>(
      reader.db(),
      std::string("SELECT ") + kCollectionColumns + " FROM collections WHERE alias = ?1",
      [&](Statement& s) { s.Bind(1, id_or_alias); }, ReadCollection, missing);
}

Result<std::vector<Collection>> SqliteSharingStore::ListCollections() {
  QCCM_TRY(reader, backend_.Read());
  return QueryAll<Collection>(
      reader.db(), std::string("SELECT ") + kCollectionColumns + " FROM collections ORDER BY ckey",
      kNoBind, ReadCollection);
}

Status SqliteSharingStore::SetRight(const CollectionRight& right) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
  QCCM_TRY(ckey, FindCollectionKey(db, right.collection_id));
  if (!ckey) {
    return MakeError(ErrorCode::kNotFound, "collection " + right.collection_id + " does not exist");
  }
  QCCM_TRY_STATUS(PutRight(db, *ckey, right));
  return tx.Commit();
}

Result<std::vector<CollectionRight>> SqliteSharingStore::ListRights(
    std::string_view collection_id) {
  QCCM_TRY(reader, backend_.Read());
  return QueryAll<CollectionRight>(
      reader.db(),
      "SELECT c.id, r.member_id, r.can_read, r.can_write FROM collection_rights r JOIN "
      "collections c ON c.ckey = r.ckey WHERE c.id = ?1 ORDER BY r.member_id",
      [&](Statement& s) { s.Bind(1, collection_id); }, ReadRight);
}

Result<std::vector<CollectionRight>> SqliteSharingStore::ListRightsOfMember(
    std::int64_t member_id) {
  QCCM_TRY(reader, backend_.Read());
  return QueryAll<CollectionRight>(
      reader.db(),
      "SELECT c.id, r.member_id, r.can_read, r.can_write FROM collection_rights r JOIN "
      "collections c ON c.ckey = r.ckey WHERE r.member_id = ?1 ORDER BY c.ckey",
      [&](Statement& s) { s.Bind(1, member_id); }, ReadRight);
}

}  // namespace qccm::store::sqlite
