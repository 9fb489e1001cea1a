// One audit record per audited request, appended after the handler ran (router finisher).
#include "app/request_audit.h"

#include <algorithm>

#include "qccm/core/log.h"
#include "qccm/oversight/sqlite_audit_store.h"

namespace qccm::app {
namespace {

using oversight::AuditOutcome;
using oversight::AuditRecord;

// The record's query field holds at most 16384 bytes (ValidateRecord); a longer URL query is
// cut, and says so.
constexpr std::size_t kMaxQueryBytes = 16000;

std::string QueryTextOf(const http::Request& request) {
  if (request.audit.query) return *request.audit.query;
  // The raw query as received (percent-encoded ASCII: the parser refuses control characters).
  std::string_view target = request.target;
  std::size_t mark = target.find('?');
  if (mark == std::string_view::npos) return {};
  std::string_view query = target.substr(mark + 1);
  if (query.size() <= kMaxQueryBytes) return std::string(query);
  return std::string(query.substr(0, kMaxQueryBytes)) + "...(truncated)";
}

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629 §4), or 0.
std::size_t Utf8Length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) -> unsigned {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U;
  };
  const unsigned b0 = byte(0);
  const auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  if (b0 < 0x80) return 1;
  if (in(b0, 0xC2, 0xDF)) return in(byte(1), 0x80, 0xBF) ? 2 : 0;
  if (in(b0, 0xE0, 0xEF)) {
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
    return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(b0, 0xF0, 0xF4)) {
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// `text` made acceptable to the log: control characters and bytes that are not well-formed
// UTF-8 written as \xNN, cut to `max` bytes on a character boundary. Only for a record the
// log refused (the hot path appends the fields as they are).
std::string Recordable(std::string_view text, std::size_t max) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < text.size() && out.size() < max;) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x20 ? 0 : Utf8Length(text, i);
    if (n == 0) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  while (out.size() > max) {
    out.pop_back();
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  }
  return out;
}

// The record with every text field made acceptable (see Recordable).
void MakeRecordable(AuditRecord& record) {
  constexpr std::size_t kMaxField = 4000;
  for (std::string* field :
       {&record.request_id, &record.user, &record.member, &record.collection}) {
    *field = Recordable(*field, kMaxField);
  }
  record.query = Recordable(record.query, kMaxQueryBytes);
  for (auto* list : {&record.object_ids, &record.owners}) {
    for (std::string& item : *list) item = Recordable(item, kMaxField);
    std::erase(*list, std::string());
  }
  if (record.object_ids.size() > 100000) record.object_ids.resize(100000);
}

}  // namespace

std::string RecordableTextForTest(std::string_view text, std::size_t max) {
  return Recordable(text, max);
}

namespace {

// The ids a request named in its path, when the handler noted none.
std::vector<std::string> PathIdsOf(const http::Request& request) {
  for (std::string_view name : {"object", "id", "status"}) {
    std::string_view value = request.PathParam(name);
    if (!value.empty()) return {std::string(value)};
  }
  return {};
}

}  // namespace

Status CheckAuditDeclarations(const http::Router& router) {
  for (const http::RouteInfo& route : router.Routes()) {
    const http::AuditDeclaration& audit = route.audit;
    std::string what;
    if (!audit.declared()) {
      what = "declares no audit action (RouteOptions.audit: AuditAs or AuditExempt)";
    } else if (audit.audited() && !audit.exempt_reason.empty()) {
      what = "is both audited and exempt";
    } else if (audit.audited() && !oversight::ParseAction(audit.action)) {
      what = "names an unknown audit action '" + audit.action + "'";
    }
    if (!what.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "route " + route.name + " " + what);
    }
  }
  return Ok();
}

AuditOutcome OutcomeOfStatus(int status) {
  if (status < 400) return AuditOutcome::kOk;
  if (status == 401 || status == 403 || status == 429) return AuditOutcome::kDenied;
  if (status == 404) return AuditOutcome::kNotFound;
  if (status < 500) return AuditOutcome::kInvalid;
  return AuditOutcome::kFailed;
}

