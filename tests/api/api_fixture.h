// The /api/v1 test fixture: the TAXII tests' node (members ALPHA, BRAVO, CHARLIE, DELTA; users
// alice and adam (ALPHA), bob (BRAVO), carol (CHARLIE), dave (DELTA) as analysts, trent
// (trainer) and audrey (auditor) of ALPHA; collections "shared", "alpha" and "drop"; served on
// 127.0.0.1 port 0 and reached over real sockets) plus an admin "root" of ALPHA, a collection
// "pool" every member reads and writes, and "bravo" only BRAVO reads; JSON helpers for the API
// and STIX builders for clues, sightings and opinions.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "taxii/taxii_fixture.h"

namespace qccm::api_test {

using taxii_test::HttpResult;

// "<type>--6ba7b811-9dad-41d1-80b4-<n as 12 hex digits>".
std::string StixId(std::string_view type, int n);
// A valid indicator `indicator--...` (StixId) with `pattern` (JSON-escaped already).
std::string IndicatorWith(int n, std::string_view pattern, std::string_view extra = "");
// A sighting of `of`; an opinion ("agree", "disagree", ...) about `about`.
std::string SightingOf(int n, std::string_view of, std::string_view extra = "");
std::string OpinionOn(int n, std::string_view about, std::string_view opinion);
// Properties that mark an object TLP:RED, shared (QCCM sharing extension) with `members`.
std::string RedFor(const std::vector<std::string>& members);

class ApiFixture : public taxii_test::TaxiiFixture {
 protected:
  void SetUp() override;

  // One /api/v1 request as `user` (Basic; "" sends no credentials), JSON in and out.
  HttpResult Api(std::string_view method, const std::string& target, std::string_view body = {},
                 std::string_view user = "alice");
  HttpResult ApiGet(const std::string& target, std::string_view user = "alice") {
    return Api("GET", target, {}, user);
  }
  HttpResult ApiPost(const std::string& target, std::string_view body,
                     std::string_view user = "alice") {
    return Api("POST", target, body, user);
  }
  // The body of a 2xx answer with `status` as a JSON object (adds a failure otherwise).
  boost::json::object Expect(const HttpResult& result, int status);
  // Checks an error answer: `status`, application/json, and an error resource whose
  // http_status is `status` and whose title or description mentions `mention`.
  void ExpectError(const HttpResult& result, int status, std::string_view mention = "");

  // GET /api/v1/observables for `type` and `value` as `user`.
  HttpResult Lookup(std::string_view type, std::string_view value, std::string_view user);
  // POST /api/v1/match with the given JSON array of observables as `user`.
  HttpResult Match(std::string_view observables_json, std::string_view user);
  // POST /api/v1/rfis; returns the created RFI (expects 201).
  boost::json::object CreateRfi(std::string_view body, std::string_view user = "alice");
  // The user's notifications (GET /api/v1/notifications), newest first.
  boost::json::array NotificationsOf(std::string_view user, std::string_view state = "");

  static std::string Escape(std::string_view text);  // URL query escaping
};

}  // namespace qccm::api_test
