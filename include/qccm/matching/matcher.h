// The indicator matcher: every STIX indicator a reader may see, compiled into exact-match hash
// sets per observable type, prefix tries for CIDR ranges, RE2 sets for MATCHES and LIKE, and
// residual checks for compound comparison expressions; kept current as indicators arrive,
// change, expire or are revoked.
//
// What a pattern can match (anything else valid is reported once as unsupported and skipped):
//  - Single-observation patterns `[ ... ]` (a WITHIN qualifier on one observation is trivially
//    true): the comparison expression is put in disjunctive normal form (at most 64 terms); each
//    term needs one "anchor" comparison that an index can find:
//      =, IN on an observable path (ipv4-addr:value, file:hashes.MD5, ..., see
//        correlation/observable_extract.h), compared on canonical values;
//      = or ISSUBSET with a CIDR on ipv4-addr/ipv6-addr:value: addresses and ranges inside it
//        (`=` with a CIDR constant also matches the identical range);
//      ISSUPERSET on ipv4-addr/ipv6-addr:value: ranges (or the address) containing it;
//      LIKE (SQL: % and _, case-sensitive; lower-cased on domain-name:value) and MATCHES (RE2
//        syntax, unanchored search; PCRE-only constructs such as look-around are unsupported)
//        on any string property, run against canonical values on observable paths;
//      = on any other string property (file:name, x509-certificate:issuer, ...).
//    A term without such an anchor (only !=, <, >, EXISTS, NOT ...) is checked on every object of
//    its type. The other comparisons of a term are checked on the object itself. A bare
//    observable is the object {type, its one property}: it satisfies single-comparison terms,
//    and a term that needs other properties only when a whole SCO is given.
//  - Patterns with observation operators (AND, OR, FOLLOWEDBY) or REPEATS / START STOP
//    qualifiers are evaluated over observed-data by StreamMatcher (stream_matcher.h); bare
//    observables and SCOs never satisfy them.
// Time: an indicator matches only while valid_from <= now < valid_until (MatchOptions::now).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/correlation/observable.h"
#include "qccm/stix/pattern.h"

namespace qccm::matching {

// One indicator version as the matcher needs it.
struct IndicatorInput {
  std::string id;       // "indicator--<uuid>"
  Timestamp modified;   // the version: a newer one replaces an older one, an older is ignored
  std::string pattern;  // STIX pattern text (pattern_type "stix")
  const stix::Pattern* parsed = nullptr;  // optional: the parsed pattern (saves a parse)
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;
  bool revoked = false;  // removes the indicator
  // Visibility tags, caller-defined (e.g. collection ordinals). Empty: visible to every reader.
  std::vector<std::uint32_t> tags;
};

enum class AddOutcome : std::uint8_t {
  kAdded,        // new indicator
  kReplaced,     // a newer version replaced the one held
  kIgnored,      // an older or equal version than the one held
  kRemoved,      // revoked: the held version (if any) was removed
  kUnsupported,  // a valid pattern the matcher cannot evaluate (message says why); skipped
  kInvalid,      // the pattern does not parse (message says why); skipped
};

struct AddResult {
  AddOutcome outcome = AddOutcome::kAdded;
  std::string message;  // kUnsupported / kInvalid: what and where
};

struct MatchOptions {
  Timestamp now;  // validity is checked at this instant
  // Sorted visibility tags the reader holds; nullptr: no filtering. An indicator is visible if
  // it has no tags or shares one with this list.
  const std::vector<std::uint32_t>* visible_tags = nullptr;
};

struct MatcherStats {
  std::size_t indicators = 0;        // live indicators
  std::size_t exact_values = 0;      // distinct canonical values in the hash sets
  std::size_t prefixes = 0;          // CIDR ranges in the tries
  std::size_t regexes = 0;           // MATCHES/LIKE comparisons
  std::size_t residual_rules = 0;    // terms with extra checks, type-wide terms
  std::size_t stream_patterns = 0;   // patterns for StreamMatcher
  std::size_t memory_bytes = 0;      // heap held by the indexes (capacities, arenas)
  std::size_t value_text_bytes = 0;  // of which the canonical observable text
};

// A bare observable by reference (value canonical), for batch matching without copies.
struct ObservableRef {
  correlation::ObservableType type = correlation::ObservableType::kDomain;
  std::string_view value;
};

// A hit: the indicator ids (valid during the callback only) an observable or object matched.
using MatchCallback = std::function<void(std::span<const std::string_view> indicator_ids)>;

class StreamMatcher;

// Thread-safe: any number of concurrent Match* calls; Add/Remove/Expire/Compact take an
// exclusive lock (readers wait for the update, which is incremental: no full rebuild).
class Matcher final {
 public:
  Matcher();
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Adds, replaces or (revoked) removes one indicator version. A revoked or expired indicator
  // is remembered by its last version: an older version arriving later is ignored.
  AddResult Add(const IndicatorInput& indicator);
  // Adds many: patterns are parsed on `threads` threads (0: one per core) a chunk ahead of
  // the chunk being indexed, so the build holds at most two chunks of pattern ASTs. Readers
  // may run between chunks (and see the batch partly added). Results are in input order.
  std::vector<AddResult> AddAll(std::span<const IndicatorInput> indicators, int threads = 0);
  // Removes an indicator by id and forgets it (a later version of any age is added again, as
  // after a delete from the store). Returns false if it was not held.
  bool Remove(std::string_view id);
  // Removes every indicator whose valid_until <= now. Returns how many.
  std::size_t ExpireUntil(Timestamp now);
  // Reclaims the space of removed indicators (renumbers postings). Also run automatically
  // when removed entries outnumber live ones.
  void Compact();

  // Matches one bare observable (its value canonical, as from correlation::Normalize). Calls
  // `on_hit` once with the sorted ids of the matching indicators, or not at all. Returns the
  // number of indicators matched.
  std::size_t MatchObservable(const correlation::Observable& observable,
                              const MatchOptions& options, const MatchCallback& on_hit) const;
  // Matches many observables under one read lock: `on_hit(index, ids)` per matching one.
  void MatchBatch(
      std::span<const ObservableRef> observables, const MatchOptions& options,
      const std::function<void(std::size_t, std::span<const std::string_view>)>& on_hit) const;
  // Matches one SCO given as JSON text (refs are not resolved). Fails with kInvalidInput if
  // the text is not a JSON object with a "type".
  Result<std::size_t> MatchSco(std::string_view json, const MatchOptions& options,
                               const MatchCallback& on_hit) const;

  MatcherStats Stats() const;

  struct Impl;  // opaque: the compiled state (src/matching/matcher_impl.h)

 private:
  friend class StreamMatcher;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qccm::matching
