// Parallel validation: the batch is cut into one contiguous range per thread, so results need
// no locking and stay in input order.
#include "qccm/stix/batch_validation.h"

#include <algorithm>
#include <thread>

namespace qccm::stix {
namespace {

// Below this many objects a second thread costs more than it saves.
constexpr std::size_t kParallelThreshold = 2000;

void ValidateRange(const ValidatorOptions& options, std::span<const RawObject> objects,
                   std::span<CheckedObject> out, bool padded) {
  Validator validator(options);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const RawObject& raw = objects[i];
    if (raw.error) {
      out[i].findings.push_back(Finding{Severity::kError, *raw.error});
      continue;
    }
    out[i].facts = validator.Validate(raw.json, out[i].findings, padded);
  }
}

}  // namespace

std::vector<CheckedObject> ValidateBatch(std::span<const RawObject> objects,
                                         const ValidatorOptions& options, bool padded,
                                         int threads) {
  std::vector<CheckedObject> checked(objects.size());
  std::size_t n = threads > 0 ? static_cast<std::size_t>(threads)
                              : std::max(1u, std::thread::hardware_concurrency());
  if (objects.size() < kParallelThreshold) n = 1;
  std::size_t chunk = (objects.size() + n - 1) / n;
  std::vector<std::jthread> workers;
  for (std::size_t t = 1; t < n; ++t) {
    std::size_t begin = std::min(objects.size(), t * chunk);
    std::size_t end = std::min(objects.size(), begin + chunk);
    workers.emplace_back([&, begin, end] {
      ValidateRange(options, objects.subspan(begin, end - begin),
                    std::span(checked).subspan(begin, end - begin), padded);
    });
  }
  std::size_t first_end = std::min(objects.size(), chunk);
  ValidateRange(options, objects.subspan(0, first_end), std::span(checked).subspan(0, first_end),
                padded);
  return checked;  // the jthreads join before this returns the vector
}

}  // namespace qccm::stix
