// The correlation index (see the header). Strings live in an append-only arena and are referred
// to by 32-bit ordinals; object entries are linked per object id and per author member, so the
// only per-posting cost is one 32-bit entry number.
#include "qccm/correlation/correlation_index.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>

#include "qccm/core/check.h"

namespace qccm::correlation {
namespace {

constexpr std::uint32_t kNone = 0xffffffffU;

// Append-only string storage: views stay valid for the index's life.
class Arena {
 public:
  std::string_view Store(std::string_view text) {
    if (chunks_.empty() || used_ + text.size() > chunk_size_) {
      std::size_t size = std::max(kChunk, text.size());
      chunks_.push_back(std::make_unique<char[]>(size));
      chunk_size_ = size;
      used_ = 0;
      bytes_ += size;
    }
    char* at = chunks_.back().get() + used_;
    std::copy(text.begin(), text.end(), at);
    used_ += text.size();
    return {at, text.size()};
  }
  std::size_t bytes() const { return bytes_; }

 private:
  static constexpr std::size_t kChunk = 1 << 16;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t chunk_size_ = 0;
  std::size_t used_ = 0;
  std::size_t bytes_ = 0;
};

// Interns strings to dense ordinals.
class Interner {
 public:
  explicit Interner(Arena& arena) : arena_(arena) {}
  std::uint32_t Intern(std::string_view text) {
    auto it = ids_.find(text);
    if (it != ids_.end()) return it->second;
    std::string_view stored = arena_.Store(text);
    auto id = static_cast<std::uint32_t>(texts_.size());
    texts_.push_back(stored);
    ids_.emplace(stored, id);
    return id;
  }
  std::uint32_t Find(std::string_view text) const {
    auto it = ids_.find(text);
    return it == ids_.end() ? kNone : it->second;
  }
  std::string_view Text(std::uint32_t id) const { return texts_[id]; }
  std::size_t size() const { return texts_.size(); }
  std::size_t MemoryBytes() const {
    return texts_.capacity() * sizeof(std::string_view) + ids_.bucket_count() * sizeof(void*) +
           ids_.size() * (sizeof(std::string_view) + sizeof(std::uint32_t) + 2 * sizeof(void*));
  }

 private:
  Arena& arena_;
  std::vector<std::string_view> texts_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

struct Entry {
  std::uint32_t id = kNone;          // object id ordinal
  std::uint32_t collection = kNone;  // collection ordinal
  std::uint32_t visibility = kNone;
  std::uint32_t type = kNone;  // type ordinal
  std::uint32_t next_same_id = kNone;
  std::uint32_t next_by_member = kNone;
  std::uint32_t created_by = kNone;  // object id ordinal of created_by_ref
  ClueKind kind = ClueKind::kOther;
  std::int8_t stance = 0;
  bool live = false;     // holds a non-revoked version
  bool present = false;  // the slot is in use (live or a revoked tombstone)
  std::int64_t author = 0;
  std::int64_t identity_member = 0;
  Timestamp modified;
  Timestamp first_seen;
  Timestamp last_seen;
  std::vector<std::uint32_t> values;   // value ordinals this entry posts to
  std::vector<std::uint32_t> targets;  // object id ordinals it references
  std::vector<std::int64_t> sources;   // claimed provenance members
};

std::uint64_t PairKey(std::uint32_t a, std::uint32_t b) {
  return (static_cast<std::uint64_t>(a) << 32) | b;
}

std::string ClassKey(const VisibilityClass& c, std::uint32_t collection) {
  std::string key = std::to_string(collection);
  if (c.red) {
    key += "|r" + std::to_string(c.author_member);
    for (auto m : c.named_members) key += "," + std::to_string(m);
  }
  return key;
}

}  // namespace

struct CorrelationIndex::Impl {
  explicit Impl(IndexOptions o)
      : options(std::move(o)), values(arena), object_ids(arena), strings(arena) {}

