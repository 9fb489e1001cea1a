// Shared helpers for the oversight tests: sample records and a deterministic key.
#pragma once

#include <string>
#include <vector>

#include "qccm/oversight/audit_record.h"
#include "qccm/oversight/tree_head.h"

namespace qccm::oversight::testing {

// Record i of a synthetic log: users, members, actions, objects and owners vary with i.
inline AuditRecord SampleRecord(std::uint64_t i) {
  static const char* const kUsers[] = {"ana", "bob", "cem", "dora"};
  static const char* const kMembers[] = {"ALPHA", "BRAVO", "CHARLIE"};
  AuditRecord r;
  r.time = Timestamp::FromSeconds(1714550400 + static_cast<std::int64_t>(i));
  r.request_id = "req-" + std::to_string(i);
  r.user = kUsers[i % 4];
  r.member = kMembers[i % 3];
  r.action = static_cast<AuditAction>(i % 4);  // read, write, delete, export
  r.outcome = i % 17 == 0 ? AuditOutcome::kDenied : AuditOutcome::kOk;
  r.collection = "collection-" + std::to_string(i % 5);
  r.object_ids = {"indicator--" + std::to_string(i % 50), "malware--" + std::to_string(i % 7)};
  r.query = i % 2 == 0 ? "match[type]=indicator" : "";
  r.owners = {kMembers[(i + 1) % 3]};
  return r;
}

inline NodeKey TestKey(std::uint8_t fill = 7) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  return NodeKey::FromSeed(seed);
}

}  // namespace qccm::oversight::testing
