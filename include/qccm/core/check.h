// QCCM_CHECK: the one way to assert an invariant. A failed check is a bug, not an error:
// it logs the condition and the place, then aborts (in every build type).
#pragma once

namespace qccm::detail {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line,
                              const char* message);
}  // namespace qccm::detail

#define QCCM_CHECK(condition)                                          \
  do {                                                                 \
    if (!(condition)) [[unlikely]] {                                   \
      ::qccm::detail::CheckFailed(#condition, __FILE__, __LINE__, ""); \
    }                                                                  \
  } while (false)

#define QCCM_CHECK_MSG(condition, message)                                    \
  do {                                                                        \
    if (!(condition)) [[unlikely]] {                                          \
      ::qccm::detail::CheckFailed(#condition, __FILE__, __LINE__, (message)); \
    }                                                                         \
  } while (false)
