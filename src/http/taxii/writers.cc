// TAXII resource JSON. Plain appends into one reserved string: the resources are flat, and
// the envelope's bulk is stored text copied as is.
#include "http/taxii/writers.h"

#include "http/taxii/json_text.h"

namespace qccm::http::taxii {
namespace {

constexpr std::string_view kTaxiiMedia = "application/taxii+json;version=2.1";
constexpr std::string_view kStixMediaPrefix = "application/stix+json;version=";

void Key(std::string& out, std::string_view key) {
  if (out.back() != '{' && out.back() != '[') out += ',';
  out += '"';
  out += key;
  out += "\":";
}

void StringField(std::string& out, std::string_view key, std::string_view value) {
  Key(out, key);
  AppendJsonString(out, value);
}

void IntField(std::string& out, std::string_view key, std::int64_t value) {
  Key(out, key);
  out += std::to_string(value);
}

void BoolField(std::string& out, std::string_view key, bool value) {
  Key(out, key);
  out += value ? "true" : "false";
}

std::string RootUrl(const ServerInfo& info) { return "/" + info.api_root + "/"; }

// Opens {"more":..,"next":.. and the list `list_key` if the page has rows.
void PageHead(std::string& out, const store::ObjectPage& page, std::string_view next,
              std::string_view list_key) {
  out += '{';
  BoolField(out, "more", page.more);
  if (!next.empty()) StringField(out, "next", next);
  if (!page.objects.empty()) {
    Key(out, list_key);
    out += '[';
  }
}

void PageTail(std::string& out, const store::ObjectPage& page) {
  if (!page.objects.empty()) out += ']';
  out += '}';
}

void AppendStatusEntries(std::string& out, std::string_view key,
                         const std::vector<store::StatusEntry>& entries, bool with_message) {
  Key(out, key);
  out += '[';
  for (const store::StatusEntry& entry : entries) {
    if (out.back() != '[') out += ',';
    out += '{';
    StringField(out, "id", entry.id);
    StringField(out, "version", entry.version);
    if (with_message) StringField(out, "message", entry.message);
    out += '}';
  }
  out += ']';
}

}  // namespace

Timestamp TaxiiVersionOf(const store::StoredObject& object) {
  return object.modified.micros != 0 ? object.modified : object.date_added;
}

std::string DiscoveryJson(const ServerInfo& info) {
  std::string out = "{";
  StringField(out, "title", info.title);
  if (!info.description.empty()) StringField(out, "description", info.description);
  if (!info.contact.empty()) StringField(out, "contact", info.contact);
  StringField(out, "default", RootUrl(info));
  Key(out, "api_roots");
  out += '[';
  AppendJsonString(out, RootUrl(info));
  out += "]}";
  return out;
}

std::string ApiRootJson(const ServerInfo& info) {
  std::string out = "{";
  StringField(out, "title", info.title);
  if (!info.description.empty()) StringField(out, "description", info.description);
  Key(out, "versions");
  out += '[';
  AppendJsonString(out, kTaxiiMedia);
  out += ']';
  IntField(out, "max_content_length", info.max_content_length);
  out += '}';
  return out;
}

std::string CollectionJson(const sharing::CollectionGrant& grant) {
  const sharing::Collection& c = grant.collection;
  std::string out = "{";
  StringField(out, "id", c.id);
  StringField(out, "title", c.title);
  if (!c.description.empty()) StringField(out, "description", c.description);
  if (!c.alias.empty()) StringField(out, "alias", c.alias);
  BoolField(out, "can_read", grant.access.can_read);
  BoolField(out, "can_write", grant.access.can_write);
  Key(out, "media_types");
  out += "[\"application/stix+json;version=2.1\"]}";
  return out;
}

std::string CollectionsJson(std::span<const sharing::CollectionGrant> grants) {
  // TAXII 2.1 §5.1.1: with no collections the key is omitted and the resource is {}.
  if (grants.empty()) return "{}";
  std::string out = "{\"collections\":[";
  for (std::size_t i = 0; i < grants.size(); ++i) {
    if (i > 0) out += ',';
    out += CollectionJson(grants[i]);
  }
  out += "]}";
  return out;
}

std::string EnvelopeJson(const store::ObjectPage& page, std::string_view next) {
  std::size_t size = 64 + next.size();
  for (const store::StoredObject& object : page.objects) size += object.json.size() + 1;
  std::string out;
  out.reserve(size);
  PageHead(out, page, next, "objects");
  for (std::size_t i = 0; i < page.objects.size(); ++i) {
    if (i > 0) out += ',';
    out += page.objects[i].json;
  }
  PageTail(out, page);
  return out;
}

std::string ManifestJson(const store::ObjectPage& page, std::string_view next) {
  std::string out;
  out.reserve(64 + next.size() + page.objects.size() * 200);
  PageHead(out, page, next, "objects");
  for (const store::StoredObject& object : page.objects) {
    if (out.back() != '[') out += ',';
    out += '{';
    StringField(out, "id", object.id);
    StringField(out, "date_added", DateAddedText(object.date_added));
    StringField(out, "version", VersionText(TaxiiVersionOf(object)));
    StringField(out, "media_type", std::string(kStixMediaPrefix) + object.spec_version);
    out += '}';
  }
  PageTail(out, page);
  return out;
}

std::string VersionsJson(const store::ObjectPage& page, std::string_view next) {
  std::string out;
  out.reserve(64 + next.size() + page.objects.size() * 30);
  PageHead(out, page, next, "versions");
  for (const store::StoredObject& object : page.objects) {
    if (out.back() != '[') out += ',';
    AppendJsonString(out, VersionText(TaxiiVersionOf(object)));
  }
  PageTail(out, page);
  return out;
}

std::string StatusJson(const store::StatusRecord& status) {
  std::string out;
  out.reserve(256 + (status.successes.size() + status.failures.size()) * 100);
  out += '{';
  StringField(out, "id", status.id);
  StringField(out, "status", status.complete ? "complete" : "pending");
  StringField(out, "request_timestamp", DateAddedText(status.request_time));
  IntField(out, "total_count", status.total_count());
  IntField(out, "success_count", static_cast<std::int64_t>(status.successes.size()));
  AppendStatusEntries(out, "successes", status.successes, false);
  IntField(out, "failure_count", static_cast<std::int64_t>(status.failures.size()));
  AppendStatusEntries(out, "failures", status.failures, true);
  IntField(out, "pending_count", static_cast<std::int64_t>(status.pendings.size()));
  AppendStatusEntries(out, "pendings", status.pendings, false);
  out += '}';
  return out;
}

}  // namespace qccm::http::taxii
