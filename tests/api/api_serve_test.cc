// /api/v1 from the real binary: `qccm serve` on a node prepared by the fixture rebuilds the
// correlation index and matcher from the store at start, and answers lookups and matches
// (hit/no-hit included) over a socket.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "api/api_fixture.h"

extern char** environ;

namespace qccm::api_test {
namespace {

namespace json = boost::json;
using taxii_test::BasicAuth;
using taxii_test::HttpClient;
using taxii_test::kPassword;

std::string ReadLineStartingWith(FILE* out, std::string_view prefix) {
  char line[512];
  while (std::fgets(line, sizeof line, out) != nullptr) {
    std::string text(line);
    if (text.starts_with(prefix)) return text;
  }
  return "";
}

class ApiServe : public ApiFixture {};

TEST_F(ApiServe, TheServeCommandRebuildsTheIndexAndAnswersLookupsAndMatches) {
  AddObjects("pool", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "carol");
  AddObjects("alpha", {IndicatorWith(2, "[domain-name:value LIKE '%.c2.example']")}, "alice");
  StopNode();

  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<std::string> args = {QCCM_BINARY, "serve",       "--data",      dir_.string(),
                                   "--listen",  "127.0.0.1:0", "--log-level", "warn"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, QCCM_BINARY, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  FILE* out = ::fdopen(pipe_fds[0], "r");
  std::string line = ReadLineStartingWith(out, "listening on http://127.0.0.1:");
  if (line.empty()) ::kill(pid, SIGKILL);
  ASSERT_FALSE(line.empty());
  auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  {
    HttpClient client(port);
    taxii_test::Headers bob = {{"Authorization", BasicAuth("bob", kPassword)},
                               {"Content-Type", "application/json"}};
    HttpResult lookup = client.Send("GET", "/api/v1/observables?value=198.51.100.7", bob);
    ASSERT_EQ(lookup.status, 200) << lookup.body;
    json::object answer = JsonObject(lookup);
    ASSERT_EQ(answer.at("carriers").as_array().size(), 1U);
    EXPECT_EQ(answer.at("carriers").as_array()[0].as_object().at("member").as_string(), "CHARLIE");
    EXPECT_EQ(answer.at("hit").as_bool(), false);
    HttpResult match = client.Send("POST", "/api/v1/match", bob,
                                   R"({"observables":["198.51.100.7","www.c2.example"]})");
    ASSERT_EQ(match.status, 200) << match.body;
    json::array results = JsonObject(match).at("results").as_array();
    ASSERT_EQ(results.size(), 2U);
    EXPECT_EQ(results[0].as_object().at("indicators").as_array(),
              json::array{StixId("indicator", 1)});
    EXPECT_TRUE(results[1].as_object().at("indicators").as_array().empty());
    EXPECT_EQ(results[1].as_object().at("hit").as_bool(), true);
    HttpResult alices = client.Send("GET", "/api/v1/notifications",
                                    {{"Authorization", BasicAuth("alice", kPassword)}});
    ASSERT_EQ(alices.status, 200) << alices.body;
    EXPECT_EQ(JsonObject(alices).at("notifications").as_array().size(), 1U);
  }
  ::kill(pid, SIGTERM);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  EXPECT_TRUE(WIFEXITED(wstatus));
  EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  std::fclose(out);
}

}  // namespace
}  // namespace qccm::api_test
