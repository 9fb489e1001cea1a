// The JSON bodies of TAXII 2.1 resources: discovery (§4.1.1), API root (§4.2.1), status
// (§4.3.1), collections (§5.1.1), collection (§5.2.1), envelope (§3.7), manifest (§5.6.1) and
// versions (§5.8.1). Stored objects are copied into envelopes as their original JSON text,
// never re-serialised.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "qccm/sharing/object_service.h"
#include "qccm/store/object_store.h"

namespace qccm::http::taxii {

// What the discovery and API root resources say about this server.
struct ServerInfo {
  std::string title;
  std::string description;
  std::string contact;
  std::string api_root;  // the path segment, e.g. "qccm"
  std::int64_t max_content_length = 0;
};

std::string DiscoveryJson(const ServerInfo& info);
std::string ApiRootJson(const ServerInfo& info);
std::string CollectionJson(const sharing::CollectionGrant& grant);
std::string CollectionsJson(std::span<const sharing::CollectionGrant> grants);

// {"more":..,"next":..,"objects":[...]}; "next" only when `next` is non-empty and "objects"
// only when the page has some (TAXII: the list holds one or more).
std::string EnvelopeJson(const store::ObjectPage& page, std::string_view next);
// The same with manifest records {id, date_added, version, media_type}.
std::string ManifestJson(const store::ObjectPage& page, std::string_view next);
// {"more":..,"next":..,"versions":[...]} with the page's versions.
std::string VersionsJson(const store::ObjectPage& page, std::string_view next);
// The status resource; every entry with id and version, failures also with message.
std::string StatusJson(const store::StatusRecord& status);

// The TAXII version of a stored object: its modified, or date_added when it had no created or
// modified (stored as 0).
Timestamp TaxiiVersionOf(const store::StoredObject& object);

}  // namespace qccm::http::taxii
