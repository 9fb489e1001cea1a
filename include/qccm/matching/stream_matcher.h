// Matching over a stream of observations (observed-data): single-observation patterns on each
// observation's objects, and patterns with observation operators over a sliding window.
//
// Semantics (STIX 2.1 §9.6-9.7; what the evaluator supports):
//  - [ ... ] is satisfied by one observation if one of its objects satisfies a term of the
//    comparison expression (terms as in matcher.h; references resolve inside the observation).
//  - A AND B, A OR B, A FOLLOWEDBY B between observation expressions. Observations bound to
//    the operands of AND / FOLLOWEDBY must be distinct. A binding spans [earliest first_observed,
//    latest last_observed] of its observations; FOLLOWEDBY needs the left binding to end at or
//    before the start of the right one.
//  - WITHIN n SECONDS: the binding spans at most n seconds. REPEATS n TIMES: n bindings of the
//    operand over pairwise distinct observations. START t1 STOP t2: every observation of the
//    binding has first_observed >= t1 and last_observed < t2.
//  - A pattern is reported when an observation completes a binding of its whole expression
//    (the binding includes the newest observation), at most once per observation.
// Limits: observations older than the window (StreamOptions) are forgotten; at most
// kMaxBindings partial bindings are kept per operand (beyond that some combinations are not
// tried). number_observed is not used by REPEATS.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/matching/matcher.h"

namespace qccm::matching {

struct StreamOptions {
  double window_seconds = 86400;          // observations whose last_observed is older are dropped
  std::size_t max_observations = 100000;  // and at most this many are kept
};

struct ObservationHits {
  std::string observation_id;
  std::vector<std::string> single;  // indicators matched by one object of this observation
  std::vector<std::string> stream;  // patterns with observation operators completed by it
};

// Not thread-safe (one per stream); reads the Matcher under its shared lock. The Matcher must
// outlive it. Indicators added to the Matcher later take part from their first matching
// observation on.
class StreamMatcher final {
 public:
  static constexpr std::size_t kMaxBindings = 256;

  explicit StreamMatcher(const Matcher& matcher, StreamOptions options = {});
  ~StreamMatcher();

  // Feeds one observed-data object as JSON text. Its objects are its `objects` dictionary
  // (STIX 2.0 style) plus `resolved` (the SCOs its object_refs point to, as JSON texts).
  // Fails with kInvalidArgument if the text is not an observed-data object, kInvalidInput if
  // its first_observed or last_observed is missing or invalid.
  Result<ObservationHits> Observe(std::string_view observed_data_json,
                                  std::span<const std::string> resolved,
                                  const MatchOptions& options);

  std::size_t window_size() const;

 private:
  struct State;
  const Matcher& matcher_;
  StreamOptions options_;
  std::unique_ptr<State> state_;
};

}  // namespace qccm::matching
