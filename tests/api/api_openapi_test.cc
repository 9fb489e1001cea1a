// docs/api/openapi.yaml and the node's router agree: every /api/v1 route the node registers is
// documented with its method, path parameters and error response, and every documented
// operation exists. Read line by line (the file keeps one fixed layout: paths at two spaces,
// operations at four), so a drift in either direction fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "api/api_fixture.h"
#include "http/router.h"

namespace qccm::api_test {
namespace {

struct Operation {
  std::string text;  // the operation's lines
};
using Operations = std::map<std::pair<std::string, std::string>, Operation>;  // (METHOD, path)

Operations ReadOpenApi(const std::string& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in) << "cannot read " << file;
  static const std::regex kPath(R"(^  (/\S*):\s*$)");
  static const std::regex kMethod(R"(^    (get|put|post|delete|patch|head|options):.*$)");
  Operations out;
  std::string line, path;
  Operation* current = nullptr;
  bool in_paths = false;
  std::smatch m;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ') {
      in_paths = line.starts_with("paths:");
      current = nullptr;
      continue;
    }
    if (!in_paths) continue;
    if (std::regex_match(line, m, kPath)) {
      path = m[1];
      current = nullptr;
    } else if (std::regex_match(line, m, kMethod)) {
      std::string method = m[1];
      for (char& c : method) c = static_cast<char>(c - 'a' + 'A');
      current = &out[{method, path}];
    } else if (current != nullptr) {
      current->text += line + "\n";
    }
  }
  return out;
}

std::vector<std::string> PathParams(const std::string& path) {
  std::vector<std::string> names;
  static const std::regex kParam(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(path.begin(), path.end(), kParam);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

class ApiOpenApi : public ApiFixture {
 protected:
  std::set<std::pair<std::string, std::string>> RouterOperations() {
    std::set<std::pair<std::string, std::string>> out;
    for (const http::RouteInfo& route : node_->router().Routes()) {
      if (!route.path.starts_with("/api/")) continue;
      out.emplace(std::string(http::MethodName(route.method)), route.path);
    }
    return out;
  }
  Operations documented_ = ReadOpenApi(std::string(QCCM_SOURCE_DIR) + "/docs/api/openapi.yaml");
};

TEST_F(ApiOpenApi, EveryApiRouteIsDocumented) {
  for (const auto& [method, path] : RouterOperations()) {
    EXPECT_TRUE(documented_.contains({method, path}))
        << method << " " << path << " is served but not in docs/api/openapi.yaml";
  }
}

TEST_F(ApiOpenApi, EveryDocumentedOperationIsServed) {
  ASSERT_FALSE(documented_.empty());
  auto served = RouterOperations();
  for (const auto& [key, operation] : documented_) {
    EXPECT_TRUE(served.contains(key))
        << key.first << " " << key.second << " is documented but the node does not serve it";
  }
  EXPECT_EQ(served.size(), documented_.size());
}

TEST_F(ApiOpenApi, DocumentedOperationsDeclareTheirPathParametersAndTheErrorResponse) {
  for (const auto& [key, operation] : documented_) {
    SCOPED_TRACE(key.first + " " + key.second);
    for (const std::string& name : PathParams(key.second)) {
      EXPECT_NE(operation.text.find("name: " + name + ", in: path, required: true"),
                std::string::npos)
          << "path parameter {" << name << "} is not declared";
    }
    EXPECT_NE(operation.text.find(R"(default: {$ref: "#/components/responses/Error"})"),
              std::string::npos)
        << "no error response";
    EXPECT_NE(operation.text.find("summary:"), std::string::npos);
  }
}

TEST_F(ApiOpenApi, TheDocumentedErrorFieldsAreTheOnesTheServerSends) {
  HttpResult result = ApiGet("/api/v1/clues/indicator--00000000-0000-4000-8000-000000000000");
  ASSERT_EQ(result.status, 404);
  boost::json::object body = JsonObject(result);
  std::ifstream in(std::string(QCCM_SOURCE_DIR) + "/docs/api/openapi.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  std::size_t error = yaml.find("    Error:\n");
  ASSERT_NE(error, std::string::npos);
  std::string schema = yaml.substr(error, yaml.find("\n    Grade:", error) - error);
  for (const auto& [name, value] : body) {
    EXPECT_NE(schema.find("        " + std::string(name) + ":"), std::string::npos)
        << "the server sends '" << name << "' but the Error schema does not list it";
  }
}

}  // namespace
}  // namespace qccm::api_test
