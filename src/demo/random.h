// Deterministic pseudo-random numbers for the demo generator: xoshiro256** seeded through
// splitmix64 (Blackman and Vigna). Hand-written on purpose: std:: engines are portable but the
// std:: distributions are not specified bit for bit and differ between standard libraries,
// and the generator must give byte-identical output on every machine.
#pragma once

#include <array>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>

namespace qccm::demo {

inline std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Not thread-safe; cheap to copy.
class Rng final {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : state_) word = SplitMix64(seed);
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n) for n > 0. The modulo bias (below 2^-40 for the sizes used) does not
  // matter for demo data, and the result is the same everywhere.
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }
  std::size_t Index(std::size_t n) { return static_cast<std::size_t>(Below(n)); }

  // Uniform in [lo, hi].
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  // True with probability percent/100.
  bool Percent(unsigned percent) { return Below(100) < percent; }

  template <typename Container>
  const auto& Pick(const Container& items) {
    return items[Index(std::size(items))];
  }

  // An index chosen with the given relative weights (at least one non-zero).
  std::size_t Weighted(std::span<const unsigned> weights) {
    std::uint64_t total = 0;
    for (unsigned w : weights) total += w;
    std::uint64_t r = Below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }

  // Appends `count` lower-case hex digits.
  void AppendHex(std::string& out, std::size_t count) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (i % 16 == 0) bits = Next();
      out.push_back(kDigits[bits & 0xf]);
      bits >>= 4;
    }
  }

  // A version 4 UUID (RFC 4122 variant) made of this generator's bits.
  std::string Uuid4() {
    std::string out;
    out.reserve(36);
    AppendUuid4(out);
    return out;
  }

  void AppendUuid4(std::string& out) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::uint64_t hi = Next();
    std::uint64_t lo = Next();
    hi = (hi & ~0xf000ULL) | 0x4000ULL;                         // version 4
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10xx
    for (int i = 0; i < 32; ++i) {
      if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
      std::uint64_t word = i < 16 ? hi : lo;
      int shift = 60 - 4 * (i % 16);
      out.push_back(kDigits[(word >> shift) & 0xf]);
    }
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

}  // namespace qccm::demo
