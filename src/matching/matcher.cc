// Matcher: indicator lifecycle (add, replace, revoke, expire, compact) and lookups.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <thread>

#include "matching/matcher_impl.h"
#include "qccm/core/check.h"
#include "qccm/correlation/observable_extract.h"
#include "qccm/correlation/observable_ip.h"

namespace qccm::matching {
namespace {

namespace json = boost::json;
using correlation::ObservableType;

// An indicator prepared off the lock (on the parse threads): its pattern, or why it does not
// parse, and the pattern's compile plan (or why it is unsupported).
struct Parsed {
  std::shared_ptr<const stix::Pattern> pattern;  // null for a PlanSimpleEquality plan
  std::string error;
  Result<CompilePlan> plan = CompilePlan{};
  std::uint64_t id_hash = 0;  // IdTable::Hash(id)
};

Parsed ParseOne(const IndicatorInput& input) {
  Parsed parsed;
  parsed.id_hash = IdTable::Hash(input.id);
  if (input.revoked) return parsed;
  if (input.parsed == nullptr) {
    if (auto simple = PlanSimpleEquality(input.pattern)) {
      parsed.plan = std::move(*simple);
      return parsed;  // no AST: the plan's exact anchor needs none
    }
  }
  if (input.parsed != nullptr) {
    parsed.pattern = std::make_shared<stix::Pattern>(*input.parsed);
  } else {
    auto pattern = stix::ParsePattern(input.pattern);
    if (!pattern) {
      parsed.error = pattern.error().ToString();
      return parsed;
    }
    parsed.pattern = std::make_shared<stix::Pattern>(std::move(*pattern));
  }
  parsed.plan = PlanPattern(*parsed.pattern);
  return parsed;
}

// The property of an SCO type that holds an observable value (for references and synthetic
// objects).
bool IsValueType(std::string_view type) {
  return type == "ipv4-addr" || type == "ipv6-addr" || type == "domain-name" || type == "url" ||
         type == "email-addr";
}

std::string_view StringAt(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->value().is_string()) return {};
  const json::string& s = it->value().as_string();
  return {s.data(), s.size()};
}

// The observables an object holds itself (same table as correlation's extraction).
void OwnObservables(const json::object& object,
                    std::vector<std::pair<ObservableType, std::string>>& out) {
  std::string_view type = StringAt(object, "type");
  auto take = [&](ObservableType t, std::string_view raw) {
    if (raw.empty()) return;
    auto normal = correlation::Normalize(t, raw);
    if (normal) out.emplace_back(normal->type, std::move(normal->value));
  };
  if (type == "ipv4-addr") take(ObservableType::kIpv4, StringAt(object, "value"));
  if (type == "ipv6-addr") take(ObservableType::kIpv6, StringAt(object, "value"));
  if (type == "domain-name") take(ObservableType::kDomain, StringAt(object, "value"));
  if (type == "url") take(ObservableType::kUrl, StringAt(object, "value"));
  if (type == "email-addr") take(ObservableType::kEmail, StringAt(object, "value"));
  if (type == "mutex") take(ObservableType::kMutex, StringAt(object, "name"));
  if (type == "user-account") {
    take(ObservableType::kUserAccount, StringAt(object, "user_id"));
    take(ObservableType::kUserAccount, StringAt(object, "account_login"));
  }
  if (auto hashes = object.find("hashes"); hashes != object.end() && hashes->value().is_object()) {
    for (const auto& [algorithm, value] : hashes->value().as_object()) {
      auto t = correlation::HashTypeOf(algorithm);
      if (t && value.is_string()) take(*t, {value.as_string().data(), value.as_string().size()});
    }
  }
}

}  // namespace

json::object SyntheticObject(ObservableType type, std::string_view value) {
  json::object object;
  correlation::StixSource source = correlation::StixSourceOf(type);
  if (source.object_type.empty()) return object;
  object["type"] = source.object_type;
  if (source.property.starts_with("hashes.")) {
    json::object hashes;
    std::string_view name = source.property.substr(7);
    if (name.starts_with('\'')) name = name.substr(1, name.size() - 2);
    hashes[name] = value;
    object["hashes"] = std::move(hashes);
  } else {
    object[source.property] = value;
  }
  return object;
}

