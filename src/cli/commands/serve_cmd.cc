// `qccm serve`: runs the node's TAXII 2.1 server until SIGTERM or SIGINT (graceful stop).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "app/wiring.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "http/server.h"

namespace qccm::cli {
namespace {

struct ServeFlags {
  std::string listen;
  std::string client_certificate_users;
  std::int64_t next_token_lifetime_s = 24 * 3600;
  double requests_per_second = 200;  // per credential; 0: no limit
};

int Serve(Context& context, const ServeFlags& flags) {
  if (!flags.listen.empty()) context.flags().settings.push_back("server.listen=" + flags.listen);
  auto config = context.GetConfig();
  if (!config) return context.Fail(config.error());
  if (flags.next_token_lifetime_s < 1) {
    return context.Fail(Error{ErrorCode::kInvalidArgument, "--next-token-lifetime must be >= 1"});
  }
  auto node =
      app::Node::Open({.config = **config,
                       .next_token_lifetime = std::chrono::seconds(flags.next_token_lifetime_s),
                       .credential_requests_per_second = flags.requests_per_second,
                       .credential_burst = std::max(1000.0, 5 * flags.requests_per_second),
                       .client_certificate_users = flags.client_certificate_users,
                       .handle_signals = true,
                       .access_log = (*config)->log.access_log});
  if (!node) return context.Fail(node.error());
  (*node)->Start();
  // Scripts read this line to learn the port when listening on port 0.
  context.out() << "listening on " << (*node)->url() << std::endl;
  (*node)->Wait();
  context.out() << "stopped" << std::endl;
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, Context& context, Action& action) {
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the TAXII 2.1 API (and /healthz, /metrics) until SIGTERM or SIGINT");
  auto flags = std::make_shared<ServeFlags>();
  cmd->add_option("--listen", flags->listen,
                  "host:port to listen on (port 0 picks a free one; default server.listen)");
  cmd->add_option("--client-cert-users", flags->client_certificate_users,
                  "File mapping TLS client certificate SHA-256 fingerprints to users");
  cmd->add_option("--next-token-lifetime", flags->next_token_lifetime_s,
                  "Seconds a TAXII next token stays valid (default 86400)");
  cmd->add_option("--requests-per-second", flags->requests_per_second,
                  "Requests per second one credential may make, beyond a burst (default 200; "
                  "0: no limit); more are answered 429 with Retry-After");
  cmd->callback([&context, &action, flags] {
    action = [&context, flags]() -> int { return Serve(context, *flags); };
  });
}

}  // namespace qccm::cli
