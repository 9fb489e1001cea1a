// libFuzzer target for observable normalisation: no input may crash it or trip a sanitizer,
// a canonical value must be a fixed point (Normalize(type, Normalize(type, x)) gives the same
// value and type), and type detection never fails on any bytes.
//
// clang-14 cannot compile it (libstdc++ 12's <expected> needs P0848, clang >= 16; see
// fuzz/pattern_fuzz.cc). Built by hand with clang-16 from the repository root:
//   clang++-16 -std=c++2b -D__cpp_concepts=202002L -Wno-macro-redefined -g -O1
//     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Iinclude -Isrc
//     -isystem /opt/qccm-deps/usr/include fuzz/observable_fuzz.cc src/correlation/observable*.cc
//     src/core/result.cc -lidn2 -lboost_url
//     /usr/lib/x86_64-linux-gnu/libphonenumber.so.8 -lprotobuf -o observable_fuzz
//   ./observable_fuzz -max_len=256 fuzz/corpus/observable
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "qccm/correlation/observable.h"
#include "qccm/correlation/observable_ip.h"

namespace {

using qccm::correlation::ObservableType;

[[noreturn]] void Fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "%s\ninput: %.*s\ndetail: %s\n", what, static_cast<int>(input.size()),
               input.data(), detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)qccm::correlation::DetectType(input);
  for (std::size_t t = 0; t < qccm::correlation::kObservableTypeCount; ++t) {
    auto type = static_cast<ObservableType>(t);
    auto first = qccm::correlation::Normalize(type, input);
    if (!first) continue;
    auto second = qccm::correlation::Normalize(first->type, first->value);
    if (!second) Fail("canonical value rejected", input, second.error().message);
    if (second->value != first->value || second->type != first->type) {
      Fail("canonical value is not a fixed point", input, first->value + " -> " + second->value);
    }
  }
  if (auto prefix = qccm::correlation::ParseIpPrefix(input)) {
    auto again = qccm::correlation::ParseIpPrefix(qccm::correlation::FormatIpPrefix(*prefix));
    if (!again || !(*again == *prefix)) Fail("IP prefix does not round-trip", input, "");
  }
  return 0;
}
