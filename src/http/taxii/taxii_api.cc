// The TAXII endpoints. Handlers stay thin: parse, ask a service, write a resource.
#include "http/taxii/taxii_api.h"

#include "http/taxii/error_mapping.h"
#include "http/taxii/json_text.h"
#include "http/taxii/negotiation.h"
#include "qccm/core/stix_id.h"
#include "qccm/stix/reader.h"

namespace qccm::http::taxii {
namespace {

using sharing::Principal;

Response TaxiiJson(int status, std::string body) {
  return Response::Json(status, std::move(body), kTaxiiType);
}

// The {object} path parameter, checked to be a STIX identifier (400 otherwise).
Result<std::string> ObjectIdOf(const Request& request) {
  std::string_view id = request.PathParam("object");
  if (auto parsed = ParseStixId(id); !parsed) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "the object id in the path is not a STIX identifier: " + parsed.error().message);
  }
  return std::string(id);
}

// TAXII 2.1 §3.4.1 headers: the date_added of the first and last object of the page.
void AddDateAddedHeaders(Response& response, const store::ObjectPage& page) {
  if (page.objects.empty()) return;
  response.headers.Set("X-TAXII-Date-Added-First", DateAddedText(page.objects.front().date_added));
  response.headers.Set("X-TAXII-Date-Added-Last", DateAddedText(page.objects.back().date_added));
}

}  // namespace

TaxiiApi::TaxiiApi(TaxiiOptions options, TaxiiServices services)
    : options_(std::move(options)),
      services_(services),
      ingested_(services.metrics.AddCounter(
          "qccm_taxii_objects_ingested_total",
          "Objects received by TAXII add-objects requests, by outcome (added: a new version "
          "stored; unchanged: already stored; rejected: invalid or conflicting)",
          {"outcome"})) {}

Handler TaxiiApi::Handle(EndpointMethod endpoint) {
  return [this, endpoint](Request& request) -> Response {
    if (auto accepted = CheckAccept(request); !accepted) {
      return ErrorResponse(request, accepted.error(), ErrorContext::kAcceptHeader);
    }
    auto principal = services_.authenticator.Authenticate(request);
    if (!principal) return ErrorResponse(request, principal.error());
    request.user = principal->user_name;
    request.audit.member = principal->member_code;
    auto response = (this->*endpoint)(request, *principal);
    if (!response) return ErrorResponse(request, response.error());
    return std::move(*response);
  };
}

Result<Response> TaxiiApi::Discovery(Request& request, const Principal&) {
  QCCM_TRY(filters, ParseFilters(request.query, Endpoint::kNoParameters, options_.limits));
  return TaxiiJson(200, DiscoveryJson(options_.info));
}

Result<Response> TaxiiApi::ApiRoot(Request& request, const Principal&) {
  QCCM_TRY(filters, ParseFilters(request.query, Endpoint::kNoParameters, options_.limits));
  return TaxiiJson(200, ApiRootJson(options_.info));
}

Result<Response> TaxiiApi::Status(Request& request, const Principal& principal) {
  QCCM_TRY(filters, ParseFilters(request.query, Endpoint::kNoParameters, options_.limits));
  std::string_view id = request.PathParam("status");
  if (!IsValidUuid(id)) {
    return MakeError(ErrorCode::kInvalidArgument, "the status id in the path is not a UUID");
  }
  QCCM_TRY(status, services_.objects.GetStatus(principal, id));
  return TaxiiJson(200, StatusJson(status));
}

Result<Response> TaxiiApi::Collections(Request& request, const Principal& principal) {
  QCCM_TRY(filters, ParseFilters(request.query, Endpoint::kNoParameters, options_.limits));
  QCCM_TRY(grants, services_.objects.Collections(principal));
  return TaxiiJson(200, CollectionsJson(grants));
}

Result<Response> TaxiiApi::Collection(Request& request, const Principal& principal) {
  QCCM_TRY(filters, ParseFilters(request.query, Endpoint::kNoParameters, options_.limits));
  QCCM_TRY(grant, services_.objects.Authorize(principal, request.PathParam("collection"),
                                              sharing::Need::kSee));
  return TaxiiJson(200, CollectionJson(grant));
}

Result<Response> TaxiiApi::GetObjects(Request& request, const Principal& principal) {
  return Page(request, principal, PageKind::kObjects);
}

Result<Response> TaxiiApi::Manifest(Request& request, const Principal& principal) {
  return Page(request, principal, PageKind::kManifest);
}

Result<Response> TaxiiApi::GetObject(Request& request, const Principal& principal) {
  return Page(request, principal, PageKind::kObject);
}

Result<Response> TaxiiApi::Versions(Request& request, const Principal& principal) {
  return Page(request, principal, PageKind::kVersions);
}