  IndexOptions options;
  mutable std::shared_mutex mutex;
  Arena arena;
  Interner values;      // type byte + canonical value
  Interner object_ids;  // STIX ids (objects, references, created_by_ref)
  Interner strings;     // collection ids and type names
  std::vector<std::vector<std::uint32_t>> postings;  // per value ordinal: entry numbers
  std::vector<Entry> entries;
  std::vector<std::uint32_t> free_entries;
  std::unordered_map<std::uint64_t, std::uint32_t> entry_of;  // (collection, id) -> entry
  std::vector<std::uint32_t> id_head;                         // id ordinal -> first entry
  std::unordered_map<std::int64_t, std::uint32_t> member_head;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> referrers;  // target -> entries
  std::vector<VisibilityClass> classes;
  std::unordered_map<std::string, std::uint32_t> class_ids;
  std::unordered_map<std::uint64_t, std::uint32_t> class_counts;  // (value, class) -> postings
  std::unordered_set<std::uint64_t> saturated;
  std::size_t posting_count = 0;
  std::size_t live_entries = 0;
  std::size_t excluded_skipped = 0;
  std::size_t capped_postings = 0;

  std::uint32_t ClassFor(const IndexedVersion& v, std::uint32_t collection) {
    VisibilityClass c;
    c.collection_id = std::string(v.collection_id);
    if (v.tlp == stix::Tlp::kRed) {
      c.red = true;
      c.author_member = v.author_member;
      c.named_members.assign(v.named_members.begin(), v.named_members.end());
      std::sort(c.named_members.begin(), c.named_members.end());
      c.named_members.erase(std::unique(c.named_members.begin(), c.named_members.end()),
                            c.named_members.end());
    }
    std::string key = ClassKey(c, collection);
    auto it = class_ids.find(key);
    if (it != class_ids.end()) return it->second;
    auto id = static_cast<std::uint32_t>(classes.size());
    classes.push_back(std::move(c));
    class_ids.emplace(std::move(key), id);
    return id;
  }

  void Post(std::uint32_t value, std::uint32_t entry_no, std::uint32_t visibility) {
    auto& list = postings[value];
    if (list.size() >= options.cap_per_class) {
      std::uint64_t key = PairKey(value, visibility);
      auto it = class_counts.find(key);
      if (it == class_counts.end()) {
        auto n = static_cast<std::uint32_t>(std::count_if(
            list.begin(), list.end(), [&](auto e) { return entries[e].visibility == visibility; }));
        it = class_counts.emplace(key, n).first;
      }
      if (it->second >= options.cap_per_class) {
        saturated.insert(key);
        ++capped_postings;
        return;
      }
      ++it->second;
    }
    list.push_back(entry_no);
    entries[entry_no].values.push_back(value);
    ++posting_count;
  }

  void Unpost(std::uint32_t entry_no) {
    Entry& e = entries[entry_no];
    for (std::uint32_t value : e.values) {
      auto& list = postings[value];
      auto it = std::find(list.begin(), list.end(), entry_no);
      if (it == list.end()) continue;
      list.erase(it);
      --posting_count;
      if (auto c = class_counts.find(PairKey(value, e.visibility)); c != class_counts.end()) {
        --c->second;
      }
    }
    e.values.clear();
    for (std::uint32_t target : e.targets) {
      auto r = referrers.find(target);
      if (r == referrers.end()) continue;
      std::erase(r->second, entry_no);
      if (r->second.empty()) referrers.erase(r);
    }
    e.targets.clear();
    e.sources.clear();
    if (e.live) --live_entries;
    e.live = false;
  }

  void Unlink(std::uint32_t entry_no) {
    Entry& e = entries[entry_no];
    for (std::uint32_t* p = &id_head[e.id]; *p != kNone; p = &entries[*p].next_same_id) {
      if (*p == entry_no) {
        *p = e.next_same_id;
        break;
      }
    }
    auto head = member_head.find(e.author);
    if (head != member_head.end()) {
      for (std::uint32_t* p = &head->second; *p != kNone; p = &entries[*p].next_by_member) {
        if (*p == entry_no) {
          *p = e.next_by_member;
          break;
        }
      }
    }
  }

