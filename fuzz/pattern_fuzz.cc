// libFuzzer target for the STIX pattern parser: no input may crash it or trip a sanitizer, an
// error must point inside the text, and every accepted pattern must round-trip through
// ToString (Parse(ToString(p)) == p, and the canonical text is a fixed point).
//
// Built by hand until the CMake fuzz setup exists. clang-14 cannot compile it: libstdc++ 12's
// <expected> and <variant> need conditionally trivial destructors (P0848), which clang has from
// version 16 (Debian package clang-16 + libclang-rt-16-dev); clang 16 still reports an older
// __cpp_concepts, so <expected> must be told concepts are complete:
//   clang++-16 -std=c++2b -D__cpp_concepts=202002L -Wno-macro-redefined -g -O1
//     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Iinclude -Isrc
//     fuzz/pattern_fuzz.cc src/stix/pattern/*.cc src/core/result.cc src/core/time.cc
//     src/core/stix_id.cc -lsodium -o pattern_fuzz
//   ./pattern_fuzz -max_len=512 -dict=fuzz/pattern_fuzz.dict fuzz/corpus/pattern
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "qccm/stix/pattern.h"

namespace {

[[noreturn]] void Die(const char* what, std::string_view text) {
  std::fprintf(stderr, "pattern_fuzz: %s\ninput: %.*s\n", what, static_cast<int>(text.size()),
               text.data());
  std::abort();
}

std::size_t CodePoints(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = qccm::stix::ParsePattern(text);
  if (!parsed) {
    const qccm::Error& error = parsed.error();
    if (error.code != qccm::ErrorCode::kInvalidInput) return 0;  // kTooLarge
    if (!error.where.column || *error.where.column < 1 ||
        *error.where.column > CodePoints(text) + 1 || error.message.empty()) {
      Die("error without a column inside the text", text);
    }
    return 0;
  }
  const std::string printed = qccm::stix::ToString(*parsed);
  auto again = qccm::stix::ParsePattern(printed);
  if (!again) Die(("canonical text does not parse: " + printed).c_str(), text);
  if (!(*again == *parsed)) Die(("canonical text parses differently: " + printed).c_str(), text);
  if (qccm::stix::ToString(*again) != printed) Die("canonical text is not a fixed point", text);
  return 0;
}
