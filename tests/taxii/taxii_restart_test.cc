// Durability and the real binary: objects, status resources and next tokens survive a
// restart; `qccm serve` prints its address, serves, and stops gracefully on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "taxii/taxii_fixture.h"

extern char** environ;

namespace qccm::taxii_test {
namespace {

namespace json = boost::json;

class TaxiiRestart : public TaxiiFixture {};

TEST_F(TaxiiRestart, ObjectsStatusesAndNextTokensSurviveARestart) {
  json::object status = AddObjects("shared", {Indicator({.n = 1}), Indicator({.n = 2}), "{}"});
  std::string status_path = "/qccm/status/" + std::string(status.at("id").as_string()) + "/";
  json::object page = JsonObject(Get(ObjectsPath("shared") + "?limit=1"));
  StopNode();
  StartNode();
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared"))),
            (std::vector<std::string>{IndicatorId(1), IndicatorId(2)}));
  HttpResult again = Get(status_path);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(JsonObject(again), status);
  HttpResult rest =
      Get(ObjectsPath("shared") + "?limit=1&next=" + std::string(page.at("next").as_string()));
  EXPECT_EQ(IdsOf(rest), std::vector<std::string>{IndicatorId(2)});
}

// Reads lines from a child's stdout until one starts with `prefix`.
std::string ReadLineStartingWith(FILE* out, std::string_view prefix) {
  char line[512];
  while (std::fgets(line, sizeof line, out) != nullptr) {
    std::string text(line);
    if (text.starts_with(prefix)) return text;
  }
  return "";
}

TEST_F(TaxiiRestart, TheServeCommandPrintsItsAddressServesAndStopsOnSigterm) {
  AddObjects("shared", {Indicator({.n = 1})});
  StopNode();
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::string data = dir_.string();
  std::vector<std::string> args = {QCCM_BINARY, "serve",       "--data",      data,
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
  ASSERT_FALSE(line.empty());
  auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  HttpClient client(port);
  HttpResult result =
      client.Send("GET", ObjectsPath("shared"), {{"Authorization", BasicAuth("alice", kPassword)}});
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(IdsOf(result), std::vector<std::string>{IndicatorId(1)});
  ::kill(pid, SIGTERM);
  EXPECT_FALSE(ReadLineStartingWith(out, "stopped").empty());
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  EXPECT_TRUE(WIFEXITED(wstatus));
  EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  std::fclose(out);
}

TEST_F(TaxiiRestart, TheServeCommandFailsClearlyWithoutANode) {
  std::string missing = (dir_ / "nothing-here").string();
  std::string command =
      std::string(QCCM_BINARY) + " serve --data " + missing + " --listen 127.0.0.1:0 2>&1";
  FILE* out = ::popen(command.c_str(), "r");
  ASSERT_NE(out, nullptr);
  std::string text;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, out) != nullptr) text += buffer;
  int rc = ::pclose(out);
  EXPECT_NE(WEXITSTATUS(rc), 0);
  EXPECT_NE(text.find("qccm init"), std::string::npos) << text;
}

}  // namespace
}  // namespace qccm::taxii_test
