// The /api/v1/audit handlers: authenticate, parse the filters, ask oversight/audit_access.h,
// render the canonical records (they are JSON objects already) or a head or proof.
#include "http/routes/audit_routes.h"

#include <charconv>

#include "http/taxii/error_mapping.h"
#include "qccm/oversight/audit_access.h"
#include "qccm/oversight/proof_json.h"

namespace qccm::http::routes {
namespace {

using oversight::AuditLog;
using sharing::Principal;

using Endpoint = std::function<Result<std::string>(Request&, AuditLog&, const Principal&)>;

constexpr std::int64_t kNoBody = 0;

Handler Wrap(const AuditServices& s, Endpoint endpoint) {
  return [log = s.log, &auth = s.authenticator, endpoint = std::move(endpoint)](Request& request) {
    auto body = [&]() -> Result<std::string> {
      QCCM_TRY(principal, auth.Authenticate(request));
      request.user = principal.user_name;
      request.audit.member = principal.member_code;
      if (log == nullptr) {
        return MakeError(ErrorCode::kUnavailable, "this node runs without an audit log");
      }
      return endpoint(request, *log, principal);
    }();
    if (!body) {
      Response error = taxii::ErrorResponse(request, body.error());
      error.headers.Set("Content-Type", kJsonType);
      return error;
    }
    return Response::Json(200, std::move(*body));
  };
}

Result<std::optional<std::uint64_t>> Unsigned(const Request& request, std::string_view name) {
  auto text = request.QueryParam(name);
  if (!text) return std::optional<std::uint64_t>();
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(name) + " must be a non-negative integer");
  }
  return std::optional<std::uint64_t>(value);
}

Result<std::optional<Timestamp>> Time(const Request& request, std::string_view name) {
  auto text = request.QueryParam(name);
  if (!text) return std::optional<Timestamp>();
  auto parsed = ParseTimestamp(*text);
  if (!parsed) {
    return MakeError(ErrorCode::kInvalidArgument, "malformed time range: " + std::string(name) +
                                                      " is not an RFC 3339 timestamp (" +
                                                      parsed.error().message + ")");
  }
  return std::optional<Timestamp>(*parsed);
}

// The filters every audit route shares: user, member, action, collection, object, owner,
// since (inclusive), until (exclusive).
Result<oversight::AuditFilter> Filter(const Request& request) {
  oversight::AuditFilter filter;
  filter.user = request.QueryParam("user").value_or("");
  filter.member = request.QueryParam("member").value_or("");
  filter.collection = request.QueryParam("collection").value_or("");
  filter.object_id = request.QueryParam("object").value_or("");
  filter.owner = request.QueryParam("owner").value_or("");
  if (auto action = request.QueryParam("action")) {
    filter.action = oversight::ParseAction(*action);
    if (!filter.action) {
      return MakeError(ErrorCode::kInvalidArgument, "unknown action '" + std::string(*action) +
                                                        "' (" + oversight::ActionNameList() + ")");
    }
  }
  QCCM_TRY(since, Time(request, "since"));
  QCCM_TRY(until, Time(request, "until"));
  if (since && until && !(*since < *until)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "malformed time range: since must be before until");
  }
  filter.since = since;
  filter.until = until;
  return filter;
}

Result<oversight::AuditQuery> Query(const Request& request) {
  oversight::AuditQuery query;
  QCCM_TRY(filter, Filter(request));
  query.filter = std::move(filter);
  QCCM_TRY(after, Unsigned(request, "after"));
  query.after = after;
  QCCM_TRY(limit, Unsigned(request, "limit"));
  if (limit) query.limit = static_cast<std::size_t>(*limit);
  QCCM_TRY_STATUS(oversight::ValidateQuery(query));
  return query;
}

// {"records":[<canonical record>,...],"next":"<seq>"}: each record exactly as hashed.
std::string RecordsJson(std::span<const oversight::AuditRecord> records,
                        std::optional<std::uint64_t> next) {
  std::string out = "{\"records\":[";
  std::string line;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out += ',';
    oversight::EncodeRecordTo(records[i], line);
    out += line;
  }
  out += ']';
  if (next) out += ",\"next\":\"" + std::to_string(*next) + "\"";
  out += '}';
  return out;
}

