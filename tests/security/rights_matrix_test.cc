// The rights matrix over the node's own router, and proofs that the matrix catches a route
// added without expectations or without a rights check.
#include "security/rights_matrix.h"

#include <gtest/gtest.h>

#include <iostream>

namespace qccm::security_test {
namespace {

std::string Join(const std::vector<std::string>& lines, std::size_t max = 40) {
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < max; ++i) out += lines[i] + "\n";
  if (lines.size() > max) out += "... and " + std::to_string(lines.size() - max) + " more\n";
  return out;
}

TEST(RightsMatrix, EveryRouteAnswersEveryCallerAsTheRightsTableSays) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  MatrixResult result = RunRightsMatrix(world->router(), *world, NodeExpectations());
  EXPECT_TRUE(result.failures.empty()) << Join(result.failures);
  std::cout << "rights matrix: " << world->router().Routes().size() << " routes, " << result.cells
            << " cells checked\n";
  RecordProperty("cells", std::to_string(result.cells));
  EXPECT_GT(result.cells, 10000u);
}

TEST(RightsMatrix, RouteWithoutExpectationsFailsWithInstructions) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  http::Router router = world->router();
  router.Add(http::Method::kGet, "/api/v1/new-thing/",
             [](http::Request&) { return http::Response::Json(200, "{}"); },
             {.name = "api.new_thing"});
  MatrixResult result = RunRightsMatrix(router, *world, NodeExpectations());
  ASSERT_EQ(result.failures.size(), 1u) << Join(result.failures);
  EXPECT_NE(result.failures[0].find("'api.new_thing'"), std::string::npos);
  EXPECT_NE(result.failures[0].find("add its entry to NodeExpectations()"), std::string::npos);
  EXPECT_EQ(result.cells, 0u) << "no cell runs while a route has no expectations";
}

TEST(RightsMatrix, RouteWithoutRightsCheckIsCaught) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  http::Router router = world->router();
  // A handler that forgets to authenticate and authorise: it answers every caller.
  router.Add(http::Method::kGet, "/qccm/collections/{collection}/objects/{object}/raw/",
             [](http::Request& request) {
               return http::Response::Json(
                   200, "[\"" + std::string(request.PathParam("object")) + "\"]");
             },
             {.name = "test.unguarded"});
  ExpectationTable table = NodeExpectations();
  table["test.unguarded"] = {Rule::kReadOneObject, ""};
  MatrixResult result = RunRightsMatrix(router, *world, table);
  std::size_t unguarded = 0;
  for (const std::string& failure : result.failures) {
    if (failure.starts_with("test.unguarded")) ++unguarded;
  }
  // Anonymous, trainers, auditors, no right, write-only and hidden TLP:RED cells all differ.
  EXPECT_GT(unguarded, 100u) << Join(result.failures);
  EXPECT_EQ(unguarded, result.failures.size()) << Join(result.failures);
}

TEST(RightsMatrix, RouteWithUnknownPathParameterAsksToTeachTheMatrix) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  http::Router router = world->router();
  router.Add(http::Method::kGet, "/api/v1/widgets/{widget}/",
             [](http::Request&) { return http::Response::Json(200, "{}"); },
             {.name = "test.widget"});
  ExpectationTable table = NodeExpectations();
  table["test.widget"] = {Rule::kSignedIn, ""};
  MatrixResult result = RunRightsMatrix(router, *world, table);
  ASSERT_FALSE(result.failures.empty());
  EXPECT_NE(result.failures.back().find("{widget}"), std::string::npos) << Join(result.failures);
}

}  // namespace
}  // namespace qccm::security_test