Result<Response> TaxiiApi::AddObjects(Request& request, const Principal& principal) {
  QCCM_TRY(filters, ParseFilters(request.query, Endpoint::kNoParameters, options_.limits));
  if (auto type = CheckContentType(request); !type) {
    return ErrorResponse(request, type.error(), ErrorContext::kContentType);
  }
  QCCM_TRY(grant, services_.objects.Authorize(principal, request.PathParam("collection"),
                                              sharing::Need::kWrite));
  auto document = stix::ParseInput("request body", std::move(request.body));
  if (!document) return ErrorResponse(request, document.error(), ErrorContext::kRequestBody);
  if (document->format() != stix::InputFormat::kEnvelope) {
    Error error{ErrorCode::kUnsupported,
                "the request body must be a TAXII envelope {\"objects\": [...]}, not a " +
                    std::string(stix::InputFormatName(document->format()))};
    return ErrorResponse(request, error, ErrorContext::kRequestBody);
  }
  const std::string status_id = NewUuidV4();
  QCCM_TRY(report, services_.ingest.Ingest(
                       principal, grant.collection.id, document->objects(),
                       {.write_status = true, .status_id = status_id, .input_padded = true}));
  ingested_.With({"added"}).Increment(static_cast<double>(report.added));
  ingested_.With({"unchanged"}).Increment(static_cast<double>(report.unchanged));
  ingested_.With({"rejected"}).Increment(static_cast<double>(report.rejected.size()));
  // The status as persisted with the objects (same transaction, committed before Ingest
  // returned): 202 says they are durable. It is not read back from the store.
  const store::StatusRecord& status = report.status;
  // The audit record names every posted object (stored, unchanged or refused).
  request.audit.owners.push_back(principal.member_code);
  request.audit.object_ids.reserve(report.received);
  for (const auto* entries : {&status.successes, &status.failures, &status.pendings}) {
    for (const store::StatusEntry& entry : *entries) request.audit.object_ids.push_back(entry.id);
  }
  return TaxiiJson(202, StatusJson(status));
}

Result<Response> TaxiiApi::DeleteObject(Request& request, const Principal& principal) {
  QCCM_TRY(filters, ParseFilters(request.query, Endpoint::kDeleteObject, options_.limits));
  QCCM_TRY(id, ObjectIdOf(request));
  QCCM_TRY(removed, services_.objects.DeleteObject(principal, request.PathParam("collection"), id,
                                                   filters.versions, filters.spec_versions));
  (void)removed;
  request.audit.owners.push_back(principal.member_code);  // only the author member may delete
  return Response::Empty(200);
}

Result<Response> TaxiiApi::Page(Request& request, const Principal& principal, PageKind kind) {
  static constexpr Endpoint kEndpoints[] = {Endpoint::kObjects, Endpoint::kManifest,
                                            Endpoint::kObject, Endpoint::kVersions};
  static constexpr std::string_view kNames[] = {"objects", "manifest", "object", "versions"};
  const auto index = static_cast<std::size_t>(kind);
  QCCM_TRY(filters, ParseFilters(request.query, kEndpoints[index], options_.limits));
  const bool one_object = kind == PageKind::kObject || kind == PageKind::kVersions;
  std::string object_id;
  if (one_object) {
    QCCM_TRY(id, ObjectIdOf(request));
    object_id = std::move(id);
  }
  const std::string_view collection = request.PathParam("collection");
  // The next token is bound to everything that selects rows, and to the member.
  const std::string binding = std::string(kNames[index]) + '\n' + std::string(collection) + '\n' +
                              object_id + '\n' + std::to_string(principal.member_id) + '\n' +
                              filters.Canonical();
  store::ObjectQuery query{.ids = one_object ? std::vector<std::string>{object_id} : filters.ids,
                           .types = filters.types,
                           .spec_versions = filters.spec_versions,
                           .versions = filters.versions,
                           .added_after = filters.added_after,
                           .limit = filters.limit,
                           .with_json = kind == PageKind::kObjects || kind == PageKind::kObject};
  if (kind == PageKind::kVersions) query.versions = store::VersionFilter{.all = true};
  if (!filters.next.empty()) {
    QCCM_TRY(cursor, services_.next_tokens.Open(filters.next, binding));
    query.after = cursor;
  }
  QCCM_TRY(page, services_.objects.ListObjects(principal, collection, query));
  if (one_object && page.objects.empty() && !query.after) {
    return MakeError(ErrorCode::kNotFound, "no object '" + object_id +
                                               "' matching the request in collection '" +
                                               std::string(collection) + "'");
  }
  // The audit record names what the page returned and whose contributions those were.
  request.audit.object_ids.reserve(page.objects.size());
  request.audit.owner_ids.reserve(page.objects.size());
  for (const store::StoredObject& object : page.objects) {
    request.audit.object_ids.push_back(object.id);
    request.audit.owner_ids.push_back(object.author_member);
  }
  const std::string next =
      page.more && page.next ? services_.next_tokens.Issue(binding, *page.next) : "";
  std::string body = kind == PageKind::kManifest   ? ManifestJson(page, next)
                     : kind == PageKind::kVersions ? VersionsJson(page, next)
                                                   : EnvelopeJson(page, next);
  Response response = TaxiiJson(200, std::move(body));
  AddDateAddedHeaders(response, page);
  return response;
}

}  // namespace qccm::http::taxii