// The path key of the property a bare observable of `type` stands for ("url:value",
// "file:hashes.sha256"), or "" for types without a STIX source.
static const std::string& SourceKey(ObservableType type) {
  static const auto* keys = [] {
    auto* table = new std::array<std::string, correlation::kObservableTypeCount>();
    for (std::size_t i = 0; i < table->size(); ++i) {
      auto t = static_cast<ObservableType>(i);
      correlation::StixSource source = correlation::StixSourceOf(t);
      if (source.object_type.empty()) continue;
      (*table)[i] = std::string(source.object_type) + ":" +
                    (source.property.starts_with("hashes.")
                         ? "hashes." + std::string(correlation::ObservableTypeName(t))
                         : std::string(source.property));
    }
    return table;
  }();
  return (*keys)[static_cast<std::size_t>(type)];
}

void Matcher::Impl::Candidates(ObservableType type, std::string_view value, std::uint64_t hash,
                               std::vector<std::uint32_t>& out, std::uint32_t entry) const {
  const ValueIndex& index = exact[static_cast<std::size_t>(type)];
  auto hits = entry == kUnknownEntry ? index.Find(value, hash) : index.FindAt(value, hash, entry);
  out.insert(out.end(), hits.begin(), hits.end());
  bool address = type == ObservableType::kIpv4 || type == ObservableType::kIpv6 ||
                 type == ObservableType::kIpv4Cidr || type == ObservableType::kIpv6Cidr;
  if (address && !(containing.empty() && contained.empty())) {
    if (auto prefix = correlation::ParseIpPrefix(value)) {
      containing.FindContaining(*prefix, out);
      contained.FindContained(*prefix, out);
    }
  }
  if (!regexes.empty() || !likes.empty()) {
    const std::string& key = SourceKey(type);
    if (!key.empty()) {
      if (auto it = regexes.find(key); it != regexes.end()) it->second.Match(value, out);
      if (auto it = likes.find(key); it != likes.end()) it->second.Match(value, out);
    }
  }
  if (!scans.empty()) {
    if (auto it = scans.find(correlation::StixSourceOf(type).object_type); it != scans.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    }
  }
}

void Matcher::Impl::ObjectCandidates(const json::object& object, const RefResolver* resolver,
                                     std::vector<std::uint32_t>& out) const {
  std::vector<std::pair<ObservableType, std::string>> observables;
  OwnObservables(object, observables);
  // Values reached through references (network-traffic dst_ref, email-message from_ref, ...)
  // anchor terms on this object's type too.
  if (resolver != nullptr) {
    for (const auto& [key, value] : object) {
      auto follow = [&](const json::value& id) {
        if (!id.is_string()) return;
        const json::object* target = (*resolver)({id.as_string().data(), id.as_string().size()});
        if (target != nullptr && IsValueType(StringAt(*target, "type"))) {
          OwnObservables(*target, observables);
        }
      };
      if (key.ends_with("_ref")) follow(value);
      if (key.ends_with("_refs") && value.is_array()) {
        for (const auto& id : value.as_array()) follow(id);
      }
    }
  }
  for (const auto& [type, value] : observables) {
    auto hits = exact[static_cast<std::size_t>(type)].Find(value);
    out.insert(out.end(), hits.begin(), hits.end());
    bool address = type == ObservableType::kIpv4 || type == ObservableType::kIpv6 ||
                   type == ObservableType::kIpv4Cidr || type == ObservableType::kIpv6Cidr;
    if (address) {
      if (auto prefix = correlation::ParseIpPrefix(value)) {
        containing.FindContaining(*prefix, out);
        contained.FindContained(*prefix, out);
      }
    }
  }
  std::string_view type = StringAt(object, "type");
  std::vector<std::string> texts;
  auto walk = [&](const PathGroup& group, auto&& each) {
    texts.clear();
    CollectStrings(group.path, object, resolver, texts);
    for (const std::string& text : texts) each(text);
  };
  if (auto it = other_paths.find(type); it != other_paths.end()) {
    for (const PathGroup& group : it->second) {
      walk(group, [&](const std::string& text) {
        auto hits = other.Find(group.key + '\x1f' + text);
        out.insert(out.end(), hits.begin(), hits.end());
      });
    }
  }
  if (auto it = regex_paths.find(type); it != regex_paths.end()) {
    for (const PathGroup& group : it->second) {
      auto index = regexes.find(group.key);
      auto like = likes.find(group.key);
      walk(group, [&](const std::string& text) {
        auto mapped =
            correlation::ObservableTypeForPath(group.path.object_type, group.path.path, text);
        auto normal =
            mapped ? correlation::Normalize(*mapped, text) : Result<correlation::Observable>();
        std::string_view value = mapped && normal ? std::string_view(normal->value) : text;
        if (index != regexes.end()) index->second.Match(value, out);
        if (like != likes.end()) like->second.Match(value, out);
      });
    }
  }
  if (auto it = scans.find(type); it != scans.end()) {
    out.insert(out.end(), it->second.begin(), it->second.end());
  }
}

