// DetectCanonical (the matcher's one-pass fast path) against the full path it stands for:
// over many generated inputs, near-canonical and broken on purpose, it must give DetectType's
// type, and claim "canonical" only when Normalize returns the input unchanged with that type
// (URLs: when the full RFC 3986 normaliser, not its own fast check, does).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "qccm/correlation/observable.h"

namespace qccm::correlation {
namespace {

using T = ObservableType;

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::size_t Below(std::size_t n) { return rng_() % n; }
  bool OneIn(std::size_t n) { return Below(n) == 0; }
  char From(std::string_view alphabet) { return alphabet[Below(alphabet.size())]; }
  std::string Run(std::string_view alphabet, std::size_t min, std::size_t max) {
    std::string out;
    std::size_t n = min + Below(max - min + 1);
    for (std::size_t i = 0; i < n; ++i) out += From(alphabet);
    return out;
  }

  std::string Ipv4() {
    std::string out;
    std::size_t parts = OneIn(8) ? 2 + Below(4) : 4;
    for (std::size_t i = 0; i < parts; ++i) {
      if (i > 0) out += '.';
      if (OneIn(10)) out += '0';  // a leading zero
      out += std::to_string(OneIn(10) ? Below(400) : Below(256));
    }
    if (OneIn(10)) out += "/" + std::to_string(Below(40));
    if (OneIn(30)) out += '.';
    return out;
  }
  std::string Hash() {
    static constexpr std::size_t kLengths[] = {31, 32, 33, 40, 41, 64, 70, 72, 128, 127};
    std::string out;
    std::size_t length = kLengths[Below(std::size(kLengths))];
    for (std::size_t i = 0; i < length; ++i) {
      out += From(OneIn(20) ? "0123456789abcdefABCDEFgxz" : "0123456789abcdef");
    }
    if (OneIn(20)) out.insert(0, OneIn(2) ? "T1" : "0x");
    return out;
  }
  std::string Label() {
    if (OneIn(30)) return "xn--" + Run("abcdefghijklmnopqrstuvwxyz0123456789", 1, 8);
    if (OneIn(40)) return std::string(64, 'a');
    if (OneIn(15)) return Run("0123456789", 1, 4);
    std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_";
    if (OneIn(10)) alphabet += "ABCXYZ";
    if (OneIn(30)) alphabet += "\xc3\xa9";
    return Run(alphabet, OneIn(30) ? 0 : 1, 12);
  }
  std::string Domain() {
    std::string out = Label();
    std::size_t labels = 1 + Below(4);
    for (std::size_t i = 0; i < labels; ++i) out += "." + Label();
    if (OneIn(20)) out += '.';
    if (OneIn(40)) {
      while (out.size() < 260) out += ".abcdefghij";
    }
    return out;
  }
  std::string Url() {
    std::string out = OneIn(2) ? "http://" : "https://";
    if (OneIn(20)) out = OneIn(2) ? "HTTP://" : "ftp://";
    out += OneIn(10) ? Ipv4() : Domain();
    if (OneIn(10)) out += ":" + std::to_string(OneIn(2) ? 80 : Below(70000));
    if (!OneIn(10)) {
      out += '/';
      out += Run("abcXYZ019-._~!$&'()*+,;=:@/?%#[] ", 0, 24);
      if (OneIn(10)) out += OneIn(2) ? "/./x" : "/../";
    }
    return out;
  }
  std::string Noise() { return Run("0123456789abcdefxyzABC.:/@+-_ \t\x80\xff%", 0, 20); }
  std::string Wallet() {
    if (OneIn(2)) return "0x" + Run("0123456789abcdefABCDEF", 40, 40);
    if (OneIn(2)) return "bc1" + Run("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 11, 60);
    return std::string(OneIn(2) ? "1" : "3") +
           Run("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 25, 34);
  }
  std::string Any() {
    switch (Below(7)) {
      case 0:
        return Ipv4();
      case 1:
        return Hash();
      case 2:
        return Domain();
      case 3:
        return Url();
      case 4:
        return Wallet();
      case 5: {
        std::string s = Any();
        return OneIn(2) ? " " + s : s + "\r";
      }
      default:
        return Noise();
    }
  }

 private:
  std::mt19937 rng_;
};

// What the full path says about `raw`: the detected type, and the normalised value.
void ExpectAgreesWithTheFullPath(const std::string& raw, int& canonical_claims) {
  DetectedValue fast = DetectCanonical(raw);
  std::optional<T> type = DetectType(raw);
  ASSERT_EQ(fast.type, type) << "'" << raw << "'";
  if (!fast.canonical) return;
  ++canonical_claims;
  ASSERT_TRUE(type.has_value());
  if (*type == T::kUrl) {
    // A fragment forces the full RFC 3986 normaliser (the URL fast check declines fragments).
    auto full = Normalize(T::kUrl, raw + "#");
    ASSERT_TRUE(full) << "'" << raw << "': " << full.error().ToString();
    EXPECT_EQ(full->value, raw + "#");
    return;
  }
  auto full = Normalize(*type, raw);
  ASSERT_TRUE(full) << "'" << raw << "' claimed canonical: " << full.error().ToString();
  EXPECT_EQ(full->type, *type) << raw;
  EXPECT_EQ(full->value, raw);
}

TEST(DetectCanonical, AgreesWithDetectTypeAndNormalizeOverManyInputs) {
  Generator gen(20240601);
  int claims = 0;
  for (int i = 0; i < 200000; ++i) {
    ExpectAgreesWithTheFullPath(gen.Any(), claims);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(claims, 20000);  // the fast path is taken, not merely safe
}

TEST(DetectCanonical, TakesTheFastPathForCanonicalCommonShapes) {
  struct Case {
    std::string value;
    T type;
  };
  for (const Case& c :
       {Case{"198.51.100.7", T::kIpv4}, Case{"0.0.0.0", T::kIpv4},
        Case{"255.255.255.255", T::kIpv4}, Case{std::string(32, 'a'), T::kMd5},
        Case{std::string(40, '0'), T::kSha1}, Case{std::string(64, 'f'), T::kSha256},
        Case{std::string(128, '9'), T::kSha512}, Case{"c2.example.net", T::kDomain},
        Case{"a-b_c.d9.example", T::kDomain}, Case{"http://c2.example.net/a/b?x=1&y=2", T::kUrl},
        Case{"https://c2.example.net/", T::kUrl}}) {
    DetectedValue d = DetectCanonical(c.value);
    EXPECT_EQ(d.type, c.type) << c.value;
    EXPECT_TRUE(d.canonical) << c.value;
  }
}

TEST(DetectCanonical, DeclinesWhatNormalisationChangesOrRefuses) {
  for (const char* raw : {"010.1.1.1",
                          "1.2.3.256",
                          "1.2.3",
                          "1.2.3.4/24",
                          "1.2.3.4.",
                          " 1.2.3.4",
                          "C2.example.net",
                          "c2.example.net.",
                          "a..example",
                          "xn--fa-hia.de",
                          "a.xn--p1ai",
                          "a.123",
                          "0123456789ABCDEF0123456789ABCDEF",
                          "http://C2.example.net/",
                          "http://c2.example.net",
                          "http://c2.example.net:80/",
                          "http://a.123/x",
                          "http://c2.example.net/%7e",
                          "http://c2.example.net/a/../b",
                          "http://c2.example.net/#f"}) {
    DetectedValue d = DetectCanonical(raw);
    EXPECT_FALSE(d.canonical) << raw;
    EXPECT_EQ(d.type, DetectType(raw)) << raw;
  }
}

TEST(UrlFastPath, ANumericTopLabelIsNotTakenAsCanonical) {
  // The fast check once accepted this host, which the domain normaliser refuses.
  EXPECT_FALSE(Normalize(T::kUrl, "http://a.123/x"));
  EXPECT_FALSE(Normalize(T::kUrl, "http://a.123/x#"));
}

}  // namespace
}  // namespace qccm::correlation
