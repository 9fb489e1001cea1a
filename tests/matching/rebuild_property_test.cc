// Property: a matcher updated incrementally (adds, newer versions, revocations, removals,
// expiry, compaction) answers exactly like one built from scratch from the final set.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "qccm/correlation/observable.h"
#include "qccm/matching/matcher.h"

namespace qccm::matching {
namespace {

using correlation::ObservableType;

std::string RandomPattern(std::mt19937& rng) {
  auto ip = [&] { return "10.0." + std::to_string(rng() % 4) + "." + std::to_string(rng() % 8); };
  auto domain = [&] { return "d" + std::to_string(rng() % 10) + ".example"; };
  switch (rng() % 7) {
    case 0:
      return "[ipv4-addr:value = '" + ip() + "']";
    case 1:
      return "[domain-name:value = '" + domain() + "']";
    case 2:
      return "[ipv4-addr:value ISSUBSET '10.0." + std::to_string(rng() % 4) + ".0/30']";
    case 3:
      return "[domain-name:value LIKE 'd" + std::to_string(rng() % 10) + "%']";
    case 4:
      return "[ipv4-addr:value IN ('" + ip() + "', '" + ip() + "')]";
    case 5:
      return "[ipv4-addr:value = '" + ip() + "' OR domain-name:value = '" + domain() + "']";
    default:
      return "[ipv4-addr:value != '" + ip() + "']";
  }
}

std::vector<correlation::Observable> Probes() {
  std::vector<correlation::Observable> probes;
  for (int a = 0; a < 4; ++a) {
    for (int b = 0; b < 8; ++b) {
      probes.push_back(
          {ObservableType::kIpv4, "10.0." + std::to_string(a) + "." + std::to_string(b)});
    }
  }
  for (int d = 0; d < 10; ++d)
    probes.push_back({ObservableType::kDomain, "d" + std::to_string(d) + ".example"});
  return probes;
}

std::vector<std::vector<std::string>> Answers(const Matcher& m, Timestamp now) {
  std::vector<std::vector<std::string>> answers;
  for (const auto& probe : Probes()) {
    std::vector<std::string> ids;
    m.MatchObservable(probe, {.now = now}, [&](std::span<const std::string_view> hit) {
      ids.assign(hit.begin(), hit.end());
    });
    answers.push_back(std::move(ids));
  }
  return answers;
}

TEST(RebuildProperty, IncrementalUpdatesEqualAFullRebuild) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    Matcher incremental;
    std::map<std::string, IndicatorInput> live;  // the truth: latest live version per id
    std::map<std::string, std::int64_t> latest;  // latest version seen (live or revoked)
    Timestamp now = Timestamp::FromSeconds(1000);
    for (int step = 0; step < 400; ++step) {
      std::string id = "indicator--" + std::to_string(rng() % 60);
      int action = static_cast<int>(rng() % 10);
      if (action < 6) {
        IndicatorInput in;
        in.id = id;
        in.modified = Timestamp::FromSeconds(static_cast<std::int64_t>(rng() % 50));
        in.pattern = RandomPattern(rng);
        if (rng() % 5 == 0)
          in.valid_until = Timestamp::FromSeconds(900 + static_cast<std::int64_t>(rng() % 300));
        in.revoked = rng() % 8 == 0;
        incremental.Add(in);
        bool newer = !latest.contains(id) || latest[id] < in.modified.micros ||
                     (in.revoked && latest[id] <= in.modified.micros);
        if (newer) {
          latest[id] = in.modified.micros;
          if (in.revoked) {
            live.erase(id);
          } else {
            live[id] = in;
          }
        }
      } else if (action < 8) {
        incremental.Remove(id);
        live.erase(id);
        latest.erase(id);
      } else if (action == 8) {
        incremental.ExpireUntil(now);
        std::erase_if(live, [&](const auto& kv) {
          return kv.second.valid_until && kv.second.valid_until->micros <= now.micros;
        });
      } else {
        incremental.Compact();
      }
    }
    Matcher rebuilt;
    std::vector<IndicatorInput> inputs;
    for (const auto& [id, in] : live) inputs.push_back(in);
    rebuilt.AddAll(inputs, 2);
    auto got = Answers(incremental, now);
    auto want = Answers(rebuilt, now);
    auto probes = Probes();
    for (std::size_t i = 0; i < probes.size(); ++i) {
      EXPECT_EQ(got[i], want[i]) << "seed " << seed << " probe " << probes[i].value;
    }
    EXPECT_EQ(incremental.Stats().indicators, live.size()) << "seed " << seed;
  }
}

}  // namespace
}  // namespace qccm::matching
