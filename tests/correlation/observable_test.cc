// Normalisation and type detection: a table of cases per type, including every bad input the
// issue lists (leading zeros, zone ids, mixed case and punycode, odd URL escapes, wrong hash
// lengths, phone numbers without a country, empty lines, binary garbage).
#include "qccm/correlation/observable.h"

#include <gtest/gtest.h>

#include <random>

#include "correlation/observable_internal.h"
#include "qccm/correlation/observable_ip.h"

namespace qccm::correlation {
namespace {

using T = ObservableType;

struct Good {
  T type;
  std::string raw;
  T want_type;
  std::string want;
};

struct Bad {
  T type;
  std::string raw;
  std::string message_part;  // the error message must say this
};

// Readable, stable test names in ctest (the default printer dumps the struct's bytes).
void PrintTo(const Good& c, std::ostream* os) { *os << QuoteForMessage(c.raw); }
void PrintTo(const Bad& c, std::ostream* os) { *os << QuoteForMessage(c.raw); }

class NormalizeGood : public ::testing::TestWithParam<Good> {};
class NormalizeBad : public ::testing::TestWithParam<Bad> {};

TEST_P(NormalizeGood, GivesCanonicalForm) {
  const Good& c = GetParam();
  auto got = Normalize(c.type, c.raw);
  ASSERT_TRUE(got) << c.raw << ": " << got.error().message;
  EXPECT_EQ(got->value, c.want) << c.raw;
  EXPECT_EQ(got->type, c.want_type) << c.raw;
  // Canonical forms are fixed points.
  auto again = Normalize(got->type, got->value);
  ASSERT_TRUE(again) << got->value;
  EXPECT_EQ(again->value, got->value);
}

TEST_P(NormalizeBad, IsRejectedWithAReason) {
  const Bad& c = GetParam();
  auto got = Normalize(c.type, c.raw);
  ASSERT_FALSE(got) << QuoteForMessage(c.raw) << " gave " << got->value;
  EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(got.error().message.find(c.message_part), std::string::npos) << got.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeGood,
    ::testing::Values(
        Good{T::kIpv4, "198.51.100.1", T::kIpv4, "198.51.100.1"},
        Good{T::kIpv4, "  0.0.0.0\r\n", T::kIpv4, "0.0.0.0"},
        Good{T::kIpv4, "255.255.255.255", T::kIpv4, "255.255.255.255"},
        Good{T::kIpv4, "10.1.2.3/8", T::kIpv4Cidr, "10.0.0.0/8"},
        Good{T::kIpv4Cidr, "192.0.2.7/32", T::kIpv4, "192.0.2.7"},
        Good{T::kIpv4Cidr, "0.0.0.0/0", T::kIpv4Cidr, "0.0.0.0/0"},
        Good{T::kIpv6, "2001:DB8:0:0:0:0:0:1", T::kIpv6, "2001:db8::1"},
        Good{T::kIpv6, "2001:db8:0:0:1:0:0:1", T::kIpv6, "2001:db8::1:0:0:1"},
        Good{T::kIpv6, "2001:db8:0:1:1:1:1:1", T::kIpv6, "2001:db8:0:1:1:1:1:1"},
        Good{T::kIpv6, "0:0:0:0:0:0:0:0", T::kIpv6, "::"},
        Good{T::kIpv6, "::ffff:192.0.2.1", T::kIpv6, "::ffff:192.0.2.1"},
        Good{T::kIpv6, "::FFFF:c000:0201", T::kIpv6, "::ffff:192.0.2.1"},
        Good{T::kIpv6, "2001:0db8::0001", T::kIpv6, "2001:db8::1"},
        Good{T::kIpv6Cidr, "2001:db8::1/32", T::kIpv6Cidr, "2001:db8::/32"},
        Good{T::kIpv6Cidr, "2001:db8::1/128", T::kIpv6, "2001:db8::1"},
        Good{T::kDomain, "Example.COM.", T::kDomain, "example.com"},
        Good{T::kDomain, "bücher.example", T::kDomain, "xn--bcher-kva.example"},
        Good{T::kDomain, "BÜCHER.example", T::kDomain, "xn--bcher-kva.example"},
        Good{T::kDomain, "XN--BCHER-KVA.Example", T::kDomain, "xn--bcher-kva.example"},
        Good{T::kDomain, "faß.de", T::kDomain, "xn--fa-hia.de"},
        Good{T::kDomain, "_dmarc.example.org", T::kDomain, "_dmarc.example.org"},
        Good{T::kUrl, "HTTP://Example.COM:80/a/./b/../c?q=1#f", T::kUrl,
             "http://example.com/a/c?q=1#f"},
        Good{T::kUrl, "https://example.com", T::kUrl, "https://example.com/"},
        Good{T::kUrl, "https://example.com:8443/x", T::kUrl, "https://example.com:8443/x"},
        Good{T::kUrl, "http://example.com/%7euser/%2fx%41", T::kUrl,
             "http://example.com/~user/%2FxA"},
        Good{T::kUrl, "http://a.example/a/%2e%2E/b/%7E?x=%2f%41#%7e", T::kUrl,
             "http://a.example/b/~?x=%2FA#~"},
        Good{T::kUrl, "mailto:Alice@Example.com", T::kUrl, "mailto:Alice@Example.com"},
        // Fuzzer find: dot-segment removal must not turn a path into an authority.
        Good{T::kUrl, "HTTP:/..//x@host", T::kUrl, "http:/.//x@host"},
        Good{T::kUrl, "http://bücher.example/straße", T::kUrl,
             "http://xn--bcher-kva.example/stra%C3%9Fe"},
        Good{T::kUrl, "http://[2001:DB8:0::1]:80/", T::kUrl, "http://[2001:db8::1]/"},
        Good{T::kUrl, "http://x4z9arb.cn/4712/", T::kUrl, "http://x4z9arb.cn/4712/"},
        Good{T::kUrl, "ftp://user@FTP.example.org:21/pub", T::kUrl,
             "ftp://user@ftp.example.org/pub"},
        Good{T::kEmail, "Alice.Smith@Example.COM", T::kEmail, "Alice.Smith@example.com"},
        Good{T::kEmail, "jdoe@bücher.example", T::kEmail, "jdoe@xn--bcher-kva.example"},
        Good{T::kMd5, "001DD76872D80801692FF942308C64E6", T::kMd5,
             "001dd76872d80801692ff942308c64e6"},
        Good{T::kSha1, std::string(40, 'A'), T::kSha1, std::string(40, 'a')},
        Good{T::kSha256, std::string(64, 'F'), T::kSha256, std::string(64, 'f')},
        Good{T::kSha512, std::string(128, '0'), T::kSha512, std::string(128, '0')},
        Good{T::kSsdeep, "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C", T::kSsdeep,
             "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C"},
        Good{T::kTlsh, "t1" + std::string(70, 'a'), T::kTlsh, "T1" + std::string(70, 'A')},
        Good{T::kPhone, "+31 20 123 4567", T::kPhone, "+31201234567"},
        Good{T::kPhone, "+1 (202) 555-0143", T::kPhone, "+12025550143"},
        Good{T::kUserAccount, "  jdoe  ", T::kUserAccount, "jdoe"},
        Good{T::kWallet, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", T::kWallet,
             "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
        Good{T::kMutex, "Global\\MyMutex", T::kMutex, "Global\\MyMutex"}));

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeBad,
    ::testing::Values(
        Bad{T::kIpv4, "010.1.1.1", "leading zero"}, Bad{T::kIpv4, "10.01.1.1", "leading zero"},
        Bad{T::kIpv4, "256.1.1.1", "above 255"}, Bad{T::kIpv4, "1.2.3", "four decimal octets"},
        Bad{T::kIpv4, "1.2.3.4.5", "four decimal octets"}, Bad{T::kIpv4, "1.2.3.4/33", "above /32"},
        Bad{T::kIpv4, "1.2.3.4/08", "leading zeros"},
        Bad{T::kIpv4, "0x7f.0.0.1", "four decimal octets"},
        Bad{T::kIpv6, "fe80::1%eth0", "zone id"}, Bad{T::kIpv6, "2001:db8::g", "invalid IPv6"},
        Bad{T::kIpv6, "1:2:3:4:5:6:7:8:9", "invalid IPv6"},
        Bad{T::kIpv6, "2001:db8::/129", "above /128"}, Bad{T::kDomain, "", "empty"},
        Bad{T::kDomain, "   ", "empty"}, Bad{T::kDomain, "domain autuo.xicp.net", "outside a-z"},
        Bad{T::kDomain, "a..b", "label"}, Bad{T::kDomain, std::string(64, 'a') + ".com", "label"},
        Bad{T::kDomain, "xn--zz-zzzzzzz.example", "punycode"},
        Bad{T::kDomain, "bad\xff\xfe.example", "not UTF-8"},
        Bad{T::kUrl, "example.com/path", "not an absolute URI"},
        Bad{T::kUrl, "http://exa mple.com/", "not an absolute URI"},
        Bad{T::kUrl, "http://example.com/%zz", "not an absolute URI"},
        Bad{T::kUrl, "http://010.1.1.1/", "host"},
        Bad{T::kUrl, "http://example.com:99999/", "port above 65535"},
        Bad{T::kUrl, "http://\xc3\x28.example/", "not UTF-8"},
        Bad{T::kEmail, "no-at-sign.example", "no '@'"},
        Bad{T::kEmail, "Bob <bob@example.com>", "bare address"},
        Bad{T::kEmail, "@example.com", "local part"},
        Bad{T::kMd5, "001dd76872d80801692ff942308c64e", "32 hex digits, got 31"},
        Bad{T::kSha1, std::string(41, 'a'), "40 hex digits"},
        Bad{T::kSha256, std::string(63, 'a') + "g", "non-hex"},
        Bad{T::kSha512, std::string(64, 'a'), "128 hex digits"},
        Bad{T::kSsdeep, "abc:def", "blocksize"}, Bad{T::kTlsh, "T1abc", "70 hex digits"},
        Bad{T::kPhone, "020 123 4567", "no country code"},
        Bad{T::kPhone, "+31 2", "could not be parsed"},
        Bad{T::kUrl, "http://1.2.3.4.5/", "numeric label"},
        Bad{T::kPhone, "+hello", "contains letters"},
        // Fuzzer find: a national leading zero kept in the E.164 text is not a fixed point.
        Bad{T::kPhone, "+31 /002 3 47-567", "ambiguous"},
        Bad{T::kMutex,
            "a\x01"
            "b",
            "control character"},
        Bad{T::kWallet, "\xff\xfe\xfd", "not UTF-8"}, Bad{T::kUserAccount, "\t\r\n", "empty"}));

TEST(Normalize, PhoneWithoutCountryUsesTheDefaultRegion) {
  auto got = Normalize(T::kPhone, "020 123 4567", {.default_region = "NL"});
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->value, "+31201234567");
}

TEST(Normalize, BinaryGarbageNeverCrashesAndIsRejectedOrCanonical) {
  std::mt19937 rng(42);
  std::string raw, out;
  for (int i = 0; i < 20000; ++i) {
    raw.resize(rng() % 40);
    for (char& c : raw) c = static_cast<char>(rng() % 256);
    for (std::size_t t = 0; t < kObservableTypeCount; ++t) {
      auto type = static_cast<T>(t);
      auto got = Normalize(type, raw);
      if (got) {
        auto again = Normalize(got->type, got->value);
        ASSERT_TRUE(again) << ObservableTypeName(type) << " " << QuoteForMessage(raw);
        EXPECT_EQ(again->value, got->value);
      }
    }
  }
}

struct Detect {
  std::string raw;
  std::optional<T> want;
};

void PrintTo(const Detect& c, std::ostream* os) { *os << QuoteForMessage(c.raw); }

class DetectTable : public ::testing::TestWithParam<Detect> {};

TEST_P(DetectTable, GuessesTheType) {
  const Detect& c = GetParam();
  EXPECT_EQ(DetectType(c.raw), c.want) << c.raw;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DetectTable,
    ::testing::Values(
        Detect{"198.51.100.1", T::kIpv4}, Detect{"010.1.1.1", T::kIpv4},
        Detect{"10.0.0.0/8", T::kIpv4Cidr}, Detect{"2001:db8::1", T::kIpv6},
        Detect{"fe80::1%eth0", T::kIpv6}, Detect{"2001:db8::/32", T::kIpv6Cidr},
        Detect{"::ffff:1.2.3.4", T::kIpv6}, Detect{"Example.COM", T::kDomain},
        Detect{"bücher.example", T::kDomain}, Detect{"http://example.com/x", T::kUrl},
        Detect{"HTTPS://example.com", T::kUrl}, Detect{"alice@example.com", T::kEmail},
        Detect{std::string(32, 'a'), T::kMd5}, Detect{std::string(40, 'B'), T::kSha1},
        Detect{std::string(64, '1'), T::kSha256}, Detect{std::string(128, 'c'), T::kSha512},
        Detect{std::string(31, 'a'), std::nullopt},
        Detect{"3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C", T::kSsdeep},
        Detect{"T1" + std::string(70, 'A'), T::kTlsh}, Detect{"+31 20 123 4567", T::kPhone},
        Detect{"1BoatSLRHtKNngkdXEeobR76b53LETtpyT", T::kWallet},
        Detect{"0x" + std::string(40, 'a'), T::kWallet},
        Detect{"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", T::kWallet}, Detect{"", std::nullopt},
        Detect{"   ", std::nullopt}, Detect{"Global\\MyMutex", std::nullopt},
        Detect{"jdoe", std::nullopt}, Detect{"\xff\xfe\x00\x01", std::nullopt}));

TEST(IpPrefix, ContainsAndParse) {
  auto outer = ParseIpPrefix("10.0.0.0/8");
  auto inner = ParseIpPrefix("10.1.2.3");
  auto other = ParseIpPrefix("11.0.0.1");
  ASSERT_TRUE(outer && inner && other);
  EXPECT_TRUE(PrefixContains(*outer, *inner));
  EXPECT_FALSE(PrefixContains(*outer, *other));
  EXPECT_FALSE(PrefixContains(*inner, *outer));
  EXPECT_EQ(FormatIpPrefix(*outer), "10.0.0.0/8");
}

TEST(UrlFastPath, AgreesWithTheFullNormaliser) {
  std::mt19937 rng(7);
  const std::string alphabet = "abcXYZ019-._~!$&'()*+,;=:@/?%#[] ";
  int fast = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string url = i % 2 ? "http://host" : "https://a.b";
    url += std::to_string(i % 7) + ".example";
    std::size_t n = rng() % 24;
    for (std::size_t k = 0; k < n; ++k) url += alphabet[rng() % alphabet.size()];
    if (!UrlIsCanonicalFast(url)) continue;
    ++fast;
    // The fast path claims `url` is canonical: the full normaliser must agree.
    std::string slow;
    ObservableType type = T::kUrl;
    std::string forced = url + "#";  // a fragment forces the slow path; strip it after
    ASSERT_TRUE(NormalizeInto(type, forced, slow)) << url;
    ASSERT_EQ(slow.back(), '#');
    slow.pop_back();
    EXPECT_EQ(slow, url);
  }
  EXPECT_GT(fast, 100);
}

}  // namespace
}  // namespace qccm::correlation