bool Matcher::Impl::Usable(std::uint32_t ordinal, const MatchOptions& options) const {
  const Record& r = records[ordinal];
  if (!r.alive || options.now.micros < r.valid_from || options.now.micros >= r.valid_until) {
    return false;
  }
  if (r.tagset == 0 || options.visible_tags == nullptr) return true;
  for (std::uint32_t tag : tagsets[r.tagset]) {
    if (std::binary_search(options.visible_tags->begin(), options.visible_tags->end(), tag)) {
      return true;
    }
  }
  return false;
}

bool Matcher::Impl::RuleHolds(const Rule& rule, const json::object& object,
                              const RefResolver* resolver) const {
  if (StringAt(object, "type") != rule.object_type) return false;
  for (std::uint32_t check : rule.checks) {
    if (!EvaluateComparison(rule.pattern->comparisons[check], object, resolver)) return false;
  }
  return true;
}

std::uint32_t Matcher::Impl::InternTags(std::vector<std::uint32_t> tags) {
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  auto [it, inserted] = tagset_ids.try_emplace(tags, static_cast<std::uint32_t>(tagsets.size()));
  if (inserted) tagsets.push_back(std::move(tags));
  return it->second;
}

void Matcher::Impl::RemoveOrdinal(std::uint32_t ordinal) {
  Record& r = records[ordinal];
  if (!r.alive) return;
  r.alive = false;
  --live;
  ++dead;
}

void Matcher::Impl::Bury(std::uint32_t ordinal, std::int64_t version) {
  std::string id(IdOf(ordinal));
  std::int64_t& stone = tombstones[id];
  stone = std::max({stone, version, records[ordinal].modified});
  RemoveOrdinal(ordinal);
}

Matcher::Matcher() : impl_(std::make_unique<Impl>()) {}
Matcher::~Matcher() = default;

namespace {

// `parsed` is left for the caller to free: AddAll frees it on the parse thread, off the lock.
AddResult AddParsed(Matcher::Impl& impl, const IndicatorInput& input, Parsed& parsed) {
  // The live version held, if any.
  std::optional<std::uint32_t> held;
  auto id_of = [&impl](std::uint32_t ordinal) { return impl.IdOf(ordinal); };
  impl.ids.ForEach(input.id, parsed.id_hash, id_of, [&](std::uint32_t ordinal) {
    if (impl.records[ordinal].alive) held = ordinal;
  });
  if (held && impl.records[*held].modified >= input.modified.micros && !input.revoked) {
    return {AddOutcome::kIgnored, {}};
  }
  auto stone = impl.tombstones.empty() ? impl.tombstones.end() : impl.tombstones.find(input.id);
  if (!held && stone != impl.tombstones.end() &&
      (stone->second > input.modified.micros ||
       (stone->second == input.modified.micros && !input.revoked))) {
    return {AddOutcome::kIgnored, {}};
  }
  if (input.revoked) {
    if (held && impl.records[*held].modified > input.modified.micros) {
      return {AddOutcome::kIgnored, {}};
    }
    if (held) {
      impl.Bury(*held, input.modified.micros);
    } else {
      std::int64_t& version = impl.tombstones[input.id];
      version = std::max(version, input.modified.micros);
    }
    return {AddOutcome::kRemoved, {}};
  }
  if (stone != impl.tombstones.end()) impl.tombstones.erase(stone);
  // A newer version supersedes the held one even if it cannot be evaluated itself.
  if (!parsed.error.empty()) {
    if (held) impl.Bury(*held, input.modified.micros);
    return {AddOutcome::kInvalid, parsed.error};
  }
  auto ordinal = static_cast<std::uint32_t>(impl.records.size());
  QCCM_CHECK(ordinal < kRuleFlag);
  Record record;
  record.id_offset = static_cast<std::uint32_t>(impl.id_arena.size());
  record.id_length = static_cast<std::uint32_t>(input.id.size());
  record.modified = input.modified.micros;
  if (input.valid_from) record.valid_from = input.valid_from->micros;
  if (input.valid_until) record.valid_until = input.valid_until->micros;
  record.tagset = input.tags.empty() ? 0 : impl.InternTags(input.tags);
  impl.records.push_back(record);
  impl.id_arena += input.id;
  ++impl.live;
  if (!parsed.plan) {
    impl.RemoveOrdinal(ordinal);
    if (held) impl.Bury(*held, input.modified.micros);
    return {AddOutcome::kUnsupported, parsed.plan.error().message};
  }
  std::string partial = std::move(parsed.plan->partial);
  impl.Apply(ordinal, parsed.pattern, *parsed.plan);
  impl.ids.Add(parsed.id_hash, ordinal, id_of);
  AddOutcome outcome = AddOutcome::kAdded;
  if (held) {
    impl.RemoveOrdinal(*held);
    outcome = AddOutcome::kReplaced;
  }
  return {outcome, partial};
}

void FinishUpdate(Matcher::Impl& impl) {
  for (auto& [key, index] : impl.regexes) index.MaybeCompile();
  if (impl.dead > 1024 && impl.dead > impl.live) impl.CompactLocked();
}

}  // namespace

