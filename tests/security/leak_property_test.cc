// Derived-data leak property: whatever a viewer is shown (listings, manifests, versions, single
// reads, error messages, statuses, the answers to its own writes, paging) is the same whether
// or not objects invisible to it are added or removed. Two identical nodes take the same random
// visible operations; only the second also takes random invisible ones (TLP:RED objects of
// another member not shared with the viewer, objects in a collection the viewer has no right
// on, and their deletion). After every step the viewer's answers to random probes must be equal.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <random>

#include "security/security_world.h"

namespace qccm::security_test {
namespace {

using http::Method;

std::uint64_t EnvOr(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// An answer as the viewer sees it, with the world's random ids and the next tokens (random
// nonces) replaced by placeholders.
std::string Seen(const http::Response& response, const SecurityWorld& world) {
  std::string text = std::to_string(response.status) + " " + response.body;
  for (const char* header : {"X-TAXII-Date-Added-First", "X-TAXII-Date-Added-Last"}) {
    text += " " + std::string(response.headers.GetOr(header, "-"));
  }
  std::vector<std::string> ids = world.RandomIds();
  for (std::size_t i = 0; i < ids.size(); ++i)
    text = Replace(text, ids[i], "<id" + std::to_string(i) + ">");
  for (std::size_t at = text.find("\"next\":\""); at != std::string::npos;
       at = text.find("\"next\":\"", at + 1)) {
    const std::size_t end = text.find('"', at + 8);
    text.replace(at + 8, end - (at + 8), "<next>");
  }
  return text;
}

std::string WithoutStatusId(std::string text) {
  const std::size_t at = text.find("\"id\":\"");
  if (at != std::string::npos && text.size() >= at + 6 + 36) text.replace(at + 6, 36, "<status>");
  return text;
}

std::string NextOf(const std::string& body) {
  const std::size_t at = body.find("\"next\":\"");
  if (at == std::string::npos) return "";
  return body.substr(at + 8, body.find('"', at + 8) - (at + 8));
}

class Twins {
 public:
  Twins() : plain_(SecurityWorld::Create()), noisy_(SecurityWorld::Create()) {}
  bool ok() const { return plain_ && noisy_; }

  // One random step: a visible operation on both worlds, or an invisible one on the noisy world.
  void Step(std::mt19937_64& rng) {
    plain_->clock().Advance(1000000);
    noisy_->clock().Advance(1000000);
    const int kind = static_cast<int>(rng() % 10);
    if (kind < 4) {
      Invisible(rng);
    } else {
      Visible(rng);
    }
  }

  // A random probe by the viewer (the OWN analyst); returns "" when both worlds agree.
  std::string Probe(std::mt19937_64& rng) {
    const Access access = kAccesses[rng() % kAccesses.size()];
    const std::string c = "/qccm/collections/{c}/";
    std::string target;
    Method method = Method::kGet;
    std::string id = PickId(rng);
    switch (rng() % 9) {
      case 0:
        target = "/qccm/collections/";
        break;
      case 1:
        target = c;
        break;
      case 2:
        return Paged(c + "objects/?limit=" + std::to_string(1 + rng() % 4), access);
      case 3:
        return Paged(c + "manifest/?limit=" + std::to_string(1 + rng() % 4) + "&match[version]=all",
                     access);
      case 4:
        target = c + "objects/" + id + "/?match[version]=all";
        break;
      case 5:
        return Paged(c + "objects/" + id + "/versions/?limit=2", access);
      case 6:
        // Deleting what the viewer cannot see, or what does not exist: changes nothing.
        method = Method::kDelete;
        id = hidden_ids_.empty() || rng() % 2 ? IndicatorIdFor(999'999'999)
                                              : hidden_ids_[rng() % hidden_ids_.size()];
        target = c + "objects/" + id + "/";
        break;
      case 7:
        target = c + "objects/?match[id]=" + id + "&match[type]=indicator";
        break;
      default:
        target = "/qccm/status/{s}/";
        break;
    }
    return Compare(method, target, access);
  }

 private:
  std::string Expand(const std::string& target, SecurityWorld& world, Access access) {
    return Replace(Replace(target, "{c}", world.CollectionId(access)), "{s}",
                   world.StatusId(Owner::kOwn));
  }

  std::string Compare(Method method, const std::string& target, Access access) {
    std::string a =
        Seen(plain_->Dispatch(Caller::kAnalyst, method, Expand(target, *plain_, access)), *plain_);
    std::string b =
        Seen(noisy_->Dispatch(Caller::kAnalyst, method, Expand(target, *noisy_, access)), *noisy_);
    if (a == b) return "";
    return std::string(http::MethodName(method)) + " " + target + " (" +
           std::string(AccessName(access)) + "):\n  without hidden objects: " + a.substr(0, 600) +
           "\n  with hidden objects:    " + b.substr(0, 600);
  }

  // Follows next tokens to the end in both worlds; every page must agree.
  std::string Paged(const std::string& first, Access access) {
    std::string next_a;
    std::string next_b;
    for (int page = 0; page < 200; ++page) {
      std::string sep = first.find('?') == std::string::npos ? "?" : "&";
      std::string ta =
          Expand(first, *plain_, access) + (next_a.empty() ? "" : sep + "next=" + next_a);
      std::string tb =
          Expand(first, *noisy_, access) + (next_b.empty() ? "" : sep + "next=" + next_b);
      http::Response ra = plain_->Dispatch(Caller::kAnalyst, Method::kGet, ta);
      http::Response rb = noisy_->Dispatch(Caller::kAnalyst, Method::kGet, tb);
      std::string a = Seen(ra, *plain_);
      std::string b = Seen(rb, *noisy_);
      if (a != b) {
        return "GET " + first + " page " + std::to_string(page) + " (" +
               std::string(AccessName(access)) +
               "):\n  without hidden objects: " + a.substr(0, 600) +
               "\n  with hidden objects:    " + b.substr(0, 600);
      }
      next_a = NextOf(ra.body);
      next_b = NextOf(rb.body);
      if (next_a.empty()) return "";
    }
    return "";
  }

  std::string PickId(std::mt19937_64& rng) {
    const std::size_t pool = visible_ids_.size() + hidden_ids_.size() + 1;
    const std::size_t i = rng() % pool;
    if (i < visible_ids_.size()) return visible_ids_[i];
    if (i < visible_ids_.size() + hidden_ids_.size()) return hidden_ids_[i - visible_ids_.size()];
    return IndicatorIdFor(999'999'998);  // never stored
  }

  std::string Modified(std::mt19937_64& rng) {
    char text[40];
    std::snprintf(text, sizeof text, "2024-03-%02dT00:00:00.000Z",
                  static_cast<int>(1 + rng() % 28));
    return text;
  }

  void Visible(std::mt19937_64& rng) {
    const std::string id = plain_->FreshId();
    noisy_->FreshId();
    const std::string modified = Modified(rng);
    switch (rng() % 4) {
      case 0:
      case 1: {
        // The viewer writes (any marking): its own answer is part of what it sees.
        const stix::Tlp tlp = kTlps[rng() % kTlps.size()];
        const std::string body = EnvelopeOf({IndicatorJson(id, tlp, modified)});
        const Access access = rng() % 2 ? Access::kReadWrite : Access::kWrite;
        const std::string target = "/qccm/collections/{c}/objects/";
        std::string a = Seen(plain_->Dispatch(Caller::kAnalyst, Method::kPost,
                                              Expand(target, *plain_, access), body),
                             *plain_);
        std::string b = Seen(noisy_->Dispatch(Caller::kAnalyst, Method::kPost,
                                              Expand(target, *noisy_, access), body),
                             *noisy_);
        // The status id is random: compare without it.
        a = WithoutStatusId(a);
        b = WithoutStatusId(b);
        if (a != b) write_differences_.push_back("POST " + id + ":\n  " + a + "\n  " + b);
        break;
      }
      case 2: {
        // Another member shares something the viewer may see (not RED, or RED naming it).
        const Access access = kAccesses[1 + rng() % 3];
        const bool red = rng() % 3 == 0;
        for (SecurityWorld* world : {plain_.get(), noisy_.get()}) {
          world->PutObject(access, Owner::kOther, id, red ? stix::Tlp::kRed : stix::Tlp::kAmber,
                           modified,
                           red ? std::vector<std::int64_t>{world->MemberId(Owner::kOwn)}
                               : std::vector<std::int64_t>{});
        }
        break;
      }
      default: {
        // The viewer's own object, put directly (any collection it can read).
        const Access access = kAccesses[1 + rng() % 3];
        for (SecurityWorld* world : {plain_.get(), noisy_.get()}) {
          world->PutObject(access, Owner::kOwn, id, stix::Tlp::kRed, modified);
        }
        break;
      }
    }
    visible_ids_.push_back(id);
  }

  void Invisible(std::mt19937_64& rng) {
    if (!hidden_ids_.empty() && rng() % 4 == 0) {
      // The other member deletes one of its hidden objects.
      const std::size_t i = rng() % hidden_ids_.size();
      auto removed = noisy_->node().store().objects().DeleteObject(
          noisy_->CollectionId(hidden_access_[i]), hidden_ids_[i], {.all = true}, {},
          store::Viewer{.member_id = noisy_->MemberId(Owner::kOther)});
      if (!removed) ADD_FAILURE() << removed.error().ToString();
      return;
    }
    // Fresh ids from a range the plain world never uses.
    const std::string id = IndicatorIdFor(500'000'000 + hidden_ids_.size());
    const bool no_right = rng() % 2 == 0;
    const Access access = no_right ? Access::kNone : kAccesses[1 + rng() % 3];
    const stix::Tlp tlp = no_right ? kTlps[rng() % kTlps.size()] : stix::Tlp::kRed;
    noisy_->PutObject(access, Owner::kOther, id, tlp, Modified(rng));
    hidden_ids_.push_back(id);
    hidden_access_.push_back(access);
  }

  std::unique_ptr<SecurityWorld> plain_;
  std::unique_ptr<SecurityWorld> noisy_;
  std::vector<std::string> visible_ids_;
  std::vector<std::string> hidden_ids_;
  std::vector<Access> hidden_access_;

 public:
  std::vector<std::string> write_differences_;
};

TEST(LeakProperty, ViewerAnswersDoNotDependOnObjectsItCannotSee) {
  const std::uint64_t seed = EnvOr("QCCM_LEAK_SEED", 20240601);
  const std::uint64_t steps = EnvOr("QCCM_LEAK_STEPS", 600);
  const std::uint64_t probes_per_step = 4;
  Twins twins;
  ASSERT_TRUE(twins.ok());
  std::mt19937_64 rng(seed);
  std::size_t cases = 0;
  std::vector<std::string> differences;
  for (std::uint64_t step = 0; step < steps && differences.size() < 5; ++step) {
    twins.Step(rng);
    for (std::uint64_t p = 0; p < probes_per_step; ++p) {
      std::string difference = twins.Probe(rng);
      ++cases;
      if (!difference.empty()) {
        differences.push_back("step " + std::to_string(step) + ": " + difference);
      }
    }
  }
  for (const std::string& d : twins.write_differences_) differences.push_back(d);
  std::cout << "leak property: seed " << seed << ", " << steps << " steps, " << cases
            << " probes compared\n";
  EXPECT_TRUE(differences.empty()) << "seed " << seed << "\n" << differences.front();
  EXPECT_GE(cases, 2000u);
}

// The paging cursor is a store-wide sequence number; sent in clear it would count the objects
// a viewer cannot see (regression: next tokens were signed, not encrypted).
TEST(LeakProperty, NextTokenDoesNotCarryTheCursorInClear) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  const std::string target =
      "/qccm/collections/" + world->CollectionId(Access::kReadWrite) + "/objects/?limit=1";
  http::Response first = world->Dispatch(Caller::kAnalyst, Method::kGet, target);
  http::Response again = world->Dispatch(Caller::kAnalyst, Method::kGet, target);
  const std::string a = NextOf(first.body);
  ASSERT_FALSE(a.empty()) << first.body;
  // The same page twice: a deterministic (clear) cursor would give the same token.
  EXPECT_NE(a, NextOf(again.body));
}

}  // namespace
}  // namespace qccm::security_test
