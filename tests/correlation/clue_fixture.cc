// The correlation test world (see clue_fixture.h).
#include "correlation/clue_fixture.h"

#include <cinttypes>
#include <cstdio>

#include "qccm/core/check.h"
#include "qccm/stix/validator.h"

namespace qccm::correlation::test {

ClueWorld::ClueWorld(IndexOptions index_options, bool match) {
  std::random_device random;
  dir = std::filesystem::temp_directory_path() /
        ("qccm-clue-test-" + std::to_string(random()) + std::to_string(random()));
  Config config;
  config.data_dir = dir.string();
  auto opened = store::OpenStore(config, store::OpenMode::kCreateIfMissing, clock);
  QCCM_CHECK(opened.has_value());
  store = std::move(*opened);
  sharing = std::make_unique<sharing::SharingService>(store->sharing(), clock,
                                                      sharing::PasswordCost::kFastForTests);
  for (const char* code : {"ALPHA", "BRAVO", "CHARLIE", "DELTA"}) {
    QCCM_CHECK(sharing->AddMember(code, code).has_value());
  }
  ingest = std::make_unique<sharing::IngestService>(store->objects(), store->sharing(), clock);
  sharing::SharingStore& members = store->sharing();
  index_options.member_of_code = [&members](std::string_view code) -> std::int64_t {
    auto m = members.GetMemberByCode(code);
    return m ? m->id : 0;
  };
  index = std::make_unique<CorrelationIndex>(std::move(index_options));
  clues = std::make_unique<ClueService>(
      *index, *store->correlation(), store->sharing(), clock,
      ClueServiceOptions{.match_index = match, .ingest = ingest.get()});
  rfis = std::make_unique<RfiService>(*store->correlation(), store->sharing(), *clues, clock,
                                      ingest.get());
  ClueService* c = clues.get();
  ingest->SetAfterCommitHook([c](std::string_view collection, Timestamp date_added,
                                 std::span<const store::NewObjectVersion> added) {
    c->OnIngested(collection, date_added, added);
  });
}

ClueWorld::~ClueWorld() {
  rfis.reset();
  clues.reset();
  store.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

sharing::Principal ClueWorld::As(const std::string& code) {
  auto p = sharing->OperatorFor(code);
  QCCM_CHECK(p.has_value());
  return *p;
}

std::string ClueWorld::Collection(const std::vector<std::string>& read,
                                  const std::vector<std::string>& write) {
  auto c = sharing->AddCollection(
      {.title = "c" + std::to_string(++collections), .read_members = read, .write_members = write});
  QCCM_CHECK(c.has_value());
  return c->id;
}

void ClueWorld::Ingest(const std::string& code, const std::string& collection,
                       const std::vector<std::string>& objects) {
  std::string text = "{\"objects\":[";
  for (std::size_t i = 0; i < objects.size(); ++i) text += (i ? "," : "") + objects[i];
  text += "]}";
  auto document = stix::ParseInput("test", std::move(text));
  ASSERT_TRUE(document) << document.error().ToString();
  auto report = ingest->Ingest(As(code), collection, document->objects(), {.threads = 1});
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_TRUE(report->rejected.empty()) << report->rejected.front().error.ToString();
  clock.Advance(1000000);
}

std::string Uuid(std::uint64_t n) {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012" PRIx64, n);
  return text;
}

namespace {
constexpr const char* kTimes =
    R"("created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z")";
}

std::string Indicator(std::uint64_t n, const std::string& pattern, const std::string& extra) {
  return R"({"type":"indicator","spec_version":"2.1","id":"indicator--)" + Uuid(n) + "\"," +
         kTimes + R"(,"pattern":")" + pattern +
         R"(","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z")" + extra + "}";
}

std::string Sighting(std::uint64_t n, const std::string& of, const std::string& extra) {
  return R"({"type":"sighting","spec_version":"2.1","id":"sighting--)" + Uuid(n) + "\"," + kTimes +
         R"(,"sighting_of_ref":")" + of + "\"" + extra + "}";
}

std::string Opinion(std::uint64_t n, const std::string& about, const std::string& opinion) {
  return R"({"type":"opinion","spec_version":"2.1","id":"opinion--)" + Uuid(n) + "\"," + kTimes +
         R"(,"opinion":")" + opinion + R"(","object_refs":[")" + about + "\"]}";
}

std::string Red(const std::vector<std::string>& members) {
  std::string out =
      R"(,"object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"])";
  if (members.empty()) return out;
  out += R"(,"extensions":{")" + std::string(stix::kQccmSharingExtensionId) +
         R"(":{"extension_type":"property-extension","shared_with":[)";
  for (std::size_t i = 0; i < members.size(); ++i) out += (i ? ",\"" : "\"") + members[i] + "\"";
  return out + "]}}";
}

}  // namespace qccm::correlation::test
