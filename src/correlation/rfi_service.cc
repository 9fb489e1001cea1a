// Requests for information (see rfi_service.h for the life cycle and visibility rules).
#include "qccm/correlation/rfi_service.h"

#include <algorithm>

#include "qccm/core/stix_id.h"

namespace qccm::correlation {
namespace {

using sharing::Principal;

constexpr std::size_t kMaxText = 4096;

bool IsAddressed(const Rfi& rfi, std::int64_t member) {
  return rfi.addressees.empty() ||
         std::find(rfi.addressees.begin(), rfi.addressees.end(), member) != rfi.addressees.end();
}

bool IsFinal(const Rfi& rfi) { return rfi.state == "closed" || rfi.state == "expired"; }

Status CheckHandler(const Principal& principal) {
  if (sharing::MayHandleIntelligence(principal)) return Ok();
  return MakeError(ErrorCode::kPermissionDenied,
                   "user '" + principal.user_name + "' may not handle requests for information");
}

}  // namespace

void RfiService::Audit(const Principal* principal, std::string action, std::string id,
                       std::string detail) {
  if (audit_ == nullptr) return;
  audit_->Record(AuditEvent{.action = std::move(action),
                            .user = principal ? principal->user_name : "",
                            .member = principal ? principal->member_code : "",
                            .object_ids = {std::move(id)},
                            .detail = std::move(detail)});
}

Result<RfiView> RfiService::ViewOf(const Principal& principal, Rfi rfi) {
  RfiView view;
  QCCM_TRY(requester, sharing_.GetMember(rfi.requester_member));
  view.requester = requester.code;
  for (auto m : rfi.addressees) {
    QCCM_TRY(member, sharing_.GetMember(m));
    view.addressees.push_back(member.code);
  }
  QCCM_TRY(responses, store_.RfiResponses(rfi.id));
  for (auto& r : responses) {
    if (principal.member_id != rfi.requester_member && r.member_id != principal.member_id) {
      continue;
    }
    QCCM_TRY(member, sharing_.GetMember(r.member_id));
    view.responders.push_back(member.code);
    view.responses.push_back(std::move(r));
  }
  view.rfi = std::move(rfi);
  return view;
}

Result<Rfi> RfiService::Visible(const Principal& principal, std::string_view id) {
  QCCM_TRY_STATUS(CheckHandler(principal));
  QCCM_TRY_STATUS(ExpireDue());
  auto rfi = store_.GetRfi(id);
  bool visible = rfi && (rfi->requester_member == principal.member_id ||
                         IsAddressed(*rfi, principal.member_id));
  if (!visible) {
    if (rfi || rfi.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound,
                       "no request for information '" + std::string(id) + "'");
    }
    return std::unexpected(rfi.error());
  }
  return std::move(*rfi);
}

Result<RfiView> RfiService::Create(const Principal& principal, const NewRfi& request) {
  QCCM_TRY_STATUS(CheckHandler(principal));
  if (request.question.empty() || request.question.size() > kMaxText) {
    return MakeError(ErrorCode::kInvalidArgument, "the question must be 1-4096 bytes");
  }
  const auto& p = request.priority;
  if (p != "low" && p != "medium" && p != "high" && p != "critical") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "priority must be low, medium, high or critical, not '" + p + "'");
  }
  const Timestamp now = clock_.Now();
  if (request.due <= now) {
    return MakeError(ErrorCode::kInvalidArgument, "the due time must be in the future");
  }
  if (request.clue_id.empty() && request.observable_value.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a request for information is about a clue_id or an observable");
  }
  Rfi rfi{.id = NewUuidV4(),
          .requester_member = principal.member_id,
          .requester_user = principal.user_id,
          .clue_id = request.clue_id,
          .question = request.question,
          .priority = request.priority,
          .due = request.due,
          .state = "open",
          .created = now};
  if (!request.clue_id.empty()) {
    QCCM_TRY(readable, clues_.CanRead(principal, request.clue_id));
    if (!readable) {
      return MakeError(ErrorCode::kNotFound, "no clue '" + request.clue_id + "'");
    }
  }
  if (!request.observable_value.empty()) {
    QCCM_TRY(observable, ParseObservable(request.observable_type, request.observable_value));
    rfi.observable = ObservableKey(observable);
  }
  for (const auto& code : request.to) {
    auto member = sharing_.GetMemberByCode(code);
    if (!member) {
      if (member.error().code == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kNotFound, "no member '" + code + "'");
      }
      return std::unexpected(member.error());
    }
    if (member->id == principal.member_id) continue;
    if (std::find(rfi.addressees.begin(), rfi.addressees.end(), member->id) ==
        rfi.addressees.end()) {
      rfi.addressees.push_back(member->id);
    }
  }
  if (!request.to.empty() && rfi.addressees.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a member does not ask only itself");
  }
  std::sort(rfi.addressees.begin(), rfi.addressees.end());
  QCCM_TRY_STATUS(store_.AddRfi(rfi));
  std::vector<std::int64_t> notify = rfi.addressees;
  if (notify.empty()) {
    QCCM_TRY(members, sharing_.ListMembers());
    for (const auto& m : members) {
      if (m.id != principal.member_id) notify.push_back(m.id);
    }
  }
  for (auto m : notify) {
    QCCM_TRY_STATUS(store_.AddNotification(
        Notification{.id = NewUuidV4(),
                     .member_id = m,
                     .kind = "rfi",
                     .about_member = principal.member_id,
                     .observable = rfi.observable,
                     .object_ids = rfi.clue_id.empty() ? std::vector<std::string>{}
                                                       : std::vector<std::string>{rfi.clue_id},
                     .rfi_id = rfi.id,
                     .state = "open",
                     .message = "request for information (" + rfi.priority + ") from " +
                                principal.member_code + ", due " + FormatTimestamp(rfi.due),
                     .created = now}));
  }
  Audit(&principal, "rfi.create", rfi.id, "priority=" + rfi.priority);
  return ViewOf(principal, std::move(rfi));
}

