// The store conformance suite: tests written only against Store / ObjectStore / SharingStore,
// run on every backend that ConformanceBackends() lists (store_backends.cc).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "qccm/core/time.h"
#include "qccm/store/store.h"

namespace qccm::store::testing {

struct StoreBackend {
  std::string name;  // a test-name suffix: letters, digits and '_'
  // Opens the store kept at `place` (a fresh, empty temporary directory per test; the same
  // place again on Reopen()). `clock` gives date_added and outlives the store.
  std::function<Result<std::unique_ptr<Store>>(const std::string& place, OpenMode mode,
                                               Clock& clock)>
      open;
};

// Test names print the backend's name, not its bytes.
inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

// The backends the suite runs on: SQLite always; PostgreSQL joins here when it exists.
std::vector<StoreBackend> ConformanceBackends();
// The test-name suffix of a backend.
std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info);

// Each test gets a fresh store in its own temporary directory, removed afterwards.
class StoreFixture : public ::testing::TestWithParam<StoreBackend> {
 public:
  // The fake clock's start, and the base of MakeVersion's `modified` offsets.
  static constexpr Timestamp kStart = Timestamp::FromSeconds(1'700'000'000);

 protected:
  void SetUp() override;
  void TearDown() override;

  // Closes the store and opens it again at the same place.
  void Reopen();

  Store& store() { return *store_; }
  ObjectStore& objects() { return store_->objects(); }
  sharing::SharingStore& sharing() { return store_->sharing(); }

  // Creates a member with the given code and returns its id.
  std::int64_t AddMember(const std::string& code);
  // Creates a collection (no rights) and returns its id.
  std::string AddCollection(const std::string& alias = "");

  std::string place_;
  FakeClock clock_{kStart};
  std::unique_ptr<Store> store_;
};

// One object version to put, owning its text (NewObjectVersion only views it).
struct TestVersion {
  std::string id;
  std::string type;
  std::string spec_version = "2.1";
  Timestamp modified;
  std::string json;
  stix::Tlp tlp = stix::Tlp::kNone;
  std::int64_t author_member = 0;
  std::vector<std::int64_t> named_members;

  NewObjectVersion View() const;
};

// A version of `id` (type taken from it) modified at kStart + `modified_offset` seconds, with
// JSON text that depends on `content`.
TestVersion MakeVersion(const std::string& id, int modified_offset,
                        const std::string& content = "");

// A STIX-like id "<type>--<uuid>" with a UUID derived from `n`.
std::string MakeId(const std::string& type, int n);

// Puts `versions` and expects success.
PutResult PutOk(ObjectStore& store, const std::string& collection,
                const std::vector<TestVersion>& versions, StatusRecord* status = nullptr);

// Lists every page of `query` (following cursors) and returns the objects in order.
std::vector<StoredObject> ListAll(ObjectStore& store, const std::string& collection,
                                  ObjectQuery query, const Viewer& viewer = {});

// "id@modified-seconds-offset" strings of a listing, for readable expectations.
std::vector<std::string> Keys(const std::vector<StoredObject>& objects);
std::string Key(const std::string& id, int modified_offset);

}  // namespace qccm::store::testing
