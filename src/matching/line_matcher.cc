// LineMatcher: splits chunks into lines with memchr, normalises bare values into a batch
// arena, matches each batch of kBatch under one read lock, and writes NDJSON in large pieces.
#include "qccm/matching/line_matcher.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "qccm/correlation/observable_extract.h"

namespace qccm::matching {
namespace {

constexpr std::size_t kBatch = 4096;
constexpr std::size_t kOutFlush = 1 << 16;

using correlation::ObservableType;

// Splits "TYPE\tVALUE"; std::nullopt type if the line has no tab. Fails (false) for an unknown
// type name.
bool SplitTyped(std::string_view line, std::optional<ObservableType>& type,
                std::string_view& value) {
  std::size_t tab = line.find('\t');
  if (tab == std::string_view::npos) {
    type.reset();
    value = line;
    return true;
  }
  type = correlation::ParseObservableType(correlation::TrimAscii(line.substr(0, tab)));
  value = line.substr(tab + 1);
  return type.has_value();
}

void AppendObservable(std::string& out, ObservableType type, std::string_view value) {
  out += "{\"type\":\"";
  out += correlation::ObservableTypeName(type);
  out += "\",\"value\":";
  AppendJsonString(out, value);
  out += '}';
}

void AppendIds(std::string& out, std::span<const std::string_view> ids) {
  out += '[';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, ids[i]);
  }
  out += ']';
}

