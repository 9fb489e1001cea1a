// RegexIndex: sets are sharded (kShard patterns each) so that one huge set never exhausts the
// DFA memory budget; a shard whose DFA still runs out falls back to RE2's NFA per pattern.
#include "matching/regex_index.h"

#include <algorithm>
#include <thread>

namespace qccm::matching {
namespace {

constexpr std::size_t kShard = 2048;
constexpr std::int64_t kSetMemory = std::int64_t{64} << 20;

RE2::Options RegexOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kSetMemory);
  return options;
}

}  // namespace

std::string LikeToRegex(std::string_view like) {
  std::string out = "(?s)^";
  for (char c : like) {
    if (c == '%') {
      out += ".*";
    } else if (c == '_') {
      out += '.';
    } else {
      out += RE2::QuoteMeta(std::string_view(&c, 1));
    }
  }
  return out + "$";
}

Status RegexIndex::Check(std::string_view pattern) {
  RE2 re(pattern, RegexOptions());
  if (!re.ok()) {
    return MakeError(ErrorCode::kUnsupported, "regex not supported by RE2: " + re.error());
  }
  return Ok();
}

void RegexIndex::Add(std::string pattern, std::uint32_t posting) {
  // Compiled by MaybeCompile (each on its own, or in a set): a bulk load compiles only the set.
  patterns_.push_back(std::move(pattern));
  postings_.push_back(posting);
}

void RegexIndex::MaybeCompile(bool force) {
  std::size_t pending = patterns_.size() - compiled_;
  if (!force && pending < 64 && pending * 8 < compiled_ + 8) {
    for (std::size_t i = compiled_ + pending_.size(); i < patterns_.size(); ++i) {
      pending_.push_back(std::make_unique<RE2>(patterns_[i], RegexOptions()));
    }
    return;
  }
  sets_.clear();
  shard_start_.clear();
  pending_.clear();
  for (std::size_t start = 0; start < patterns_.size(); start += kShard) {
    sets_.push_back(std::make_unique<RE2::Set>(RegexOptions(), RE2::UNANCHORED));
    shard_start_.push_back(start);
  }
  // Shards compile independently: two threads halve a bulk load's longest serial step.
  auto compile = [&](std::size_t first, std::size_t step) {
    for (std::size_t s = first; s < sets_.size(); s += step) {
      std::size_t end = std::min(patterns_.size(), shard_start_[s] + kShard);
      for (std::size_t i = shard_start_[s]; i < end; ++i) sets_[s]->Add(patterns_[i], nullptr);
      sets_[s]->Compile();
    }
  };
  if (sets_.size() > 1) {
    std::thread helper(compile, 1, 2);
    compile(0, 2);
    helper.join();
  } else {
    compile(0, 1);
  }
  compiled_ = patterns_.size();
}

void RegexIndex::Match(std::string_view text, std::vector<std::uint32_t>& out) const {
  std::vector<int> hits;
  for (std::size_t s = 0; s < sets_.size(); ++s) {
    hits.clear();
    RE2::Set::ErrorInfo info;
    if (sets_[s]->Match(text, &hits, &info)) {
      for (int h : hits) out.push_back(postings_[shard_start_[s] + static_cast<std::size_t>(h)]);
    } else if (info.kind != RE2::Set::kNoError) {
      // DFA out of memory: try this shard's patterns one by one.
      std::size_t end = std::min(patterns_.size(), shard_start_[s] + kShard);
      for (std::size_t i = shard_start_[s]; i < end; ++i) {
        RE2 re(patterns_[i], RegexOptions());
        if (RE2::PartialMatch(text, re)) out.push_back(postings_[i]);
      }
    }
  }
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    if (RE2::PartialMatch(text, *pending_[i])) out.push_back(postings_[compiled_ + i]);
  }
}

std::size_t RegexIndex::memory_bytes() const {
  std::size_t bytes = postings_.capacity() * sizeof(std::uint32_t);
  for (const auto& p : patterns_) bytes += sizeof(p) + p.capacity();
  // RE2 does not report its program sizes; count the budget each compiled set may use.
  bytes += sets_.size() * 1024 + pending_.size() * 1024;
  return bytes;
}

}  // namespace qccm::matching

namespace qccm::matching {

bool LikeIndex::IsSimple(std::string_view like) {
  if (like.find('_') != std::string_view::npos) return false;
  std::size_t percents = std::count(like.begin(), like.end(), '%');
  if (percents == 0) return true;
  if (percents > 1 || like.size() < 2) return false;
  return like.front() == '%' || like.back() == '%';
}

void LikeIndex::Add(std::string_view like, std::uint32_t posting) {
  auto remember = [](std::vector<std::size_t>& lengths, std::size_t length) {
    auto it = std::lower_bound(lengths.begin(), lengths.end(), length);
    if (it == lengths.end() || *it != length) lengths.insert(it, length);
  };
  if (like.find('%') == std::string_view::npos) {
    exact_.Add(like, posting);
  } else if (like.back() == '%') {
    prefix_.Add(like.substr(0, like.size() - 1), posting);
    remember(prefix_lengths_, like.size() - 1);
  } else {
    suffix_.Add(like.substr(1), posting);
    remember(suffix_lengths_, like.size() - 1);
  }
}

void LikeIndex::Match(std::string_view text, std::vector<std::uint32_t>& out) const {
  auto hits = exact_.Find(text);
  out.insert(out.end(), hits.begin(), hits.end());
  for (std::size_t length : prefix_lengths_) {
    if (length > text.size()) break;
    auto found = prefix_.Find(text.substr(0, length));
    out.insert(out.end(), found.begin(), found.end());
  }
  for (std::size_t length : suffix_lengths_) {
    if (length > text.size()) break;
    auto found = suffix_.Find(text.substr(text.size() - length));
    out.insert(out.end(), found.begin(), found.end());
  }
}

}  // namespace qccm::matching
