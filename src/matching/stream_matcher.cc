// StreamMatcher: per observation, anchor lookups on its objects, then incremental evaluation of
// the observation expressions of the stream patterns it touched (bindings over the window).
#include "qccm/matching/stream_matcher.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <deque>
#include <unordered_map>

#include "matching/matcher_impl.h"

namespace qccm::matching {
namespace {

namespace json = boost::json;

struct Binding {
  std::vector<std::uint64_t> seqs;  // sorted
  std::int64_t start = 0;
  std::int64_t end = 0;
};

bool Disjoint(const Binding& a, const Binding& b) {
  for (std::uint64_t s : a.seqs) {
    if (std::binary_search(b.seqs.begin(), b.seqs.end(), s)) return false;
  }
  return true;
}

Binding Merge(const Binding& a, const Binding& b) {
  Binding m;
  std::merge(a.seqs.begin(), a.seqs.end(), b.seqs.begin(), b.seqs.end(),
             std::back_inserter(m.seqs));
  m.start = std::min(a.start, b.start);
  m.end = std::max(a.end, b.end);
  return m;
}

void Cap(std::vector<Binding>& bindings) {
  if (bindings.size() <= StreamMatcher::kMaxBindings) return;
  // Keep the most recent: new observations complete recent bindings.
  std::sort(bindings.begin(), bindings.end(),
            [](const Binding& a, const Binding& b) { return a.end > b.end; });
  bindings.resize(StreamMatcher::kMaxBindings);
}

std::string_view StringAt(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->value().is_string()) return {};
  return {it->value().as_string().data(), it->value().as_string().size()};
}

}  // namespace

struct StreamMatcher::State {
  struct Observation {
    std::uint64_t seq;
    std::int64_t first;
    std::int64_t last;
  };
  struct PatternState {
    std::shared_ptr<const stix::Pattern> pattern;
    std::vector<std::uint32_t> leaves;             // observation node per leaf
    std::vector<std::vector<std::uint64_t>> hits;  // per leaf: seqs (ascending)
  };
  std::deque<Observation> window;
  std::uint64_t next_seq = 0;
  std::unordered_map<const stix::Pattern*, PatternState> patterns;

  const Observation* Find(std::uint64_t seq) const {
    if (window.empty() || seq < window.front().seq) return nullptr;
    std::size_t index = static_cast<std::size_t>(seq - window.front().seq);
    return index < window.size() ? &window[index] : nullptr;
  }

  std::vector<Binding> Eval(const PatternState& ps, std::uint32_t node) const {
    const stix::Pattern& p = *ps.pattern;
    const stix::ObservationExpression& e = p.observations[node];
    std::vector<Binding> result;
    if (e.kind == stix::ObservationKind::kObservation) {
      auto leaf = std::find(ps.leaves.begin(), ps.leaves.end(), node) - ps.leaves.begin();
      for (std::uint64_t seq : ps.hits[static_cast<std::size_t>(leaf)]) {
        if (const Observation* o = Find(seq)) result.push_back({{seq}, o->first, o->last});
      }
    } else {
      bool first = true;
      for (std::uint32_t child : p.Children(e)) {
        std::vector<Binding> operand = Eval(ps, child);
        if (e.kind == stix::ObservationKind::kOr) {
          result.insert(result.end(), operand.begin(), operand.end());
        } else if (first) {
          result = std::move(operand);
        } else {
          std::vector<Binding> product;
          for (const Binding& a : result) {
            for (const Binding& b : operand) {
              if (!Disjoint(a, b)) continue;
              if (e.kind == stix::ObservationKind::kFollowedBy && a.end > b.start) continue;
              product.push_back(Merge(a, b));
            }
          }
          result = std::move(product);
        }
        first = false;
        Cap(result);
      }
    }
    for (const stix::Qualifier& q : p.Qualifiers(e)) ApplyQualifier(q, result);
    Cap(result);
    return result;
  }

  static void ApplyQualifier(const stix::Qualifier& q, std::vector<Binding>& bindings) {
    switch (q.kind) {
      case stix::Qualifier::Kind::kWithin: {
        auto limit = static_cast<std::int64_t>(q.seconds * 1e6);
        std::erase_if(bindings, [&](const Binding& b) { return b.end - b.start > limit; });
        break;
      }
      case stix::Qualifier::Kind::kStartStop:
        std::erase_if(bindings, [&](const Binding& b) {
          return b.start < q.start.micros || b.end >= q.stop.micros;
        });
        break;
      case stix::Qualifier::Kind::kRepeats: {
        // Greedy: the earliest-ending bindings over distinct observations; one binding of n.
        std::sort(bindings.begin(), bindings.end(),
                  [](const Binding& a, const Binding& b) { return a.end < b.end; });
        std::vector<Binding> chosen;
        for (const Binding& b : bindings) {
          if (std::all_of(chosen.begin(), chosen.end(),
                          [&](const Binding& c) { return Disjoint(b, c); })) {
            chosen.push_back(b);
          }
        }
        if (chosen.size() < static_cast<std::size_t>(q.times)) {
          bindings.clear();
          break;
        }
        // Prefer a set that includes the newest observations: take the last n chosen.
        Binding merged = chosen[chosen.size() - static_cast<std::size_t>(q.times)];
        for (std::size_t i = chosen.size() - static_cast<std::size_t>(q.times) + 1;
             i < chosen.size(); ++i) {
          merged = Merge(merged, chosen[i]);
        }
        bindings = {merged};
        break;
      }
    }
  }
};