AddResult Matcher::Add(const IndicatorInput& indicator) {
  Parsed parsed = ParseOne(indicator);
  std::unique_lock lock(impl_->mutex);
  AddResult result = AddParsed(*impl_, indicator, parsed);
  FinishUpdate(*impl_);
  return result;
}

std::vector<AddResult> Matcher::AddAll(std::span<const IndicatorInput> indicators, int threads) {
  // Chunks: the next chunk's patterns are parsed (on `workers` threads) while this one is
  // indexed, so at most two chunks of pattern ASTs exist at a time (parsing everything first
  // held every AST at once: most of the build's peak memory) and both cores stay busy.
  constexpr std::size_t kChunk = 8192;
  const std::size_t workers = threads > 0 ? static_cast<std::size_t>(threads)
                                          : std::max(1U, std::thread::hardware_concurrency());
  auto parse = [&](std::size_t begin, std::vector<Parsed>& out) {
    const std::size_t end = std::min(indicators.size(), begin + kChunk);
    out.assign(end - begin, Parsed{});
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w) {
      pool.emplace_back([&, w] {
        for (std::size_t i = begin + w; i < end; i += workers)
          out[i - begin] = ParseOne(indicators[i]);
      });
    }
    for (std::size_t i = begin; i < end; i += workers) out[i - begin] = ParseOne(indicators[i]);
    for (auto& t : pool) t.join();
  };
  std::vector<AddResult> results;
  results.reserve(indicators.size());
  {
    std::unique_lock lock(impl_->mutex);
    std::size_t id_bytes = 0;
    for (const IndicatorInput& in : indicators) id_bytes += in.id.size();
    impl_->records.reserve(impl_->records.size() + indicators.size());
    impl_->id_arena.reserve(impl_->id_arena.size() + id_bytes);
    impl_->ids.Reserve(impl_->records.size() + indicators.size(),
                       [this](std::uint32_t ordinal) { return impl_->IdOf(ordinal); });
  }
  std::vector<Parsed> current, next;
  if (!indicators.empty()) parse(0, current);
  for (std::size_t begin = 0; begin < indicators.size(); begin += kChunk) {
    std::thread ahead;
    if (begin + kChunk < indicators.size())
      ahead = std::thread([&] { parse(begin + kChunk, next); });
    {
      std::unique_lock lock(impl_->mutex);
      for (std::size_t i = 0; i < current.size(); ++i) {
        results.push_back(AddParsed(*impl_, indicators[begin + i], current[i]));
      }
    }
    if (ahead.joinable()) ahead.join();
    std::swap(current, next);
  }
  std::unique_lock lock(impl_->mutex);
  for (auto& [key, index] : impl_->regexes) index.MaybeCompile(true);
  FinishUpdate(*impl_);
  return results;
}