AuditRecord BuildAuditRecord(http::Request& request, const http::RouteInfo& route, int status,
                             std::vector<std::string> owner_codes) {
  http::AuditNote& note = request.audit;
  const std::string& action_name = note.action.empty() ? route.audit.action : note.action;
  AuditRecord record;
  record.request_id = request.request_id;
  record.user = request.user;
  record.member = note.member;
  record.action = oversight::ParseAction(action_name).value_or(oversight::AuditAction::kRead);
  record.outcome = OutcomeOfStatus(status);
  record.collection =
      note.collection.empty() ? std::string(request.PathParam("collection")) : note.collection;
  record.object_ids = note.object_ids.empty() ? PathIdsOf(request) : std::move(note.object_ids);
  // A page of versions names an id once per version, one after the other: the record names it
  // once. The page's order is kept (no sort: a 1000-id page is the hot path).
  record.object_ids.erase(std::unique(record.object_ids.begin(), record.object_ids.end()),
                          record.object_ids.end());
  record.query = QueryTextOf(request);
  record.owners = std::move(owner_codes);
  record.owners.insert(record.owners.end(), note.owners.begin(), note.owners.end());
  std::erase(record.owners, std::string());
  return record;
}

Result<std::unique_ptr<RequestAuditor>> RequestAuditor::Open(const std::filesystem::path& data_dir,
                                                             Clock& clock,
                                                             sharing::SharingStore& members) {
  std::unique_ptr<RequestAuditor> auditor(new RequestAuditor());
  auditor->members_ = &members;
  QCCM_TRY(store, oversight::OpenSqliteAuditStore(oversight::AuditDatabasePath(data_dir), true));
  auditor->store_ = std::move(store);
  QCCM_TRY(key, oversight::NodeKey::LoadOrCreate(oversight::KeysDirectory(data_dir)));
  auditor->key_ = std::make_unique<oversight::NodeKey>(std::move(key));
  QCCM_TRY(log, oversight::AuditLog::Open(*auditor->store_, auditor->key_.get(), clock));
  auditor->log_ = std::move(log);
  return auditor;
}

RequestAuditor::~RequestAuditor() { StopHeadTimer(); }

void RequestAuditor::Install(http::Router& router) {
  const http::Router* r = &router;
  router.AddFinisher([this, r](http::Request& request, const http::RouteInfo& route,
                               http::Response& response) { Finish(*r, request, route, response); });
}

std::vector<std::string> RequestAuditor::OwnerCodes(const http::Request& request) {
  std::vector<std::int64_t> ids = request.audit.owner_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<std::string> codes;
  codes.reserve(ids.size());
  std::lock_guard lock(codes_mutex_);
  for (std::int64_t id : ids) {
    auto known = codes_.find(id);
    if (known == codes_.end()) {
      auto member = members_->GetMember(id);
      // A member that cannot be read is named by its id: the record still says who.
      std::string code = member ? member->code : "member-" + std::to_string(id);
      known = codes_.emplace(id, std::move(code)).first;
    }
    codes.push_back(known->second);
  }
  return codes;
}

void RequestAuditor::Finish(const http::Router& router, http::Request& request,
                            const http::RouteInfo& route, http::Response& response) {
  if (!route.audit.audited()) return;
  std::vector<AuditRecord> records;
  records.push_back(BuildAuditRecord(request, route, response.status, OwnerCodes(request)));
  // Moved into the log, not copied: a page's record names up to 1000 ids.
  auto appended = log_->AppendOwned(records);
  if (!appended && appended.error().code == ErrorCode::kInvalidArgument) {
    // A field the log refuses (invalid UTF-8 or control characters in the path, an overlong
    // name): record the request with those bytes escaped rather than not at all. The log left
    // `records` untouched on this error.
    LogEvent("audit", LogLevel::kWarn, "record_escaped",
             {{"route", route.name}, {"reason", appended.error().message}});
    MakeRecordable(records.front());
    appended = log_->AppendOwned(records);
  }
  if (appended) return;
  // No intelligence leaves without its audit record: the response is replaced.
  LogEvent("audit", LogLevel::kError, "append_failed",
           {{"route", route.name},
            {"request_id", request.request_id},
            {"error", appended.error().message}});
  response = router.RenderError(500, "Internal Server Error",
                                "the audit log could not record this request");
}

void RequestAuditor::StartHeadTimer(std::chrono::milliseconds period) {
  StopHeadTimer();
  {
    std::lock_guard lock(timer_mutex_);
    stop_ = false;
  }
  timer_ = std::thread([this, period] {
    std::unique_lock lock(timer_mutex_);
    while (!timer_wake_.wait_for(lock, period, [this] { return stop_; })) {
      lock.unlock();
      if (auto signed_head = log_->MaybeSignTreeHead(); !signed_head) {
        LogEvent("audit", LogLevel::kError, "head_sign_failed",
                 {{"error", signed_head.error().message}});
      }
      lock.lock();
    }
  });
}

void RequestAuditor::StopHeadTimer() {
  {
    std::lock_guard lock(timer_mutex_);
    stop_ = true;
  }
  timer_wake_.notify_all();
  if (timer_.joinable()) timer_.join();
}

}  // namespace qccm::app
