// The audit log's record: who did what to which collection and objects, when, with what outcome;
// its validation and its canonical encoding (the bytes that the Merkle tree hashes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"

namespace qccm::oversight {

// What a request did. The names (ActionName) are stable: they are part of the hashed records.
enum class AuditAction : std::uint8_t {
  kRead,              // read intelligence (objects, versions, manifests, a page of a collection)
  kWrite,             // added objects
  kDelete,            // deleted objects
  kExport,            // exported a collection (CLI or API)
  kPurge,             // purged data (objects or old audit records)
  kRightsChange,      // granted or revoked collection rights
  kUserChange,        // created, changed or disabled a user or token
  kMemberChange,      // created or changed a member agency
  kCollectionChange,  // created or changed a collection
  kRfiAnswer,         // answered a request for information
  kAuditRead,         // read the audit log itself (auditor queries, samples, who-read-my-data)
  kRetentionChange,   // renewed a review, placed or released a legal hold
};

// How the request ended.
enum class AuditOutcome : std::uint8_t { kOk, kDenied, kNotFound, kInvalid, kFailed };

std::string_view ActionName(AuditAction action);  // "read", "rights_change", ...
std::optional<AuditAction> ParseAction(std::string_view name);
// Every action name, in order, joined by ", " (for help texts and error messages).
std::string ActionNameList();
std::string_view OutcomeName(AuditOutcome outcome);  // "ok", "denied", ...
std::optional<AuditOutcome> ParseOutcome(std::string_view name);
// The outcome of an operation that failed with `code`: kPermissionDenied, kUnauthenticated,
// kRateLimited denied; kNotFound not_found; kInvalidArgument, kInvalidInput, kTooLarge,
// kAlreadyExists, kConflict invalid; else failed.
AuditOutcome OutcomeOfError(ErrorCode code);

// One audit record. Never holds intelligence content: only ids, the query text and metadata.
struct AuditRecord {
  std::uint64_t seq = 0;   // leaf index in the tree; assigned by AuditLog::Append
  Timestamp time;          // when the request was served (0: AuditLog::Append sets "now")
  std::string request_id;  // the request's id (access log correlation)
  std::string user;        // login name of the authenticated user ("" before authentication)
  std::string member;      // member code the user acted for
  AuditAction action = AuditAction::kRead;
  AuditOutcome outcome = AuditOutcome::kOk;
  std::string collection;               // collection id, or ""
  std::vector<std::string> object_ids;  // STIX ids touched, when the request named or returned them
  std::string query;                    // the request's filter / query text, when it had one
  std::vector<std::string> owners;      // member codes whose contributions were touched ("who read
                                        // my data" looks here); Append sorts them, drops repeats
};

// Checks the text fields: valid UTF-8, no control characters, at most 4096 bytes each (the
// query 16384), at most 100000 object ids, no empty object id or owner. Fails with
// kInvalidArgument naming the field.
Status ValidateRecord(const AuditRecord& record);

// The canonical encoding: one line of JSON with the keys always present and always in this
// order, no white space, strings escaped minimally (only '"', '\\' and U+0000-U+001F, the latter
// as \u00XX), time with 6 fraction digits:
//   {"v":1,"seq":7,"time":"2024-05-01T10:00:00.000000Z","request":"r-1","user":"ana",
//    "member":"ALPHA","action":"read","outcome":"ok","collection":"...","objects":["..."],
//    "query":"...","owners":["BRAVO"]}
// The leaf hash is SHA-256(0x00 || this text). `record` must have passed ValidateRecord.
std::string EncodeRecord(const AuditRecord& record);
// As above, appending to `out` (which is cleared first); reuses its capacity in hot loops.
void EncodeRecordTo(const AuditRecord& record, std::string& out);

}  // namespace qccm::oversight
