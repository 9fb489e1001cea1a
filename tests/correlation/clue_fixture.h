// A node's correlation services over a real SQLite store in a temporary directory, with members
// ALPHA, BRAVO, CHARLIE, DELTA and an ingest path whose hook keeps the index current.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "qccm/correlation/clue_service.h"
#include "qccm/correlation/rfi_service.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/stix/reader.h"
#include "qccm/store/store.h"

namespace qccm::correlation::test {

struct ClueWorld {
  explicit ClueWorld(IndexOptions index_options = {}, bool match = true);
  ~ClueWorld();

  sharing::Principal As(const std::string& code);
  // Creates a collection readable by `read` and writable by `write` (member codes).
  std::string Collection(const std::vector<std::string>& read,
                         const std::vector<std::string>& write);
  // Ingests JSON objects as `code` into `collection`; expects every object accepted.
  void Ingest(const std::string& code, const std::string& collection,
              const std::vector<std::string>& objects);

  std::filesystem::path dir;
  FakeClock clock{Timestamp::FromSeconds(1720000000)};
  std::unique_ptr<store::Store> store;
  std::unique_ptr<sharing::SharingService> sharing;
  std::unique_ptr<sharing::IngestService> ingest;
  std::unique_ptr<CorrelationIndex> index;
  std::unique_ptr<ClueService> clues;
  std::unique_ptr<RfiService> rfis;
  int collections = 0;
};

// STIX text builders (valid 2.1 objects). `n` makes the id unique.
std::string Uuid(std::uint64_t n);
std::string Indicator(std::uint64_t n, const std::string& pattern, const std::string& extra = "");
std::string Sighting(std::uint64_t n, const std::string& of, const std::string& extra = "");
std::string Opinion(std::uint64_t n, const std::string& about, const std::string& opinion);
// The TLP:RED marking plus the QCCM sharing extension naming `members` (may be empty).
std::string Red(const std::vector<std::string>& members);

}  // namespace qccm::correlation::test