bool Matcher::Remove(std::string_view id) {
  std::unique_lock lock(impl_->mutex);
  bool removed = false;
  impl_->ids.ForEach(
      id, [this](std::uint32_t ordinal) { return impl_->IdOf(ordinal); },
      [&](std::uint32_t ordinal) {
        if (impl_->records[ordinal].alive) {
          impl_->RemoveOrdinal(ordinal);
          removed = true;
        }
      });
  impl_->tombstones.erase(std::string(id));
  FinishUpdate(*impl_);
  return removed;
}

std::size_t Matcher::ExpireUntil(Timestamp now) {
  std::unique_lock lock(impl_->mutex);
  std::size_t count = 0;
  for (std::uint32_t i = 0; i < impl_->records.size(); ++i) {
    if (impl_->records[i].alive && impl_->records[i].valid_until <= now.micros) {
      impl_->Bury(i, impl_->records[i].modified);
      ++count;
    }
  }
  FinishUpdate(*impl_);
  return count;
}

void Matcher::Compact() {
  std::unique_lock lock(impl_->mutex);
  impl_->CompactLocked();
}

void Matcher::Impl::CompactLocked() {
  std::vector<std::uint32_t> ordinal_map(records.size(), ValueIndex::kDrop);
  decltype(records) new_records;
  decltype(id_arena) new_arena;
  for (std::uint32_t i = 0; i < records.size(); ++i) {
    if (!records[i].alive) continue;
    ordinal_map[i] = static_cast<std::uint32_t>(new_records.size());
    Record r = records[i];
    r.id_offset = static_cast<std::uint32_t>(new_arena.size());
    new_arena += std::string_view(id_arena).substr(records[i].id_offset, records[i].id_length);
    new_records.push_back(r);
  }
  std::vector<std::uint32_t> stream_map(streams.size(), ValueIndex::kDrop);
  std::vector<StreamPattern> new_streams;
  for (std::uint32_t i = 0; i < streams.size(); ++i) {
    if (!streams[i].alive || ordinal_map[streams[i].indicator] == ValueIndex::kDrop) continue;
    stream_map[i] = static_cast<std::uint32_t>(new_streams.size());
    StreamPattern s = std::move(streams[i]);
    s.indicator = ordinal_map[s.indicator];
    new_streams.push_back(std::move(s));
  }
  std::vector<std::uint32_t> rule_map(rules.size(), ValueIndex::kDrop);
  std::vector<Rule> new_rules;
  for (std::uint32_t i = 0; i < rules.size(); ++i) {
    Rule& rule = rules[i];
    if (ordinal_map[rule.indicator] == ValueIndex::kDrop) continue;
    if (rule.stream >= 0 &&
        stream_map[static_cast<std::size_t>(rule.stream)] == ValueIndex::kDrop) {
      continue;
    }
    rule_map[i] = static_cast<std::uint32_t>(new_rules.size());
    rule.indicator = ordinal_map[rule.indicator];
    if (rule.stream >= 0) {
      rule.stream = static_cast<std::int32_t>(stream_map[static_cast<std::size_t>(rule.stream)]);
    }
    new_rules.push_back(std::move(rule));
  }
  auto map = [&](std::uint32_t posting) -> std::uint32_t {
    if (posting & kRuleFlag) {
      std::uint32_t mapped = rule_map[posting & ~kRuleFlag];
      return mapped == ValueIndex::kDrop ? mapped : (mapped | kRuleFlag);
    }
    return ordinal_map[posting];
  };
  for (auto& index : exact) index.Rewrite(map);
  other.Rewrite(map);
  containing.Rewrite(map);
  contained.Rewrite(map);
  for (auto& [key, index] : regexes) index.Rewrite(map);
  for (auto& [key, index] : likes) index.Rewrite(map);
  for (auto& [type, list] : scans) {
    std::vector<std::uint32_t> kept;
    for (std::uint32_t posting : list) {
      if (std::uint32_t mapped = map(posting); mapped != ValueIndex::kDrop) kept.push_back(mapped);
    }
    list = std::move(kept);
  }
  records = std::move(new_records);
  id_arena = std::move(new_arena);
  ids.Rebuild(static_cast<std::uint32_t>(records.size()),
              [this](std::uint32_t ordinal) { return IdOf(ordinal); });
  rules = std::move(new_rules);
  streams = std::move(new_streams);
  dead = 0;
}

