// The /api/v1 handlers: authenticate, parse, call the service, render. Request bodies are JSON
// objects (Boost.JSON, error_code API); attached STIX objects are re-serialised one by one and
// go through the normal ingest path.
#include "http/routes/correlation_routes.h"

#include <boost/json.hpp>
#include <charconv>

#include "http/routes/correlation_json.h"
#include "http/taxii/error_mapping.h"

namespace qccm::http::routes {
namespace {

namespace json = boost::json;
using correlation::ClueService;
using sharing::Principal;

using Endpoint = std::function<Result<json::value>(Request&, const Principal&)>;

constexpr std::int64_t kNoBody = 0;
constexpr std::int64_t kSmallBody = 1 << 20;
constexpr std::int64_t kLargeBody = 16 << 20;

Response Render(Request& request, const Result<json::value>& result, int ok_status) {
  if (!result) {
    Response error = taxii::ErrorResponse(request, result.error());
    error.headers.Set("Content-Type", kJsonType);
    return error;
  }
  return Response::Json(ok_status, json::serialize(*result));
}

Handler Wrap(auth::Authenticator& authenticator, Endpoint endpoint, int ok_status = 200) {
  return [&authenticator, endpoint = std::move(endpoint), ok_status](Request& request) {
    auto principal = authenticator.Authenticate(request);
    if (!principal) return Render(request, std::unexpected(principal.error()), ok_status);
    request.user = principal->user_name;
    request.audit.member = principal->member_code;
    return Render(request, endpoint(request, *principal), ok_status);
  };
}

Result<json::object> Body(const Request& request) {
  boost::system::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    return MakeError(ErrorCode::kInvalidInput, "the request body must be a JSON object");
  }
  return std::move(value.get_object());
}

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

Result<std::size_t> Limit(const Request& request, std::size_t fallback) {
  auto text = request.QueryParam("limit");
  if (!text) return fallback;
  std::size_t limit = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || p != text->data() + text->size() || limit == 0 || limit > 1000) {
    return MakeError(ErrorCode::kInvalidArgument, "limit must be an integer 1-1000");
  }
  return limit;
}

// STIX objects attached to a body ("objects": [...]), serialised into `texts`.
Result<std::vector<stix::RawObject>> Attached(const json::object& body,
                                              std::vector<std::string>& texts) {
  std::vector<stix::RawObject> raw;
  const json::value* objects = body.if_contains("objects");
  if (objects == nullptr) return raw;
  if (!objects->is_array()) return MakeError(ErrorCode::kInvalidInput, "objects must be an array");
  for (const auto& o : objects->get_array()) texts.push_back(json::serialize(o));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    raw.push_back(stix::RawObject{.json = texts[i], .index = i, .line = 0});
  }
  return raw;
}

MemberCodes CodesOf(ClueService& clues) {
  return [&clues](std::int64_t id) {
    auto code = clues.MemberCode(id);
    return code ? *code : std::string();
  };
}

}  // namespace