void AppendIds(std::string& out, const std::vector<std::string>& ids) {
  std::vector<std::string_view> views(ids.begin(), ids.end());
  AppendIds(out, views);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  static constexpr auto kEscaped = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = true;
    table['"'] = table['\\'] = true;
    return table;
  }();
  // Eight bytes at a time: a word needs a look only if a byte is < 0x20, '"' or '\\' (the
  // classic "has a byte less than n" and "has a zero byte" bit tricks).
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  std::size_t clean = 0;
  for (; clean + 8 <= text.size(); clean += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + clean, 8);
    std::uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
    std::uint64_t special = (((w - kOnes * 0x20) & ~w) | ((quote - kOnes) & ~quote) |
                             ((backslash - kOnes) & ~backslash)) &
                            kHigh;
    if (special != 0) break;  // the byte loop below finds which byte
  }
  while (clean < text.size() && !kEscaped[static_cast<unsigned char>(text[clean])]) ++clean;
  // Canonical values and indicator ids need no escape: one copy.
  // (Not resize_and_overwrite: libstdc++ 12 hands the callback the grown capacity, not the
  // requested size, when it reallocates.)
  if (clean == text.size()) {
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    out += text;
    out += '"';
    return;
  }
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = clean; i < text.size(); ++i) {
    char c = text[i];
    auto u = static_cast<unsigned char>(c);
    if (!kEscaped[u]) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    if (u >= 0x20) {
      out += '\\';
      out += c;
    } else {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

LineMatcher::LineMatcher(const Matcher& matcher, LineMatchOptions options,
                         std::function<void(std::string_view)> write)
    : matcher_(matcher), options_(std::move(options)), write_(std::move(write)) {
  pending_.reserve(kBatch);
  refs_.reserve(kBatch);
}

LineMatcher::~LineMatcher() = default;

void LineMatcher::Bad(std::string message) {
  ++report_.bad;
  if (report_.first_errors.size() < options_.max_reported_errors) {
    report_.first_errors.push_back("line " + std::to_string(report_.lines) + ": " + message);
  }
}

void LineMatcher::Feed(std::string_view chunk) {
  if (!carry_.empty() || overlong_) {
    const char* newline = static_cast<const char*>(std::memchr(chunk.data(), '\n', chunk.size()));
    std::size_t take =
        newline == nullptr ? chunk.size() : static_cast<std::size_t>(newline - chunk.data());
    if (!overlong_) carry_.append(chunk.substr(0, take));
    if (carry_.size() > kMaxLineBytes) {
      overlong_ = true;
      carry_.clear();
    }
    if (newline == nullptr) return;
    if (overlong_) {
      ++report_.lines;
      Bad("line longer than " + std::to_string(kMaxLineBytes) + " bytes");
      overlong_ = false;
    } else {
      HandleLine(carry_);
      carry_.clear();
    }
    chunk.remove_prefix(take + 1);
  }
  ProcessLines(chunk);
}

void LineMatcher::ProcessLines(std::string_view text) {
  while (!text.empty()) {
    const char* newline = static_cast<const char*>(std::memchr(text.data(), '\n', text.size()));
    if (newline == nullptr) {
      if (text.size() > kMaxLineBytes) {
        overlong_ = true;
      } else {
        carry_.assign(text);
      }
      return;
    }
    auto length = static_cast<std::size_t>(newline - text.data());
    HandleLine(text.substr(0, length));
    text.remove_prefix(length + 1);
  }
}

void LineMatcher::Finish() {
  if (overlong_) {
    ++report_.lines;
    Bad("line longer than " + std::to_string(kMaxLineBytes) + " bytes");
    overlong_ = false;
  } else if (!carry_.empty()) {
    HandleLine(carry_);
    carry_.clear();
  }
  MatchPending();
  Flush(true);
}

void LineMatcher::HandleLine(std::string_view line) {
  ++report_.lines;
  line = correlation::TrimAscii(line);
  if (line.empty()) {
    ++report_.empty;
    return;
  }
  if (line.size() > kMaxLineBytes) {
    Bad("line longer than " + std::to_string(kMaxLineBytes) + " bytes");
    return;
  }
  if (line.front() == '{') {
    MatchPending();
    HandleJson(line);
    return;
  }
  // Bare values: the common canonical shapes are recognised in one pass and used as they are
  // (a canonical value has no tab, so it is not "TYPE<TAB>VALUE"); anything else is split,
  // detected and normalised into the reusable scratch buffer.
  std::optional<ObservableType> type;
  std::string_view value = line;
  bool canonical = false;
  correlation::DetectedValue detected = correlation::DetectCanonical(line);
  if (detected.canonical) {
    type = detected.type;
    canonical = true;
  } else if (!SplitTyped(line, type, value)) {
    Bad("unknown observable type before the tab");
    return;
  } else if (!type) {
    type = detected.type;  // no tab: value is the whole line
  }
  if (!type) {
    Bad("cannot tell the observable type (write TYPE<TAB>VALUE)");
    return;
  }
  ObservableType resolved = *type;
  if (!canonical) {
    auto status = correlation::NormalizeInto(resolved, value, scratch_, options_.normalize);
    if (!status) {
      Bad(status.error().message);
      return;
    }
    value = scratch_;
  }
  ++report_.observables;
  pending_.push_back({resolved, static_cast<std::uint32_t>(values_.size()),
                      static_cast<std::uint32_t>(value.size())});
  values_ += value;
  if (pending_.size() >= kBatch) MatchPending();
}

void LineMatcher::MatchPending() {
  if (pending_.empty()) return;
  refs_.clear();
  for (const Pending& p : pending_) {
    refs_.push_back({p.type, std::string_view(values_).substr(p.offset, p.length)});
  }
  matcher_.MatchBatch(refs_, options_.match,
                      [&](std::size_t index, std::span<const std::string_view> ids) {
                        ++report_.matched;
                        out_ += "{\"observable\":";
                        AppendObservable(out_, refs_[index].type, refs_[index].value);
                        out_ += ",\"indicators\":";
                        AppendIds(out_, ids);
                        out_ += ",\"grade\":null}\n";
                      });
  pending_.clear();
  values_.clear();
  Flush(false);
}

void LineMatcher::HandleJson(std::string_view line) {
  ++report_.objects;
  auto extraction = correlation::ExtractFromObject(line);
  if (!extraction) {
    Bad("invalid JSON object: " + extraction.error().message);
    return;
  }
  if (line.find("\"observed-data\"") != std::string_view::npos) {
    if (!stream_) stream_ = std::make_unique<StreamMatcher>(matcher_, options_.stream);
    auto hits = stream_->Observe(line, {}, options_.match);
    if (hits) {
      if (hits->single.empty() && hits->stream.empty()) return;
      ++report_.matched;
      out_ += "{\"observation\":";
      AppendJsonString(out_, hits->observation_id);
      out_ += ",\"indicators\":";
      AppendIds(out_, hits->single);
      out_ += ",\"sequence_indicators\":";
      AppendIds(out_, hits->stream);
      out_ += ",\"grade\":null}\n";
      Flush(false);
      return;
    }
    // kInvalidArgument: not observed-data after all (the text merely mentions it): an SCO.
    if (hits.error().code != ErrorCode::kInvalidArgument) {
      Bad(hits.error().message);
      return;
    }
  }
  auto matched =
      matcher_.MatchSco(line, options_.match, [&](std::span<const std::string_view> ids) {
        ++report_.matched;
        out_ += "{\"observable\":";
        if (extraction->observables.empty()) {
          out_ += "null";
        } else {
          const auto& o = extraction->observables.front().observable;
          AppendObservable(out_, o.type, o.value);
        }
        out_ += ",\"object\":";
        std::string id;
        auto at = line.find("\"id\"");
        if (at != std::string_view::npos) {
          auto open = line.find('"', line.find(':', at) + 1);
          auto close = open == std::string_view::npos ? open : line.find('"', open + 1);
          if (close != std::string_view::npos)
            id = std::string(line.substr(open + 1, close - open - 1));
        }
        AppendJsonString(out_, id);
        out_ += ",\"indicators\":";
        AppendIds(out_, ids);
        out_ += ",\"grade\":null}\n";
      });
  if (!matched) Bad(matched.error().message);
  Flush(false);
}

void LineMatcher::Flush(bool force) {
  if (out_.empty() || (!force && out_.size() < kOutFlush)) return;
  write_(out_);
  out_.clear();
}

Status FeedFromFd(int fd, std::string_view name, LineMatcher& lines) {
  constexpr std::size_t kBlock = 1 << 20;
  std::unique_ptr<char[]> buffer(new char[kBlock]);
  while (true) {
    ssize_t n = ::read(fd, buffer.get(), kBlock);
    if (n == 0) return Ok();
    if (n < 0) {
      if (errno == EINTR) continue;
      return MakeError(ErrorCode::kIo,
                       std::string(name) + ": read failed: " + std::strerror(errno));
    }
    lines.Feed(std::string_view(buffer.get(), static_cast<std::size_t>(n)));
  }
}

std::vector<BatchMatch> MatchValues(const Matcher& matcher, std::span<const std::string> values,
                                    const LineMatchOptions& options) {
  std::vector<BatchMatch> results(values.size());
  std::vector<ObservableRef> refs;
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::optional<ObservableType> type;
    std::string_view value;
    if (!SplitTyped(correlation::TrimAscii(values[i]), type, value)) {
      results[i].error = "unknown observable type before the tab";
      continue;
    }
    correlation::DetectedValue detected{type, false};
    if (!type) detected = correlation::DetectCanonical(value);
    if (!detected.type) {
      results[i].error = "cannot tell the observable type";
      continue;
    }
    if (detected.canonical) {
      results[i].observable = correlation::Observable{*detected.type, std::string(value)};
      positions.push_back(i);
      continue;
    }
    auto normal = correlation::Normalize(*detected.type, value, options.normalize);
    if (!normal) {
      results[i].error = normal.error().message;
      continue;
    }
    results[i].observable = std::move(*normal);
    positions.push_back(i);
  }
  for (std::size_t i : positions)
    refs.push_back({results[i].observable->type, results[i].observable->value});
  matcher.MatchBatch(refs, options.match,
                     [&](std::size_t index, std::span<const std::string_view> ids) {
                       auto& target = results[positions[index]].indicators;
                       target.assign(ids.begin(), ids.end());
                     });
  return results;
}

}  // namespace qccm::matching