namespace {

// Resolves candidates to the sorted, unique ordinals usable now; `object` (may be null) is the
// object residual checks run on (built on demand for bare observables).
template <typename ObjectFn>
void Confirm(const Matcher::Impl& impl, std::vector<std::uint32_t>& candidates,
             const MatchOptions& options, ObjectFn&& object_of, const RefResolver* resolver,
             std::vector<std::uint32_t>& ordinals) {
  ordinals.clear();
  for (std::uint32_t posting : candidates) {
    if ((posting & kRuleFlag) == 0) {
      if (impl.Usable(posting, options)) ordinals.push_back(posting);
      continue;
    }
    const Rule& rule = impl.rules[posting & ~kRuleFlag];
    if (rule.stream >= 0 || !impl.Usable(rule.indicator, options)) continue;
    const json::object* object = object_of();
    if (object != nullptr && impl.RuleHolds(rule, *object, resolver)) {
      ordinals.push_back(rule.indicator);
    }
  }
  std::sort(ordinals.begin(), ordinals.end());
  ordinals.erase(std::unique(ordinals.begin(), ordinals.end()), ordinals.end());
}

std::size_t Report(const Matcher::Impl& impl, const std::vector<std::uint32_t>& ordinals,
                   std::vector<std::string_view>& ids, const MatchCallback& on_hit) {
  if (ordinals.empty()) return 0;
  ids.clear();
  for (std::uint32_t ordinal : ordinals) ids.push_back(impl.IdOf(ordinal));
  std::sort(ids.begin(), ids.end());
  if (on_hit) on_hit(ids);
  return ids.size();
}

struct Scratch {
  std::vector<std::uint32_t> candidates;
  std::vector<std::uint32_t> ordinals;
  std::vector<std::string_view> ids;
};

// Confirms scratch.candidates (the postings found for `observable`) and reports the hit.
std::size_t ConfirmCandidates(const Matcher::Impl& impl, const ObservableRef& observable,
                              const MatchOptions& options, Scratch& scratch,
                              const MatchCallback& on_hit) {
  std::optional<json::object> synthetic;
  auto object_of = [&]() -> const json::object* {
    if (!synthetic) synthetic = SyntheticObject(observable.type, observable.value);
    return &*synthetic;
  };
  Confirm(impl, scratch.candidates, options, object_of, nullptr, scratch.ordinals);
  return Report(impl, scratch.ordinals, scratch.ids, on_hit);
}

std::size_t MatchOneLocked(const Matcher::Impl& impl, const ObservableRef& observable,
                           std::uint64_t hash, const MatchOptions& options, Scratch& scratch,
                           const MatchCallback& on_hit) {
  scratch.candidates.clear();
  impl.Candidates(observable.type, observable.value, hash, scratch.candidates);
  if (scratch.candidates.empty()) return 0;
  return ConfirmCandidates(impl, observable, options, scratch, on_hit);
}

}  // namespace

std::size_t Matcher::MatchObservable(const correlation::Observable& observable,
                                     const MatchOptions& options,
                                     const MatchCallback& on_hit) const {
  thread_local Scratch scratch;
  std::shared_lock lock(impl_->mutex);
  const ValueIndex& index = impl_->exact[static_cast<std::size_t>(observable.type)];
  return MatchOneLocked(*impl_, {observable.type, observable.value}, index.Hash(observable.value),
                        options, scratch, on_hit);
}

