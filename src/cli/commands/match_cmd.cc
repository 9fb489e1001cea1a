// `qccm match --as M [FILE...]`: matches observables (one per line, or NDJSON SCOs and
// observed-data) against every indicator member M may read; one NDJSON line per match on
// stdout, a summary and the first bad lines on stderr.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli/commands.h"
#include "cli/context.h"
#include "qccm/matching/indicator_source.h"
#include "qccm/matching/line_matcher.h"

namespace qccm::cli {
namespace {

struct MatchArgs {
  std::string member;
  std::vector<std::string> files;
  std::string region;
  std::string now;
};

// Unsupported patterns are reported once each, the first few in full.
void ReportLoad(std::ostream& err, const matching::LoadReport& load) {
  err << "loaded " << load.added << " indicators from " << load.collections << " collections";
  if (!load.unsupported.empty()) err << ", " << load.unsupported.size() << " (partly) unsupported";
  if (!load.invalid.empty()) err << ", " << load.invalid.size() << " invalid";
  err << "\n";
  constexpr std::size_t kShown = 10;
  for (std::size_t i = 0; i < load.unsupported.size() && i < kShown; ++i) {
    err << "unsupported: " << load.unsupported[i] << "\n";
  }
  for (std::size_t i = 0; i < load.invalid.size() && i < kShown; ++i) {
    err << "invalid: " << load.invalid[i] << "\n";
  }
}

Status FeedStream(Context& context, const std::string& file, matching::LineMatcher& lines) {
  if (file == "-") {
    if (&context.in() == &std::cin) return matching::FeedFromFd(STDIN_FILENO, "stdin", lines);
    std::vector<char> buffer(1 << 20);
    while (context.in().read(buffer.data(), static_cast<std::streamsize>(buffer.size())) ||
           context.in().gcount() > 0) {
      lines.Feed(std::string_view(buffer.data(), static_cast<std::size_t>(context.in().gcount())));
    }
    return Ok();
  }
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(ErrorCode::kIo, file + ": cannot open: " + std::strerror(errno));
  }
  Status status = matching::FeedFromFd(fd, file, lines);
  ::close(fd);
  return status;
}

int RunMatch(Context& context, const MatchArgs& args) {
  auto sharing = context.Sharing();
  if (!sharing) return context.Fail(sharing.error());
  auto principal = (*sharing)->OperatorFor(args.member);
  if (!principal) return context.Fail(principal.error());
  auto store = context.GetStore();
  if (!store) return context.Fail(store.error());
  matching::LineMatchOptions options;
  options.match.now = context.clock().Now();
  if (!args.now.empty()) {
    auto now = ParseTimestamp(args.now);
    if (!now)
      return context.Fail(Error{ErrorCode::kInvalidArgument, "--now: " + now.error().message});
    options.match.now = *now;
  }
  options.normalize.default_region = args.region;

  matching::Matcher matcher;
  auto load = matching::LoadIndicatorsFor(**sharing, (*store)->objects(), *principal, matcher);
  if (!load) return context.Fail(load.error());
  ReportLoad(context.err(), *load);

  std::ostream& out = context.out();
  matching::LineMatcher lines(matcher, options, [&out](std::string_view text) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  });
  std::vector<std::string> files = args.files.empty() ? std::vector<std::string>{"-"} : args.files;
  for (const std::string& file : files) {
    if (auto status = FeedStream(context, file, lines); !status) {
      lines.Finish();
      return context.Fail(status.error());
    }
  }
  lines.Finish();
  out.flush();
  const matching::LineMatchReport& report = lines.report();
  context.err() << "matched " << report.matched << " of " << report.observables
                << " observables and " << report.objects << " objects (" << report.lines
                << " lines, " << report.empty << " empty, " << report.bad << " bad)\n";
  for (const std::string& error : report.first_errors) context.err() << "bad " << error << "\n";
  return out ? kExitOk : kExitFailed;
}

}  // namespace

void AddMatchCommand(CLI::App& app, Context& context, Action& action) {
  auto args = std::make_shared<MatchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "match",
      "Match observables (one per line, or NDJSON SCOs / observed-data) against the "
      "indicators a member may read");
  cmd->add_option("--as", args->member, "The member whose readable indicators are matched")
      ->required();
  cmd->add_option("files", args->files, "Input files ('-' or none: standard input)");
  cmd->add_option("--region", args->region,
                  "Default region for phone numbers without a country code (ISO 3166, e.g. NL)");
  cmd->add_option("--now", args->now, "Check indicator validity at this time (default: now)");
  cmd->callback([&context, &action, args] {
    action = [&context, args]() -> int { return RunMatch(context, *args); };
  });
}

}  // namespace qccm::cli