void RegisterCorrelationRoutes(Router& router, const CorrelationServices& s) {
  auth::Authenticator& auth = s.authenticator;

  router.Add(Method::kGet, "/api/v1/observables",
             Wrap(auth,
                  [&clues = s.clues](Request& r, const Principal& p) -> Result<json::value> {
                    QCCM_TRY(answer, clues.Lookup(p, r.QueryParam("type").value_or(""),
                                                  r.QueryParam("value").value_or("")));
                    return AnswerJson(answer);
                  }),
             {.name = "api.observables", .max_body_bytes = kNoBody, .audit = AuditAs("read")});

  router.Add(Method::kPost, "/api/v1/match",
             Wrap(auth,
                  [&clues = s.clues](Request& r, const Principal& p) -> Result<json::value> {
                    QCCM_TRY(body, Body(r));
                    std::vector<correlation::MatchQuery> queries;
                    const json::value* list = body.if_contains("observables");
                    if (list == nullptr || !list->is_array()) {
                      return MakeError(ErrorCode::kInvalidInput, "observables must be an array");
                    }
                    for (const auto& item : list->get_array()) {
                      if (item.is_string()) {
                        queries.push_back({"", std::string(item.get_string())});
                      } else if (item.is_object()) {
                        queries.push_back(
                            {Str(item.get_object(), "type"), Str(item.get_object(), "value")});
                      } else {
                        return MakeError(ErrorCode::kInvalidInput,
                                         "an observable is a string or {type, value}");
                      }
                    }
                    QCCM_TRY(answers, clues.Match(p, queries));
                    return MatchJson(answers);
                  }),
             {.name = "api.match", .max_body_bytes = kLargeBody, .audit = AuditAs("read")});

  router.Add(Method::kGet, "/api/v1/clues/{id}",
             Wrap(auth,
                  [&clues = s.clues](Request& r, const Principal& p) -> Result<json::value> {
                    QCCM_TRY(view, clues.Clue(p, r.PathParam("id")));
                    return ClueJson(view);
                  }),
             {.name = "api.clue", .max_body_bytes = kNoBody, .audit = AuditAs("read")});

  router.Add(Method::kPost, "/api/v1/clues/{id}/assessments",
             Wrap(
                 auth,
                 [&clues = s.clues](Request& r, const Principal& p) -> Result<json::value> {
                   QCCM_TRY(body, Body(r));
                   QCCM_TRY(a, clues.AssertGrade(p, r.PathParam("id"), Str(body, "scale"),
                                                 Str(body, "value"), Str(body, "reliability"),
                                                 Str(body, "note")));
                   return AssertionJson(a, p.member_code);
                 },
                 201),
             {.name = "api.clue.assess", .max_body_bytes = kSmallBody, .audit = AuditAs("write")});

  router.Add(
      Method::kPut, "/api/v1/reliability/{member}",
      Wrap(auth,
           [&clues = s.clues](Request& r, const Principal& p) -> Result<json::value> {
             QCCM_TRY(body, Body(r));
             QCCM_TRY_STATUS(
                 clues.SetReliability(p, r.PathParam("member"), Str(body, "reliability")));
             return json::object{{"member", r.PathParam("member")},
                                 {"reliability", Str(body, "reliability")}};
           }),
      {.name = "api.reliability.set", .max_body_bytes = kSmallBody, .audit = AuditAs("write")});

  router.Add(
      Method::kGet, "/api/v1/reliability",
      Wrap(auth,
           [&clues = s.clues](Request&, const Principal& p) -> Result<json::value> {
             QCCM_TRY(ratings, clues.Ratings(p));
             json::array out;
             auto codes = CodesOf(clues);
             for (const auto& rating : ratings) {
               out.push_back(json::object{{"member", codes(rating.rated_member)},
                                          {"reliability", std::string(1, rating.reliability)},
                                          {"rated_at", FormatTimestamp(rating.rated_at)}});
             }
             return json::object{{"ratings", std::move(out)}};
           }),
      {.name = "api.reliability.list", .max_body_bytes = kNoBody, .audit = AuditAs("read")});

  router.Add(Method::kGet, "/api/v1/members/{code}/track-record",
             Wrap(auth,
                  [&clues = s.clues](Request& r, const Principal& p) -> Result<json::value> {
                    QCCM_TRY(record, clues.TrackRecordOf(p, r.PathParam("code")));
                    return TrackRecordJson(record);
                  }),
             {.name = "api.track_record", .max_body_bytes = kNoBody, .audit = AuditAs("read")});

  router.Add(Method::kGet, "/api/v1/notifications",
             Wrap(auth,
                  [&clues = s.clues](Request& r, const Principal& p) -> Result<json::value> {
                    QCCM_TRY(limit, Limit(r, 100));
                    QCCM_TRY(list,
                             clues.Notifications(p, r.QueryParam("state").value_or(""), limit));
                    json::array out;
                    auto codes = CodesOf(clues);
                    for (const auto& n : list) out.push_back(NotificationJson(n, codes));
                    return json::object{{"notifications", std::move(out)}};
                  }),
             {.name = "api.notifications", .max_body_bytes = kNoBody, .audit = AuditAs("read")});

  router.Add(
      Method::kPost, "/api/v1/notifications/{id}/answer",
      Wrap(auth,
           [&clues = s.clues](Request& r, const Principal& p) -> Result<json::value> {
             QCCM_TRY(body, Body(r));
             std::vector<std::string> texts;
             QCCM_TRY(objects, Attached(body, texts));
             std::optional<correlation::ShareRequest> share;
             if (!objects.empty())
               share = correlation::ShareRequest{Str(body, "collection"), objects};
             QCCM_TRY(n, clues.Answer(p, r.PathParam("id"), Str(body, "decision"),
                                      Str(body, "note"), share));
             return NotificationJson(n, CodesOf(clues));
           }),
      {.name = "api.notification.answer", .max_body_bytes = kLargeBody, .audit = AuditAs("write")});

  router.Add(Method::kPost, "/api/v1/rfis",
             Wrap(
                 auth,
                 [&rfis = s.rfis](Request& r, const Principal& p) -> Result<json::value> {
                   QCCM_TRY(body, Body(r));
                   correlation::NewRfi request{.clue_id = Str(body, "clue_id"),
                                               .question = Str(body, "question"),
                                               .priority = Str(body, "priority")};
                   if (request.priority.empty()) request.priority = "medium";
                   if (const auto* o = body.if_contains("observable"); o && o->is_object()) {
                     request.observable_type = Str(o->get_object(), "type");
                     request.observable_value = Str(o->get_object(), "value");
                   }
                   QCCM_TRY(due, ParseTimestamp(Str(body, "due")));
                   request.due = due;
                   if (const auto* to = body.if_contains("to"); to && to->is_array()) {
                     for (const auto& m : to->get_array()) {
                       if (m.is_string()) request.to.emplace_back(m.get_string());
                     }
                   }
                   QCCM_TRY(view, rfis.Create(p, request));
                   return RfiJson(view);
                 },
                 201),
             {.name = "api.rfis.create", .max_body_bytes = kSmallBody, .audit = AuditAs("write")});

  router.Add(Method::kGet, "/api/v1/rfis",
             Wrap(auth,
                  [&rfis = s.rfis](Request& r, const Principal& p) -> Result<json::value> {
                    QCCM_TRY(limit, Limit(r, 100));
                    QCCM_TRY(list, rfis.List(p, limit));
                    json::array out;
                    for (const auto& v : list) out.push_back(RfiJson(v));
                    return json::object{{"rfis", std::move(out)}};
                  }),
             {.name = "api.rfis.list", .max_body_bytes = kNoBody, .audit = AuditAs("read")});

  router.Add(Method::kGet, "/api/v1/rfis/{id}",
             Wrap(auth,
                  [&rfis = s.rfis](Request& r, const Principal& p) -> Result<json::value> {
                    QCCM_TRY(view, rfis.Get(p, r.PathParam("id")));
                    return RfiJson(view);
                  }),
             {.name = "api.rfi", .max_body_bytes = kNoBody, .audit = AuditAs("read")});

  router.Add(
      Method::kPost, "/api/v1/rfis/{id}/responses",
      Wrap(
          auth,
          [&rfis = s.rfis](Request& r, const Principal& p) -> Result<json::value> {
            QCCM_TRY(body, Body(r));
            std::vector<std::string> texts;
            QCCM_TRY(objects, Attached(body, texts));
            QCCM_TRY(saved, rfis.Respond(p, r.PathParam("id"),
                                         {.verdict = Str(body, "verdict"),
                                          .text = Str(body, "text"),
                                          .collection = Str(body, "collection"),
                                          .objects = objects}));
            return RfiResponseJson(saved, p.member_code);
          },
          201),
      {.name = "api.rfi.respond", .max_body_bytes = kLargeBody, .audit = AuditAs("rfi_answer")});

  router.Add(Method::kPost, "/api/v1/rfis/{id}/close",
             Wrap(auth,
                  [&rfis = s.rfis](Request& r, const Principal& p) -> Result<json::value> {
                    // The body is optional, but a body that is there must be a JSON object.
                    if (!r.body.empty()) QCCM_TRY_STATUS(Body(r));
                    QCCM_TRY(view, rfis.Close(p, r.PathParam("id")));
                    return RfiJson(view);
                  }),
             {.name = "api.rfi.close", .max_body_bytes = kSmallBody, .audit = AuditAs("write")});

  router.Add(Method::kGet, "/api/v1/correlation/stats",
             Wrap(auth,
                  [&clues = s.clues](Request&, const Principal& p) -> Result<json::value> {
                    if (!sharing::MayAdministerNode(p)) {
                      return MakeError(ErrorCode::kPermissionDenied,
                                       "node statistics need the admin role");
                    }
                    correlation::IndexStats st = clues.Stats();
                    return json::object{{"values", st.values},
                                        {"postings", st.postings},
                                        {"objects", st.objects},
                                        {"classes", st.classes},
                                        {"excluded_skipped", st.excluded_skipped},
                                        {"saturated_pairs", st.saturated_pairs},
                                        {"memory_bytes", st.memory_bytes},
                                        {"bytes_per_value", st.bytes_per_value()}};
                  }),
             {.name = "api.correlation.stats",
              .max_body_bytes = kNoBody,
              .audit = AuditExempt("aggregate index statistics for admins, no intelligence")});
}

}  // namespace qccm::http::routes