  IndexedObject Copy(std::uint32_t entry_no) const {
    const Entry& e = entries[entry_no];
    IndexedObject o;
    o.id = std::string(object_ids.Text(e.id));
    o.type = std::string(strings.Text(e.type));
    o.collection_id = std::string(strings.Text(e.collection));
    o.visibility = e.visibility;
    o.kind = e.kind;
    o.author_member = e.author;
    o.source_members = e.sources;
    if (e.created_by != kNone) o.created_by_ref = std::string(object_ids.Text(e.created_by));
    o.identity_member = e.identity_member;
    o.modified = e.modified;
    o.first_seen = e.first_seen;
    o.last_seen = e.last_seen;
    o.stance = e.stance;
    for (auto t : e.targets) o.target_refs.emplace_back(object_ids.Text(t));
    for (auto v : e.values) {
      std::string_view key = values.Text(v);
      o.observables.push_back({static_cast<ObservableType>(key[0]), std::string(key.substr(1))});
    }
    return o;
  }
};

namespace {

bool Readable(const ReadableClasses& readable, std::uint32_t visibility) {
  return visibility < readable.size() && readable[visibility] != 0;
}

void SortObjects(std::vector<IndexedObject>& objects) {
  std::sort(objects.begin(), objects.end(), [](const IndexedObject& a, const IndexedObject& b) {
    return std::tie(a.first_seen, a.id, a.collection_id) <
           std::tie(b.first_seen, b.id, b.collection_id);
  });
}

}  // namespace

CorrelationIndex::CorrelationIndex(IndexOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  QCCM_CHECK(impl_->options.cap_per_class >= 1);
}

CorrelationIndex::~CorrelationIndex() = default;

const Exclusions& CorrelationIndex::exclusions() const { return impl_->options.exclusions; }

bool CorrelationIndex::Apply(const IndexedVersion& v, const ParsedClue& parsed) {
  Impl& m = *impl_;
  std::unique_lock lock(m.mutex);
  std::uint32_t collection = m.strings.Intern(v.collection_id);
  std::uint32_t id = m.object_ids.Intern(v.id);
  if (m.id_head.size() <= id) m.id_head.resize(id + 1, kNone);
  std::uint64_t key = PairKey(collection, id);
  std::uint32_t entry_no = kNone;
  if (auto it = m.entry_of.find(key); it != m.entry_of.end()) {
    entry_no = it->second;
    Entry& old = m.entries[entry_no];
    if (v.modified <= old.modified) return false;
    m.Unpost(entry_no);
    m.Unlink(entry_no);
  } else {
    if (!m.free_entries.empty()) {
      entry_no = m.free_entries.back();
      m.free_entries.pop_back();
      m.entries[entry_no] = Entry{};
    } else {
      entry_no = static_cast<std::uint32_t>(m.entries.size());
      m.entries.emplace_back();
    }
    m.entries[entry_no].first_seen = v.date_added;
    m.entry_of.emplace(key, entry_no);
  }
  std::uint32_t visibility = m.ClassFor(v, collection);
  {
    Entry& e = m.entries[entry_no];
    e.id = id;
    e.collection = collection;
    e.visibility = visibility;
    e.type = m.strings.Intern(v.type);
    e.kind = parsed.kind;
    e.stance = static_cast<std::int8_t>(parsed.stance);
    e.author = v.author_member;
    e.modified = v.modified;
    e.last_seen = v.date_added;
    e.present = true;
    e.live = !v.revoked;
    e.created_by =
        parsed.created_by_ref.empty() ? kNone : m.object_ids.Intern(parsed.created_by_ref);
    e.identity_member = 0;
    e.next_same_id = m.id_head[id];
    m.id_head[id] = entry_no;
    auto [head, inserted] = m.member_head.try_emplace(v.author_member, kNone);
    e.next_by_member = head->second;
    head->second = entry_no;
  }
  if (v.revoked) return true;
  ++m.live_entries;
  Entry& e = m.entries[entry_no];
  if (m.options.member_of_code) {
    for (const auto& code : parsed.source_member_codes) {
      std::int64_t member = m.options.member_of_code(code);
      if (member != 0 && std::find(e.sources.begin(), e.sources.end(), member) == e.sources.end()) {
        e.sources.push_back(member);
      }
    }
    // An identity stands for a member only when that member submitted it itself.
    if (parsed.kind == ClueKind::kIdentity && !parsed.member_code.empty() &&
        m.options.member_of_code(parsed.member_code) == v.author_member) {
      e.identity_member = v.author_member;
    }
  }
  for (const auto& target : parsed.target_refs) {
    std::uint32_t t = m.object_ids.Intern(target);
    if (std::find(e.targets.begin(), e.targets.end(), t) != e.targets.end()) continue;
    m.entries[entry_no].targets.push_back(t);
    m.referrers[t].push_back(entry_no);
  }
  std::string value_key;
  for (const Observable& o : parsed.observables) {
    if (!m.options.exclusions.ReasonFor(o).empty()) {
      ++m.excluded_skipped;
      continue;
    }
    value_key.assign(1, static_cast<char>(o.type));
    value_key += o.value;
    std::uint32_t value = m.values.Intern(value_key);
    if (m.postings.size() <= value) m.postings.resize(value + 1);
    m.Post(value, entry_no, visibility);
  }
  return true;
}

bool CorrelationIndex::Remove(std::string_view collection_id, std::string_view id) {
  Impl& m = *impl_;
  std::unique_lock lock(m.mutex);
  std::uint32_t collection = m.strings.Find(collection_id);
  std::uint32_t object = m.object_ids.Find(id);
  if (collection == kNone || object == kNone) return false;
  auto it = m.entry_of.find(PairKey(collection, object));
  if (it == m.entry_of.end()) return false;
  std::uint32_t entry_no = it->second;
  m.Unpost(entry_no);
  m.Unlink(entry_no);
  m.entries[entry_no] = Entry{};
  m.free_entries.push_back(entry_no);
  m.entry_of.erase(it);
  return true;
}

std::vector<VisibilityClass> CorrelationIndex::Classes() const {
  std::shared_lock lock(impl_->mutex);
  return impl_->classes;
}

std::vector<std::uint32_t> CorrelationIndex::ClassesOf(std::string_view id) const {
  const Impl& m = *impl_;
  std::shared_lock lock(m.mutex);
  std::vector<std::uint32_t> out;
  std::uint32_t object = m.object_ids.Find(id);
  if (object == kNone || object >= m.id_head.size()) return out;
  for (std::uint32_t e = m.id_head[object]; e != kNone; e = m.entries[e].next_same_id) {
    if (m.entries[e].live) out.push_back(m.entries[e].visibility);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

LookupResult CorrelationIndex::Lookup(const Observable& observable,
                                      const ReadableClasses& readable) const {
  const Impl& m = *impl_;
  LookupResult result;
  result.excluded = m.options.exclusions.ReasonFor(observable);
  if (!result.excluded.empty()) return result;
  std::string key(1, static_cast<char>(observable.type));
  key += observable.value;
  std::shared_lock lock(m.mutex);
  std::uint32_t value = m.values.Find(key);
  if (value == kNone) return result;
  const auto& list = m.postings[value];
  for (std::uint32_t e : list) {
    const Entry& entry = m.entries[e];
    if (Readable(readable, entry.visibility)) {
      result.readable.push_back(m.Copy(e));
    } else {
      result.hidden.emplace_back(entry.author, std::string(m.object_ids.Text(entry.id)));
    }
  }
  if (list.size() >= m.options.cap_per_class && !m.saturated.empty()) {
    for (std::uint32_t c = 0; c < readable.size() && c < m.classes.size(); ++c) {
      if (readable[c] != 0 && m.saturated.contains(PairKey(value, c))) result.truncated = true;
    }
  }
  SortObjects(result.readable);
  return result;
}

std::vector<IndexedObject> CorrelationIndex::Objects(std::string_view id,
                                                     const ReadableClasses& readable) const {
  const Impl& m = *impl_;
  std::shared_lock lock(m.mutex);
  std::vector<IndexedObject> out;
  std::uint32_t object = m.object_ids.Find(id);
  if (object == kNone || object >= m.id_head.size()) return out;
  for (std::uint32_t e = m.id_head[object]; e != kNone; e = m.entries[e].next_same_id) {
    if (m.entries[e].live && Readable(readable, m.entries[e].visibility)) {
      out.push_back(m.Copy(e));
    }
  }
  SortObjects(out);
  return out;
}

std::vector<IndexedObject> CorrelationIndex::ReferencesTo(std::string_view id,
                                                          const ReadableClasses& readable) const {
  const Impl& m = *impl_;
  std::shared_lock lock(m.mutex);
  std::vector<IndexedObject> out;
  std::uint32_t object = m.object_ids.Find(id);
  if (object == kNone) return out;
  auto it = m.referrers.find(object);
  if (it == m.referrers.end()) return out;
  for (std::uint32_t e : it->second) {
    if (Readable(readable, m.entries[e].visibility)) out.push_back(m.Copy(e));
  }
  SortObjects(out);
  return out;
}

std::vector<IndexedObject> CorrelationIndex::CluesBy(std::int64_t member,
                                                     const ReadableClasses& readable,
                                                     std::size_t limit) const {
  const Impl& m = *impl_;
  std::shared_lock lock(m.mutex);
  std::vector<IndexedObject> out;
  auto head = m.member_head.find(member);
  if (head == m.member_head.end()) return out;
  // Newest first by link order; collect every readable clue, then order by time so the answer
  // does not depend on how hidden entries were interleaved.
  for (std::uint32_t e = head->second; e != kNone; e = m.entries[e].next_by_member) {
    const Entry& entry = m.entries[e];
    if (!entry.live || entry.values.empty() || !Readable(readable, entry.visibility)) continue;
    out.push_back(m.Copy(e));
  }
  SortObjects(out);
  std::reverse(out.begin(), out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::optional<std::uint32_t> CorrelationIndex::VisibilityOf(std::string_view collection_id,
                                                            std::string_view id) const {
  const Impl& m = *impl_;
  std::shared_lock lock(m.mutex);
  std::uint32_t collection = m.strings.Find(collection_id);
  std::uint32_t object = m.object_ids.Find(id);
  if (collection == kNone || object == kNone) return std::nullopt;
  auto it = m.entry_of.find(PairKey(collection, object));
  if (it == m.entry_of.end()) return std::nullopt;
  return m.entries[it->second].visibility;
}

std::int64_t CorrelationIndex::AuthorOf(std::string_view id, std::uint32_t visibility) const {
  const Impl& m = *impl_;
  std::shared_lock lock(m.mutex);
  std::uint32_t object = m.object_ids.Find(id);
  if (object == kNone || object >= m.id_head.size()) return 0;
  for (std::uint32_t e = m.id_head[object]; e != kNone; e = m.entries[e].next_same_id) {
    if (m.entries[e].live && m.entries[e].visibility == visibility) return m.entries[e].author;
  }
  return 0;
}

IndexStats CorrelationIndex::Stats() const {
  const Impl& m = *impl_;
  std::shared_lock lock(m.mutex);
  IndexStats s;
  s.values = m.values.size();
  s.postings = m.posting_count;
  s.objects = m.live_entries;
  s.classes = m.classes.size();
  s.excluded_skipped = m.excluded_skipped;
  s.saturated_pairs = m.saturated.size();
  s.capped_postings = m.capped_postings;
  std::size_t posting_bytes = m.postings.capacity() * sizeof(std::vector<std::uint32_t>);
  for (const auto& list : m.postings) posting_bytes += list.capacity() * sizeof(std::uint32_t);
  std::size_t value_text = 0;
  for (std::size_t i = 0; i < m.values.size(); ++i)
    value_text += m.values.Text(static_cast<std::uint32_t>(i)).size();
  s.value_memory_bytes = posting_bytes + m.values.MemoryBytes() + value_text;
  std::size_t entry_bytes = m.entries.capacity() * sizeof(Entry);
  for (const auto& e : m.entries) {
    entry_bytes += e.values.capacity() * sizeof(std::uint32_t) +
                   e.targets.capacity() * sizeof(std::uint32_t) +
                   e.sources.capacity() * sizeof(std::int64_t);
  }
  std::size_t maps =
      m.entry_of.bucket_count() * sizeof(void*) +
      m.entry_of.size() * (sizeof(std::uint64_t) + sizeof(std::uint32_t) + 2 * sizeof(void*)) +
      m.id_head.capacity() * sizeof(std::uint32_t) + m.object_ids.MemoryBytes() +
      m.strings.MemoryBytes();
  s.memory_bytes = m.arena.bytes() + posting_bytes + m.values.MemoryBytes() + entry_bytes + maps;
  return s;
}

}  // namespace qccm::correlation