void Matcher::MatchBatch(
    std::span<const ObservableRef> observables, const MatchOptions& options,
    const std::function<void(std::size_t, std::span<const std::string_view>)>& on_hit) const {
  thread_local Scratch scratch;
  // Per observable of a block: its hash, the entry its tag names (a likely hit) and that
  // entry's only posting.
  struct Ahead {
    std::uint64_t hash;
    std::uint32_t entry;
    std::uint32_t posting;
  };
  thread_local std::vector<Ahead> ahead;
  std::shared_lock lock(impl_->mutex);
  const Impl& impl = *impl_;
  auto index_of = [&](std::size_t i) -> const ValueIndex& {
    return impl.exact[static_cast<std::size_t>(observables[i].type)];
  };
  // Passes over blocks of observables so that the cache misses of one lookup overlap those of
  // the others (each pass touches only what the previous one prefetched): hash and prefetch
  // the slot; probe the slots for a matching tag and prefetch that entry (most misses end
  // here); prefetch the value text and the indicator record; prefetch the indicator id; then
  // look up for real.
  constexpr std::size_t kBlock = 64;
  constexpr std::uint32_t kNone = ValueIndex::kNone;
  ahead.resize(kBlock);
  for (std::size_t start = 0; start < observables.size(); start += kBlock) {
    std::size_t end = std::min(observables.size(), start + kBlock);
    for (std::size_t i = start; i < end; ++i) {
      ahead[i - start].hash = ValueIndex::Hash(observables[i].value);
      index_of(i).PrefetchSlot(ahead[i - start].hash);
    }
    for (std::size_t i = start; i < end; ++i) {
      ahead[i - start].entry = index_of(i).PrefetchEntry(ahead[i - start].hash);
    }
    for (std::size_t i = start; i < end; ++i) {
      Ahead& a = ahead[i - start];
      a.posting = a.entry == kNone ? kNone : index_of(i).PrefetchText(a.entry);
      if (a.posting != kNone && (a.posting & kRuleFlag) == 0 && a.posting < impl.records.size()) {
        __builtin_prefetch(&impl.records[a.posting]);
      } else {
        a.posting = kNone;
      }
    }
    for (std::size_t i = start; i < end; ++i) {
      std::uint32_t posting = ahead[i - start].posting;
      if (posting != kNone)
        __builtin_prefetch(impl.id_arena.data() + impl.records[posting].id_offset);
    }
    for (std::size_t i = start; i < end; ++i) {
      scratch.candidates.clear();
      impl.Candidates(observables[i].type, observables[i].value, ahead[i - start].hash,
                      scratch.candidates, ahead[i - start].entry);
      if (scratch.candidates.empty()) continue;
      // The common hit: one exact indicator, nothing to confirm on the object.
      if (scratch.candidates.size() == 1 && (scratch.candidates[0] & kRuleFlag) == 0) {
        if (!impl.Usable(scratch.candidates[0], options)) continue;
        std::string_view id = impl.IdOf(scratch.candidates[0]);
        on_hit(i, {&id, 1});
        continue;
      }
      ConfirmCandidates(impl, observables[i], options, scratch,
                        [&](std::span<const std::string_view> ids) { on_hit(i, ids); });
    }
  }
}

Result<std::size_t> Matcher::MatchSco(std::string_view json_text, const MatchOptions& options,
                                      const MatchCallback& on_hit) const {
  boost::system::error_code ec;
  json::value value = json::parse(json_text, ec);
  if (ec || !value.is_object() || StringAt(value.as_object(), "type").empty()) {
    return MakeError(ErrorCode::kInvalidInput, "not a JSON object with a \"type\"");
  }
  const json::object& object = value.as_object();
  thread_local Scratch scratch;
  std::shared_lock lock(impl_->mutex);
  scratch.candidates.clear();
  impl_->ObjectCandidates(object, nullptr, scratch.candidates);
  Confirm(
      *impl_, scratch.candidates, options, [&] { return &object; }, nullptr, scratch.ordinals);
  return Report(*impl_, scratch.ordinals, scratch.ids, on_hit);
}

MatcherStats Matcher::Stats() const {
  std::shared_lock lock(impl_->mutex);
  const Impl& impl = *impl_;
  MatcherStats stats;
  stats.indicators = impl.live;
  stats.prefixes = impl.containing.size() + impl.contained.size();
  stats.memory_bytes = impl.records.capacity() * sizeof(Record) + impl.id_arena.capacity() +
                       impl.ids.memory_bytes() + impl.other.memory_bytes() +
                       impl.containing.memory_bytes() + impl.contained.memory_bytes() +
                       impl.rules.capacity() * sizeof(Rule);
  for (const auto& index : impl.exact) {
    stats.exact_values += index.size();
    stats.memory_bytes += index.memory_bytes();
    stats.value_text_bytes += index.text_bytes();
  }
  for (const auto& [key, index] : impl.regexes) {
    stats.regexes += index.size();
    stats.memory_bytes += index.memory_bytes();
  }
  for (const auto& [key, index] : impl.likes) {
    stats.regexes += index.size();
    stats.memory_bytes += index.memory_bytes();
  }
  for (const Rule& rule : impl.rules) {
    if (rule.stream < 0) ++stats.residual_rules;
    stats.memory_bytes +=
        rule.checks.capacity() * sizeof(std::uint32_t) + rule.object_type.capacity();
  }
  for (const StreamPattern& s : impl.streams) stats.stream_patterns += s.alive ? 1 : 0;
  return stats;
}

}  // namespace qccm::matching
