// A retention test world over a real SQLite store and audit log in a temporary directory: three
// members (ALPHA, BRAVO, CHARLIE), principals of each role, collections, and object helpers.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/audit_store.h"
#include "qccm/retention/retention_service.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/store/store.h"

namespace qccm::retention::test {

inline constexpr Timestamp kStart = Timestamp::FromSeconds(1767225600);  // 2026-01-01

class RetentionWorld {
 public:
  RetentionWorld();
  ~RetentionWorld();

  sharing::Principal As(const std::string& member, sharing::Role role,
                        const std::string& user = "");
  // A collection ALPHA, BRAVO and CHARLIE may read and write; with a policy when days > 0.
  std::string Collection(int review_days = 0);
  // Stores one version of `json` (id, type, modified are read from the arguments) as `member`.
  void Put(const std::string& collection, const std::string& member, const std::string& id,
           const std::string& json, Timestamp modified = kStart,
           std::optional<Timestamp> valid_until = std::nullopt);
  std::int64_t CountVersions(const std::string& collection, const std::string& id);
  std::int64_t MemberId(const std::string& code);

  std::filesystem::path dir;
  FakeClock clock{kStart};
  std::unique_ptr<store::Store> store;
  std::unique_ptr<sharing::SharingService> sharing;
  std::unique_ptr<oversight::AuditStore> audit_store;
  std::unique_ptr<oversight::NodeKey> key;
  std::unique_ptr<oversight::AuditLog> audit;
  std::unique_ptr<RetentionService> retention;
  int collections = 0;
};

// JSON of an individual's identity / an organisation's identity / an email address / an
// indicator, each with the given id.
std::string Person(const std::string& id, const std::string& name = "Jane Example");
std::string Organisation(const std::string& id);
std::string EmailAddr(const std::string& id, const std::string& value);
std::string Indicator(const std::string& id);

}  // namespace qccm::retention::test