StreamMatcher::StreamMatcher(const Matcher& matcher, StreamOptions options)
    : matcher_(matcher), options_(options), state_(std::make_unique<State>()) {}
StreamMatcher::~StreamMatcher() = default;

std::size_t StreamMatcher::window_size() const { return state_->window.size(); }

Result<ObservationHits> StreamMatcher::Observe(std::string_view observed_data_json,
                                               std::span<const std::string> resolved,
                                               const MatchOptions& options) {
  boost::system::error_code ec;
  json::value root = json::parse(observed_data_json, ec);
  if (ec || !root.is_object() || StringAt(root.as_object(), "type") != "observed-data") {
    return MakeError(ErrorCode::kInvalidArgument, "not an observed-data object");
  }
  const json::object& od = root.as_object();
  auto first = ParseTimestamp(StringAt(od, "first_observed"));
  auto last = ParseTimestamp(StringAt(od, "last_observed"));
  if (!first || !last) {
    return MakeError(ErrorCode::kInvalidInput,
                     "observed-data needs first_observed and last_observed");
  }
  // The observation's objects: by dictionary key (STIX 2.0 refs) and by id.
  std::unordered_map<std::string, const json::object*> by_ref;
  std::vector<const json::object*> objects;
  if (auto it = od.find("objects"); it != od.end() && it->value().is_object()) {
    for (const auto& [key, value] : it->value().as_object()) {
      if (!value.is_object()) continue;
      by_ref[std::string(key)] = &value.as_object();
      objects.push_back(&value.as_object());
    }
  }
  std::vector<json::value> resolved_values;
  resolved_values.reserve(resolved.size());
  for (const std::string& text : resolved) {
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) continue;
    resolved_values.push_back(std::move(v));
  }
  for (const json::value& v : resolved_values) {
    const json::object& o = v.as_object();
    if (auto id = StringAt(o, "id"); !id.empty()) by_ref[std::string(id)] = &o;
    objects.push_back(&o);
  }
  RefResolver resolver = [&](std::string_view ref) -> const json::object* {
    auto it = by_ref.find(std::string(ref));
    return it == by_ref.end() ? nullptr : it->second;
  };

  State& state = *state_;
  std::uint64_t seq = state.next_seq++;
  state.window.push_back({seq, first->micros, last->micros});
  auto horizon = last->micros - static_cast<std::int64_t>(options_.window_seconds * 1e6);
  while (state.window.size() > options_.max_observations ||
         (!state.window.empty() && state.window.front().last < horizon)) {
    state.window.pop_front();
  }

  ObservationHits hits;
  hits.observation_id = std::string(StringAt(od, "id"));
  std::shared_lock lock(matcher_.impl_->mutex);
  const Matcher::Impl& impl = *matcher_.impl_;
  std::vector<std::uint32_t> candidates, single;
  std::unordered_map<const stix::Pattern*, std::uint32_t> touched;  // pattern -> ordinal
  for (const json::object* object : objects) {
    candidates.clear();
    impl.ObjectCandidates(*object, &resolver, candidates);
    for (std::uint32_t posting : candidates) {
      if ((posting & kRuleFlag) == 0) {
        if (impl.Usable(posting, options)) single.push_back(posting);
        continue;
      }
      const Rule& rule = impl.rules[posting & ~kRuleFlag];
      if (!impl.Usable(rule.indicator, options) || !impl.RuleHolds(rule, *object, &resolver)) {
        continue;
      }
      if (rule.stream < 0) {
        single.push_back(rule.indicator);
        continue;
      }
      const StreamPattern& sp = impl.streams[static_cast<std::size_t>(rule.stream)];
      auto [it, inserted] = state.patterns.try_emplace(sp.pattern.get());
      if (inserted) {
        it->second.pattern = sp.pattern;
        it->second.leaves = sp.leaves;
        it->second.hits.resize(sp.leaves.size());
      }
      auto& leaf_hits = it->second.hits[rule.leaf];
      if (leaf_hits.empty() || leaf_hits.back() != seq) leaf_hits.push_back(seq);
      touched[sp.pattern.get()] = rule.indicator;
    }
  }
  std::sort(single.begin(), single.end());
  single.erase(std::unique(single.begin(), single.end()), single.end());
  for (std::uint32_t ordinal : single) hits.single.emplace_back(impl.IdOf(ordinal));

  std::uint64_t oldest = state.window.empty() ? seq : state.window.front().seq;
  for (const auto& [pattern, ordinal] : touched) {
    State::PatternState& ps = state.patterns[pattern];
    for (auto& leaf_hits : ps.hits) {
      std::erase_if(leaf_hits, [&](std::uint64_t s) { return s < oldest; });
    }
    std::vector<Binding> bindings = state.Eval(ps, pattern->root);
    bool completed = std::any_of(bindings.begin(), bindings.end(), [&](const Binding& b) {
      return std::binary_search(b.seqs.begin(), b.seqs.end(), seq);
    });
    if (completed) hits.stream.emplace_back(impl.IdOf(ordinal));
  }
  std::sort(hits.single.begin(), hits.single.end());
  std::sort(hits.stream.begin(), hits.stream.end());
  hits.stream.erase(std::unique(hits.stream.begin(), hits.stream.end()), hits.stream.end());
  return hits;
}

}  // namespace qccm::matching