Result<std::vector<RfiView>> RfiService::List(const Principal& principal, std::size_t limit) {
  QCCM_TRY_STATUS(CheckHandler(principal));
  QCCM_TRY_STATUS(ExpireDue());
  QCCM_TRY(rfis, store_.RfisFor(principal.member_id, limit));
  std::vector<RfiView> out;
  for (auto& rfi : rfis) {
    QCCM_TRY(view, ViewOf(principal, std::move(rfi)));
    out.push_back(std::move(view));
  }
  return out;
}

Result<RfiView> RfiService::Get(const Principal& principal, std::string_view id) {
  QCCM_TRY(rfi, Visible(principal, id));
  return ViewOf(principal, std::move(rfi));
}

Result<RfiResponse> RfiService::Respond(const Principal& principal, std::string_view id,
                                        const NewRfiResponse& response) {
  QCCM_TRY(rfi, Visible(principal, id));
  if (rfi.requester_member == principal.member_id) {
    return MakeError(ErrorCode::kNotFound,
                     "no request for information '" + std::string(id) + "' addressed to you");
  }
  if (IsFinal(rfi)) {
    return MakeError(ErrorCode::kConflict,
                     "request for information '" + rfi.id + "' is " + rfi.state);
  }
  const auto& v = response.verdict;
  if (v != "confirm" && v != "refute" && v != "no_information" && v != "partial") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "verdict must be confirm, refute, no_information or partial, not '" + v + "'");
  }
  if (response.text.size() > kMaxText) {
    return MakeError(ErrorCode::kTooLarge, "the response text is over 4096 bytes");
  }
  RfiResponse stored{.rfi_id = rfi.id,
                     .member_id = principal.member_id,
                     .user_id = principal.user_id,
                     .verdict = v,
                     .text = response.text,
                     .responded_at = clock_.Now()};
  if (!response.objects.empty()) {
    if (response.collection.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "attached objects need the collection to put them in");
    }
    if (ingest_ == nullptr) {
      return MakeError(ErrorCode::kUnsupported, "attaching objects is not enabled on this node");
    }
    QCCM_TRY(report, ingest_->Ingest(principal, response.collection, response.objects,
                                     {.input_padded = response.input_padded}));
    if (!report.rejected.empty()) {
      return MakeError(ErrorCode::kInvalidInput, "an attached object was rejected: " +
                                                     report.rejected.front().error.ToString());
    }
    stored.collection_id = report.collection_id;
    for (const auto& o : response.objects) stored.object_ids.push_back(ParseClue(o.json).id);
  }
  QCCM_TRY(saved, store_.AddRfiResponse(stored));
  if (v == "confirm" || v == "refute") {
    QCCM_TRY_STATUS(
        store_.AddFeedback(Feedback{.clue_id = rfi.clue_id,
                                    .observable = rfi.clue_id.empty() ? rfi.observable : "",
                                    .member_id = principal.member_id,
                                    .verdict = v,
                                    .rfi_id = rfi.id,
                                    .visible_to = {rfi.requester_member, principal.member_id},
                                    .recorded_at = saved.responded_at}));
  }
  if (rfi.state == "open") {
    rfi.state = "answered";
    QCCM_TRY_STATUS(store_.UpdateRfi(rfi));
  }
  QCCM_TRY_STATUS(store_.AddNotification(
      Notification{.id = NewUuidV4(),
                   .member_id = rfi.requester_member,
                   .kind = "rfi_response",
                   .about_member = principal.member_id,
                   .observable = rfi.observable,
                   .object_ids = saved.object_ids,
                   .rfi_id = rfi.id,
                   .state = "open",
                   .message = "member " + principal.member_code + " answered: " + v,
                   .created = saved.responded_at}));
  Audit(&principal, "rfi.respond", rfi.id, "verdict=" + v);
  return saved;
}

Result<RfiView> RfiService::Close(const Principal& principal, std::string_view id) {
  QCCM_TRY(rfi, Visible(principal, id));
  if (rfi.requester_member != principal.member_id) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "only the member that asked may close a request for information");
  }
  if (IsFinal(rfi)) {
    return MakeError(ErrorCode::kConflict,
                     "request for information '" + rfi.id + "' is already " + rfi.state);
  }
  rfi.state = "closed";
  rfi.closed_at = clock_.Now();
  QCCM_TRY_STATUS(store_.UpdateRfi(rfi));
  Audit(&principal, "rfi.close", rfi.id, "state=closed");
  return ViewOf(principal, std::move(rfi));
}

Result<std::size_t> RfiService::ExpireDue() {
  const Timestamp now = clock_.Now();
  QCCM_TRY(due, store_.RfisDue(now));
  for (auto& rfi : due) {
    rfi.state = "expired";
    rfi.closed_at = now;
    QCCM_TRY_STATUS(store_.UpdateRfi(rfi));
    Audit(nullptr, "rfi.expire", rfi.id, "state=expired");
  }
  return due.size();
}

}  // namespace qccm::correlation
