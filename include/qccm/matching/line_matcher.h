// Streaming matcher for `qccm match` (and its benchmark): input arrives in chunks of any size,
// one observable per line, NDJSON output, one line per match. Also the batch function the
// POST /api/v1/match route calls.
//
// Input lines (CR LF or LF; surrounding white space trimmed):
//   empty               skipped (counted)
//   TYPE<TAB>VALUE      VALUE normalised as TYPE (an ObservableTypeName: mutex, user_account,
//                       ... the types that cannot be guessed)
//   {...}               an SCO (matched whole: compound terms apply), or an observed-data
//                       object (fed to a StreamMatcher: patterns over several observations)
//   anything else       the type is guessed (correlation::DetectType), then normalised
// Lines longer than kMaxLineBytes, undetectable or invalid values, invalid JSON and binary
// garbage are counted as bad and the first few reported with their line numbers; none stops
// the stream.
// Output lines:
//   {"observable":{"type":"ipv4","value":"198.51.100.1"},"indicators":["indicator--..."],"grade":null}
//   SCO lines add "object":"<id>" (observable: the SCO's first observable, or null);
//   observed-data lines give {"observation":"<id>","indicators":[...],
//   "sequence_indicators":[...],"grade":null}. grade is reserved for corroboration.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/correlation/observable.h"
#include "qccm/matching/matcher.h"
#include "qccm/matching/stream_matcher.h"

namespace qccm::matching {

inline constexpr std::size_t kMaxLineBytes = 1 << 20;

struct LineMatchOptions {
  MatchOptions match;
  correlation::NormalizeOptions normalize;
  StreamOptions stream;
  std::size_t max_reported_errors = 5;
};

struct LineMatchReport {
  std::size_t lines = 0;
  std::size_t empty = 0;
  std::size_t observables = 0;  // bare values matched
  std::size_t objects = 0;      // SCO and observed-data lines
  std::size_t matched = 0;      // output lines written
  std::size_t bad = 0;
  std::vector<std::string> first_errors;  // "line 12: leading zero in IPv4 octet '010'"
};

// Not thread-safe; one per input stream. `write` receives output in large pieces.
class LineMatcher final {
 public:
  LineMatcher(const Matcher& matcher, LineMatchOptions options,
              std::function<void(std::string_view)> write);
  ~LineMatcher();

  // Processes every complete line in `chunk` (plus what was left over from the previous chunk).
  void Feed(std::string_view chunk);
  // Processes the last line (without a newline) and flushes the output.
  void Finish();
  const LineMatchReport& report() const { return report_; }

 private:
  void ProcessLines(std::string_view text);
  void MatchPending();
  void HandleLine(std::string_view line);
  void HandleJson(std::string_view line);
  void Bad(std::string message);
  void Flush(bool force);

  const Matcher& matcher_;
  LineMatchOptions options_;
  std::function<void(std::string_view)> write_;
  std::unique_ptr<StreamMatcher> stream_;
  LineMatchReport report_;
  std::string carry_;      // an incomplete line from the previous chunk
  bool overlong_ = false;  // discarding the rest of an overlong line
  std::string values_;     // canonical values of the pending batch
  struct Pending {
    correlation::ObservableType type;
    std::uint32_t offset, length;
  };
  std::vector<Pending> pending_;
  std::vector<ObservableRef> refs_;
  std::string scratch_;
  std::string out_;
};

// Reads `fd` to its end in 1 MiB blocks, feeding `lines` (not calling Finish). Fails with kIo
// naming `name` if a read fails.
Status FeedFromFd(int fd, std::string_view name, LineMatcher& lines);

// One value of a batch (POST /api/v1/match): the canonical observable, or why it is not one,
// and the ids of the indicators it matched (sorted; empty: no match).
struct BatchMatch {
  std::optional<correlation::Observable> observable;
  std::string error;
  std::vector<std::string> indicators;
};

// Detects, normalises and matches each raw value ("TYPE\tVALUE" allowed as above). The caller
// (the route) puts the reader's visibility into options.match.visible_tags. Thread-safe.
std::vector<BatchMatch> MatchValues(const Matcher& matcher, std::span<const std::string> values,
                                    const LineMatchOptions& options);

// Appends `text` as a JSON string (with quotes) to `out`.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace qccm::matching