Status MustAudit(const Principal& principal) {
  if (oversight::MayReadAuditLog(principal)) return Ok();
  return MakeError(ErrorCode::kPermissionDenied, "the audit log is read by the auditor role only");
}

Result<std::string> Records(Request& request, AuditLog& log, const Principal& principal) {
  QCCM_TRY(query, Query(request));
  QCCM_TRY(page, oversight::QueryAs(log, principal, query));
  return RecordsJson(page.records, page.next);
}

Result<std::string> Sample(Request& request, AuditLog& log, const Principal& principal) {
  QCCM_TRY_STATUS(MustAudit(principal));
  oversight::SampleRequest sample;
  sample.seed = request.QueryParam("seed").value_or("");
  if (sample.seed.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "seed is required (any text; same seed, "
                     "same sample)");
  }
  QCCM_TRY(count, Unsigned(request, "count"));
  if (count) sample.count = static_cast<std::size_t>(*count);
  QCCM_TRY(tree_size, Unsigned(request, "tree_size"));
  sample.tree_size = tree_size;
  if (!tree_size) {
    // A young log may have no signed head yet: sample below a head signed now.
    QCCM_TRY(latest, log.LatestHead());
    if (!latest) QCCM_TRY_STATUS(log.SignTreeHead());
  }
  QCCM_TRY(filter, Filter(request));
  sample.filter = std::move(filter);
  QCCM_TRY(records, oversight::SampleAs(log, principal, sample));
  return RecordsJson(records, std::nullopt);
}

// The latest signed head, after signing one over the records appended since (an auditor asks
// for the current state, not for the last timer tick's).
Result<std::string> Head(Request&, AuditLog& log, const Principal& principal) {
  QCCM_TRY_STATUS(MustAudit(principal));
  QCCM_TRY(head, log.SignTreeHead());
  return oversight::TreeHeadToJson(head);
}

Result<std::string> Proof(Request& request, AuditLog& log, const Principal& principal) {
  QCCM_TRY_STATUS(MustAudit(principal));
  std::string_view seq_text = request.PathParam("seq");
  std::uint64_t seq = 0;
  auto [end, ec] = std::from_chars(seq_text.data(), seq_text.data() + seq_text.size(), seq);
  if (ec != std::errc() || end != seq_text.data() + seq_text.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "the record number must be an integer");
  }
  QCCM_TRY(tree_size, Unsigned(request, "tree_size"));
  if (!tree_size && seq < log.size()) {
    // The latest head may not cover the record yet.
    QCCM_TRY(latest, log.LatestHead());
    if (!latest || latest->head.tree_size <= seq) QCCM_TRY_STATUS(log.SignTreeHead());
  }
  QCCM_TRY(proof, log.ProveInclusion(seq, tree_size));
  return oversight::InclusionProofToJson(proof);
}

Result<std::string> MyData(Request& request, AuditLog& log, const Principal& principal) {
  QCCM_TRY(query, Query(request));
  QCCM_TRY(page, oversight::WhoReadMyDataAs(log, principal, query));
  return RecordsJson(page.records, page.next);
}

}  // namespace

void RegisterAuditRoutes(Router& router, const AuditServices& s) {
  const auto options = [](std::string name) {
    return RouteOptions{
        .name = std::move(name), .max_body_bytes = kNoBody, .audit = AuditAs("audit_read")};
  };
  router.Add(Method::kGet, "/api/v1/audit/records", Wrap(s, Records), options("api.audit.records"));
  router.Add(Method::kGet, "/api/v1/audit/sample", Wrap(s, Sample), options("api.audit.sample"));
  router.Add(Method::kGet, "/api/v1/audit/head", Wrap(s, Head), options("api.audit.head"));
  router.Add(Method::kGet, "/api/v1/audit/records/{seq}/proof", Wrap(s, Proof),
             options("api.audit.proof"));
  router.Add(Method::kGet, "/api/v1/audit/my-data", Wrap(s, MyData), options("api.audit.my_data"));
}

}  // namespace qccm::http::routes
