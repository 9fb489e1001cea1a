// Object listing SQL. Every listing is a keyset scan: "seq >= lower bound ORDER BY seq LIMIT
// n+1" over an index chosen for the query's shape, so a page deep in a collection costs what
// the first one does (never OFFSET). The shapes and their indexes:
//   ids given                        objects_by_id (ckey, id_key, modified), then a small sort
//   last only, one type              objects_last_by_type (ckey, type, seq) WHERE is_last = 1
//   last only, several types         one such scan per type, merged here
//   last only, any type              objects_last_by_seq (ckey, seq) WHERE is_last = 1
//   other version selections         objects_by_seq (ckey, seq)
// INDEXED BY pins the choice: without statistics the planner could scan a whole collection
// for an id lookup.
#include "store/sqlite/object_listing.h"

#include <sodium.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "qccm/core/check.h"

namespace qccm::store::sqlite {
namespace {

constexpr int kRed = static_cast<int>(stix::Tlp::kRed);

bool LastOnly(const VersionFilter& versions) {
  return versions.Empty() ||
         (versions.last && !versions.first && !versions.all && versions.at.empty());
}

struct Shape {
  const char* index;
  std::span<const std::string> types;  // the types filter of this scan
};

// The first seq of the first batch added strictly after `t`, or nullopt if there is none.
// Batches take increasing date_added and seq ranges, so "date_added > t" is "seq >= that seq".
Result<std::optional<std::int64_t>> FirstSeqAddedAfter(Database& db, Timestamp t) {
  QCCM_TRY(statement, db.Prepare("SELECT first_seq FROM put_batches WHERE date_added > ?1 "
                                 "ORDER BY date_added LIMIT 1"));
  statement.Bind(1, t.micros);
  QCCM_TRY(row, statement.Step());
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(statement.Int(0));
}

Status Scan(Database& db, std::int64_t ckey, const ObjectQuery& query, const Viewer& viewer,
            const Shape& shape, std::int64_t lower_bound, std::int64_t fetch,
            std::vector<StoredObject>& out) {
  SqlBuilder b;
  b.sql = "SELECT seq, id, type, spec_version, modified, date_added, tlp, author_member";
  if (query.with_json) b.sql += ", json";
  b.sql += " FROM objects INDEXED BY ";
  b.sql += shape.index;
  b.sql += " WHERE ckey = " + b.Param(ckey) + " AND seq >= " + b.Param(lower_bound);
  if (std::string versions = VersionCondition(query.versions, false, b); !versions.empty()) {
    b.sql += " AND " + versions;
  }
  std::vector<std::int64_t> id_keys;
  id_keys.reserve(query.ids.size());
  for (const std::string& id : query.ids) id_keys.push_back(IdKey(id));
  b.AndIn("id_key", id_keys);
  b.AndIn("id", query.ids);
  b.AndIn("type", shape.types);
  b.AndIn("spec_version", query.spec_versions);
  b.sql += " AND " + VisibilityCondition(viewer, b);
  b.sql += " ORDER BY seq LIMIT " + b.Param(fetch);

  QCCM_TRY(statement, db.Prepare(b.sql));
  b.Bind(statement);
  for (;;) {
    QCCM_TRY(row, statement.Step());
    if (!row) return Ok();
    StoredObject& object = out.emplace_back();
    object.seq = statement.Int(0);
    object.id = statement.Text(1);
    object.type = statement.Text(2);
    object.spec_version = statement.Text(3);
    object.modified = Timestamp{statement.Int(4)};
    object.date_added = Timestamp{statement.Int(5)};
    object.tlp = static_cast<stix::Tlp>(statement.Int(6));
    object.author_member = statement.Int(7);
    if (query.with_json) object.json = statement.Text(8);
  }
}

}  // namespace

std::string SqlBuilder::Param(std::int64_t value) {
  values_.emplace_back(value);
  return "?" + std::to_string(values_.size());
}

std::string SqlBuilder::Param(std::string_view value) {
  values_.emplace_back(value);
  return "?" + std::to_string(values_.size());
}

void SqlBuilder::AndIn(std::string_view column, std::span<const std::string> values) {
  if (values.empty()) return;
  sql += " AND ";
  sql += column;
  if (values.size() == 1) {
    sql += " = " + Param(std::string_view(values[0]));
    return;
  }
  sql += " IN (";
  const std::size_t padded = std::bit_ceil(values.size());
  for (std::size_t i = 0; i < padded; ++i) {
    if (i > 0) sql += ", ";
    sql += Param(std::string_view(values[std::min(i, values.size() - 1)]));
  }
  sql += ")";
}

void SqlBuilder::AndIn(std::string_view column, std::span<const std::int64_t> values) {
  if (values.empty()) return;
  sql += " AND ";
  sql += column;
  sql += " IN (";
  const std::size_t padded = std::bit_ceil(values.size());
  for (std::size_t i = 0; i < padded; ++i) {
    if (i > 0) sql += ", ";
    sql += Param(values[std::min(i, values.size() - 1)]);
  }
  sql += ")";
}

void SqlBuilder::AndIn(std::string_view column, std::span<const Timestamp> values) {
  if (values.empty()) return;
  sql += " AND ";
  sql += column;
  sql += " IN (";
  const std::size_t padded = std::bit_ceil(values.size());
  for (std::size_t i = 0; i < padded; ++i) {
    if (i > 0) sql += ", ";
    sql += Param(values[std::min(i, values.size() - 1)].micros);
  }
  sql += ")";
}

void SqlBuilder::Bind(Statement& statement) const {
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    std::visit([&](auto value) { statement.Bind(index, value); }, values_[i]);
  }
}

