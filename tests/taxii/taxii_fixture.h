// A fresh node per test, served on 127.0.0.1 (port 0) in process and reached over real
// sockets: four members, users of each role, three collections shared in different ways, and
// helpers to build indicators and talk TAXII.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/wiring.h"
#include "qccm/core/time.h"
#include "taxii/http_client.h"

namespace qccm::taxii_test {

inline constexpr std::string_view kPassword = "correct horse battery";
inline constexpr std::string_view kTaxii = "application/taxii+json;version=2.1";

// One STIX indicator, valid unless the caller breaks it.
struct IndicatorSpec {
  int n = 0;  // picks the id: indicator--<uuid derived from n>
  std::string modified = "2024-01-01T00:00:00.000Z";
  std::string created = "2024-01-01T00:00:00.000Z";
  std::string extra;  // more properties, starting with ','
};
std::string IndicatorId(int n);
std::string Indicator(const IndicatorSpec& spec);
// {"objects":[...]}.
std::string Envelope(const std::vector<std::string>& objects);

class TaxiiFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Opens the node on dir_ and serves it (again, after StopNode: a restart).
  void StartNode();
  void StopNode();

  HttpResult Get(const std::string& target, std::string_view user = "alice", Headers extra = {});
  HttpResult Post(const std::string& target, std::string_view body, std::string_view user = "alice",
                  Headers extra = {});
  HttpResult Delete(const std::string& target, std::string_view user = "alice");

  // "/qccm/collections/<id>/" for a collection created in SetUp ("shared", "alpha", "drop").
  std::string CollectionPath(const std::string& name) const;
  std::string ObjectsPath(const std::string& name) const {
    return CollectionPath(name) + "objects/";
  }
  // POSTs `objects` as an envelope and expects 202; returns the status resource.
  boost::json::object AddObjects(const std::string& collection,
                                 const std::vector<std::string>& objects,
                                 std::string_view user = "alice");
  // Ids of the objects in an envelope body, in order.
  static std::vector<std::string> IdsOf(const HttpResult& result);
  static boost::json::object JsonObject(const HttpResult& result);

  // Applied to the node's options before each StartNode (TLS, certificate mappings...).
  std::function<void(app::NodeOptions&)> customize_;
  FakeClock clock_{ParseTimestamp("2024-06-01T00:00:00Z").value()};
  std::filesystem::path dir_;
  std::int64_t max_body_bytes_ = 1 << 20;
  std::unique_ptr<app::Node> node_;
  std::unique_ptr<HttpClient> client_;
  std::map<std::string, std::string> collections_;  // name -> id
  std::string alice_token_;
};

}  // namespace qccm::taxii_test
