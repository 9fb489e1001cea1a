// The leak boundary, as a property over random worlds: every answer computed for a member is
// identical whether or not objects it cannot read exist, except the hit bit of exact lookups
// and matches. Each case builds one random world (members, collections with random rights,
// TLP:RED objects with named members, shared observables, sightings, opinions, provenance
// claims), feeds it to one index, and only the objects the viewer may read to another, then
// compares lookups, matches, clue views and track records.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <sstream>

#include "correlation/clue_fixture.h"

namespace qccm::correlation::test {
namespace {

const std::vector<std::string> kCodes = {"ALPHA", "BRAVO", "CHARLIE", "DELTA"};
const std::vector<std::string> kPool = {"203.0.113.1",  "203.0.113.2", "198.51.100.3",
                                        "evil.example", "c2.example",  "10.0.0.1"};

std::string Pattern(const std::string& v) {
  bool ip = v[0] >= '0' && v[0] <= '9';
  return ip ? "[ipv4-addr:value = '" + v + "']" : "[domain-name:value = '" + v + "']";
}

struct Planned {
  std::string collection;
  std::string author;
  std::string json;
  std::string id;
  bool red = false;
  std::vector<std::string> named;
};

std::string Render(const ObservableAnswer& a) {
  std::ostringstream o;
  o << a.excluded << "|" << a.members << "|" << a.independent_sources << "|" << a.truncated << "|"
    << (a.first_seen ? a.first_seen->micros : -1) << "|"
    << (a.last_seen ? a.last_seen->micros : -1);
  for (const auto& c : a.carriers) {
    o << ";" << c.id << "," << c.collection_id << "," << c.member << "," << c.first_seen.micros;
  }
  return o.str();
}

std::string Render(const ClueView& v, const std::function<std::string(std::string)>& map_ids) {
  std::ostringstream o;
  o << v.id << "|" << v.author << "|" << v.confirming << "|" << v.refuting << "|" << v.contradicted
    << "|" << v.reporting_members << "|" << FormatAdmiralty(v.grade.admiralty) << "|"
    << v.grade.rule << "|" << v.grade.reliability_of << "|" << v.first_seen.micros << "|"
    << v.last_seen.micros;
  std::vector<std::string> collections;  // ids differ between the worlds: map, then order
  for (const auto& c : v.collections) collections.push_back(map_ids(c));
  std::sort(collections.begin(), collections.end());
  for (const auto& c : collections) o << ";c" << c;
  for (const auto& ob : v.observables) o << ";o" << ob.value;
  for (const auto& t : v.timeline) {
    o << ";t" << t.time.micros << t.kind << t.object_id << t.member << t.independent
      << t.circular_of << t.refutes;
  }
  for (const auto& c : v.contradictions) o << ";x" << c;
  const auto& r = v.author_track_record;
  o << ";r" << r.clues << r.confirmed << r.refuted << r.contested << r.unconfirmed;
  return o.str();
}

bool Readable(const Planned& p, const std::string& viewer,
              const std::map<std::string, std::set<std::string>>& readers) {
  if (!readers.at(p.collection).contains(viewer)) return false;
  if (!p.red) return true;
  return p.author == viewer || std::find(p.named.begin(), p.named.end(), viewer) != p.named.end();
}

void RunCase(ClueWorld& full, ClueWorld& seen, std::mt19937_64& rng, std::uint64_t& next_id,
             int case_no) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::string viewer = kCodes[pick(kCodes.size())];
  // Collections with random readers (writers: every member, so any author may submit).
  std::vector<std::string> collections;
  std::map<std::string, std::set<std::string>> readers;
  std::map<std::string, std::string> to_seen;  // collection ids differ between the two stores
  for (int c = 0; c < 3; ++c) {
    std::vector<std::string> read;
    for (const auto& code : kCodes) {
      if (rng() % 2 == 0) read.push_back(code);
    }
    std::string a = full.Collection(read, kCodes);
    std::string b = seen.Collection(read, kCodes);
    collections.push_back(a);
    readers[a] = {read.begin(), read.end()};
    to_seen[a] = b;
  }
  std::vector<Planned> plan;
  std::vector<std::string> ids;
  std::vector<std::string> indicators;  // sightings and opinions refer to these
  const int objects = 6 + static_cast<int>(pick(10));
  for (int i = 0; i < objects; ++i) {
    Planned p;
    p.collection = collections[pick(3)];
    p.author = kCodes[pick(4)];
    p.red = pick(3) == 0;
    if (p.red) {
      for (const auto& code : kCodes) {
        if (code != p.author && pick(3) == 0) p.named.push_back(code);
      }
    }
    std::string extra = p.red ? Red(p.named) : "";
    if (pick(5) == 0) extra += R"(,"x_qccm_source_member":")" + kCodes[pick(4)] + "\"";
    std::uint64_t n = ++next_id;
    std::size_t kind = indicators.empty() ? 0 : pick(6);
    if (kind <= 3) {
      p.json = Indicator(n, Pattern(kPool[pick(kPool.size())]), extra);
      p.id = "indicator--" + Uuid(n);
      indicators.push_back(p.id);
    } else if (kind == 4) {
      p.json = Sighting(n, indicators[pick(indicators.size())], extra);
      p.id = "sighting--" + Uuid(n);
    } else {
      p.json = Opinion(n, indicators[pick(indicators.size())], pick(2) ? "agree" : "disagree");
      if (p.red) p.json.insert(p.json.size() - 1, Red(p.named));
      p.id = "opinion--" + Uuid(n);
    }
    // Sometimes the same object again, in another collection by another member.
    if (pick(8) == 0 && !plan.empty()) {
      Planned again = plan[pick(plan.size())];
      again.collection = collections[pick(3)];
      again.author = kCodes[pick(4)];
      if (!again.red) plan.push_back(again);
    }
    ids.push_back(p.id);
    plan.push_back(std::move(p));
  }
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const Planned& p = plan[i];
    auto ingest_into = [&](ClueWorld& world, const std::string& collection) {
      world.Ingest(p.author, collection, {p.json});
    };
    ingest_into(full, p.collection);
    if (Readable(p, viewer, readers)) {
      ingest_into(seen, to_seen[p.collection]);
    } else {
      seen.clock.Advance(1000000);  // keep both clocks (and so first_seen) in step
    }
  }
  auto fix = [&](std::string text) {
    for (const auto& [a, b] : to_seen) {
      for (auto at = text.find(b); at != std::string::npos; at = text.find(b)) {
        text.replace(at, b.size(), a);
      }
    }
    return text;
  };
  const auto me_full = full.As(viewer);
  const auto me_seen = seen.As(viewer);
  SCOPED_TRACE("case " + std::to_string(case_no) + " viewer " + viewer);
  bool any_hidden = false;
  for (const auto& value : kPool) {
    auto a = full.clues->Lookup(me_full, "", value);
    auto b = seen.clues->Lookup(me_seen, "", value);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(Render(*a), fix(Render(*b))) << value;
    EXPECT_FALSE(b->hit);
    any_hidden = any_hidden || a->hit;
  }
  std::vector<MatchQuery> queries;
  for (const auto& value : kPool) queries.push_back({"", value});
  auto ma = full.clues->Match(me_full, queries);
  auto mb = seen.clues->Match(me_seen, queries);
  ASSERT_TRUE(ma && mb);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ((*ma)[i].indicators, (*mb)[i].indicators);
    EXPECT_FALSE((*mb)[i].hit);
  }
  for (int k = 0; k < 3; ++k) {
    const std::string& id = ids[pick(ids.size())];
    auto a = full.clues->Clue(me_full, id);
    auto b = seen.clues->Clue(me_seen, id);
    ASSERT_EQ(a.has_value(), b.has_value()) << id;
    if (a) {
      EXPECT_EQ(Render(*a, [](std::string x) { return x; }), fix(Render(*b, fix))) << id;
    } else {
      EXPECT_EQ(a.error().ToString(), b.error().ToString());
    }
  }
  const std::string member = kCodes[pick(4)];
  auto ta = full.clues->TrackRecordOf(me_full, member);
  auto tb = seen.clues->TrackRecordOf(me_seen, member);
  ASSERT_TRUE(ta && tb);
  EXPECT_EQ(ta->clues, tb->clues);
  EXPECT_EQ(ta->confirmed, tb->confirmed);
  EXPECT_EQ(ta->refuted, tb->refuted);
  EXPECT_EQ(ta->contested, tb->contested);
  // The viewer's own notifications never depend on others' hidden data either.
  auto na = full.clues->Notifications(me_full, "", 1000);
  auto nb = seen.clues->Notifications(me_seen, "", 1000);
  ASSERT_TRUE(na && nb);
  for (const auto& n : *na) EXPECT_NE(n.kind, "hit_shared");
  (void)any_hidden;
}

TEST(LeakPropertyTest, AnswersDoNotDependOnUnreadableObjects) {
  // A fresh pair of worlds per case; a cap of 2 in half the cases checks that saturation is
  // judged per visibility class.
  std::mt19937_64 rng(20240601);
  std::uint64_t next_id = 1000;
  for (int c = 0; c < 250; ++c) {
    std::size_t cap = c % 2 == 0 ? 2 : 10000;
    ClueWorld full(IndexOptions{.cap_per_class = cap});
    ClueWorld seen(IndexOptions{.cap_per_class = cap});
    RunCase(full, seen, rng, next_id, c);
    if (HasFatalFailure() || HasNonfatalFailure()) return;
  }
}

}  // namespace
}  // namespace qccm::correlation::test