std::string VersionCondition(const VersionFilter& versions, bool empty_means_all,
                             SqlBuilder& builder) {
  if (versions.all || (versions.Empty() && empty_means_all)) return "";
  if (LastOnly(versions)) return "is_last = 1";  // the exact text of the partial indexes
  std::vector<std::string> terms;
  if (versions.last) terms.emplace_back("is_last = 1");
  if (versions.first) terms.emplace_back("is_first = 1");
  if (!versions.at.empty()) {
    std::string list;  // padded to a power of two, as SqlBuilder::AndIn does
    const std::size_t padded = std::bit_ceil(versions.at.size());
    for (std::size_t i = 0; i < padded; ++i) {
      if (i > 0) list += ", ";
      list += builder.Param(versions.at[std::min(i, versions.at.size() - 1)].micros);
    }
    terms.push_back("modified IN (" + list + ")");
  }
  std::string condition = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) condition += " OR ";
    condition += terms[i];
  }
  return condition + ")";
}

std::string VisibilityCondition(const Viewer& viewer, SqlBuilder& builder) {
  if (viewer.every_marking) return "1";
  const std::string member = builder.Param(viewer.member_id);
  return "(tlp <> " + std::to_string(kRed) + " OR author_member = " + member +
         " OR EXISTS (SELECT 1 FROM object_named_members n WHERE n.seq = objects.seq AND "
         "n.member_id = " +
         member + "))";
}

std::int64_t IdKey(std::string_view id) {
  // Fixed forever: the keys are stored. Not a secret; SipHash is just a fast, well-mixed hash.
  static constexpr unsigned char kKey[crypto_shorthash_KEYBYTES] = {
      'q', 'c', 'c', 'm', '-', 'i', 'd', '-', 'k', 'e', 'y', '-', 'v', '0', '0', '1'};
  unsigned char hash[crypto_shorthash_BYTES];
  crypto_shorthash(hash, reinterpret_cast<const unsigned char*>(id.data()), id.size(), kKey);
  std::int64_t key = 0;
  std::memcpy(&key, hash, sizeof key);
  return key;
}

Result<std::optional<std::int64_t>> FindCollectionKey(Database& db, std::string_view id) {
  QCCM_TRY(statement, db.Prepare("SELECT ckey FROM collections WHERE id = ?1"));
  statement.Bind(1, id);
  QCCM_TRY(row, statement.Step());
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(statement.Int(0));
}

Result<ObjectPage> ListObjectVersions(Database& db, std::int64_t ckey, const ObjectQuery& query,
                                      const Viewer& viewer) {
  QCCM_CHECK(query.limit >= 1);
  ObjectPage page;
  std::int64_t lower_bound = query.after ? query.after->seq + 1 : 0;
  if (query.added_after) {
    QCCM_TRY(first, FirstSeqAddedAfter(db, *query.added_after));
    if (!first) return page;
    lower_bound = std::max(lower_bound, *first);
  }
  // One more row than asked tells whether there are more.
  const std::int64_t fetch = static_cast<std::int64_t>(
      std::min<std::size_t>(query.limit, std::numeric_limits<std::int64_t>::max() - 1) + 1);
  page.objects.reserve(std::min<std::size_t>(query.limit + 1, 1024));

  if (!query.ids.empty()) {
    QCCM_TRY_STATUS(Scan(db, ckey, query, viewer, {"objects_by_id", query.types}, lower_bound,
                         fetch, page.objects));
  } else if (LastOnly(query.versions) && query.types.size() > 1) {
    std::vector<std::string> types(query.types);
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    for (const std::string& type : types) {
      QCCM_TRY_STATUS(Scan(db, ckey, query, viewer,
                           {"objects_last_by_type", std::span<const std::string>(&type, 1)},
                           lower_bound, fetch, page.objects));
    }
    std::sort(page.objects.begin(), page.objects.end(),
              [](const StoredObject& a, const StoredObject& b) { return a.seq < b.seq; });
    if (page.objects.size() > static_cast<std::size_t>(fetch)) {
      page.objects.resize(static_cast<std::size_t>(fetch));
    }
  } else {
    const char* index = !LastOnly(query.versions) ? "objects_by_seq"
                        : query.types.size() == 1 ? "objects_last_by_type"
                                                  : "objects_last_by_seq";
    QCCM_TRY_STATUS(
        Scan(db, ckey, query, viewer, {index, query.types}, lower_bound, fetch, page.objects));
  }

  if (page.objects.size() > query.limit) {
    page.objects.resize(query.limit);
    page.more = true;
    page.next = Cursor{page.objects.back().seq};
  }
  return page;
}

}  // namespace qccm::store::sqlite
