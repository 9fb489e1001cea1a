// The node's audit log (<data_dir>/audit.db, docs/oversight.md) and the router finisher that
// appends one record per audited request: who, for which member, which declared action, the
// outcome (from the response status), collection, ids and owners the handler noted, the query.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http/router.h"
#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/audit_store.h"
#include "qccm/oversight/tree_head.h"
#include "qccm/sharing/sharing_store.h"

namespace qccm::app {

// Checks every route's audit declaration: kInvalidArgument naming the route if it has none or
// names an unknown action, or is both audited and exempt.
Status CheckAuditDeclarations(const http::Router& router);

// The outcome a response status stands for: 1xx-3xx ok; 401, 403, 429 denied; 404 not_found;
// other 4xx invalid; 5xx failed.
oversight::AuditOutcome OutcomeOfStatus(int status);

// Builds the record of one request from its route's declaration and the handler's note (whose
// object ids it moves out). `owner_codes` are the note's owner ids, resolved to member codes.
// The time is left 0 (the log sets it when appending).
oversight::AuditRecord BuildAuditRecord(http::Request& request, const http::RouteInfo& route,
                                        int status, std::vector<std::string> owner_codes);

// A text field made acceptable to the audit log (control characters and ill-formed UTF-8 as
// \xNN, at most `max` bytes); exposed for tests.
std::string RecordableTextForTest(std::string_view text, std::size_t max);

// Owns the audit store, the node key and the log; installs the finisher; signs heads on a
// background timer. Thread-safe: the finisher runs on every worker.
class RequestAuditor final {
 public:
  // Opens (creating) <data_dir>/audit.db and the node key (<data_dir>/keys, created on first
  // use). `clock` and `members` must outlive the auditor. Fails with the store's and the key's
  // errors (kStorage, kIo, kPermissionDenied for a key file readable by others).
  static Result<std::unique_ptr<RequestAuditor>> Open(const std::filesystem::path& data_dir,
                                                      Clock& clock, sharing::SharingStore& members);
  ~RequestAuditor();
  RequestAuditor(const RequestAuditor&) = delete;
  RequestAuditor& operator=(const RequestAuditor&) = delete;

  // Adds the finisher to `router` (which must outlive the auditor's use). A request whose
  // record cannot be appended is answered 500 instead of its response (no unrecorded reads).
  void Install(http::Router& router);

  // Starts the timer thread that calls AuditLog::MaybeSignTreeHead every `period`.
  void StartHeadTimer(std::chrono::milliseconds period);
  void StopHeadTimer();

  oversight::AuditLog& log() { return *log_; }

 private:
  RequestAuditor() = default;
  void Finish(const http::Router& router, http::Request& request, const http::RouteInfo& route,
              http::Response& response);
  std::vector<std::string> OwnerCodes(const http::Request& request);

  sharing::SharingStore* members_ = nullptr;
  std::unique_ptr<oversight::AuditStore> store_;
  std::unique_ptr<oversight::NodeKey> key_;
  std::unique_ptr<oversight::AuditLog> log_;

  std::mutex codes_mutex_;                     // guards codes_
  std::map<std::int64_t, std::string> codes_;  // member id -> code (codes never change)

  std::mutex timer_mutex_;  // guards stop_
  std::condition_variable timer_wake_;
  bool stop_ = false;
  std::thread timer_;
};

}  // namespace qccm::app
