// Extraction from SCOs, observed-data and patterns: what is taken, what is left (free text,
// custom objects, negations), and problems reported with their place.
#include <gtest/gtest.h>

#include "qccm/correlation/observable_extract.h"

namespace qccm::correlation {
namespace {

using T = ObservableType;

std::vector<std::pair<T, std::string>> Values(const Extraction& e) {
  std::vector<std::pair<T, std::string>> out;
  for (const auto& o : e.observables) out.emplace_back(o.observable.type, o.observable.value);
  return out;
}

TEST(ExtractSco, TakesStructuredValuesOnly) {
  auto file = ExtractFromSco(
      R"({"type":"file","id":"file--1","name":"a.exe","hashes":{"MD5":"001DD76872D80801692FF942308C64E6","SHA3-256":"ab","SHA-1":"bad"}})");
  ASSERT_TRUE(file);
  EXPECT_EQ(
      Values(*file),
      (std::vector<std::pair<T, std::string>>{{T::kMd5, "001dd76872d80801692ff942308c64e6"}}));
  ASSERT_EQ(file->problems.size(), 1U);  // SHA-1 of the wrong length
  EXPECT_EQ(file->problems[0].where.json_path, "$.hashes.SHA-1");

  auto cidr = ExtractFromSco(R"({"type":"ipv4-addr","value":"10.1.0.0/16"})");
  ASSERT_TRUE(cidr);
  EXPECT_EQ(Values(*cidr), (std::vector<std::pair<T, std::string>>{{T::kIpv4Cidr, "10.1.0.0/16"}}));

  auto account =
      ExtractFromSco(R"({"type":"user-account","user_id":"1001","account_login":"jdoe"})");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->observables.size(), 2U);

  auto identity = ExtractFromSco(
      R"({"type":"identity","name":"x","contact_information":"call +31 20 123 4567 or a@b.example"})");
  ASSERT_TRUE(identity);
  EXPECT_TRUE(identity->observables.empty());  // free text is not mined
  auto custom = ExtractFromSco(R"({"type":"x-phone","value":"+31201234567"})");
  ASSERT_TRUE(custom);
  EXPECT_TRUE(custom->observables.empty());
  EXPECT_FALSE(ExtractFromSco("[1,2]"));
  EXPECT_FALSE(ExtractFromSco("\xff\xfe"));
}

TEST(ExtractObservedData, TakesEveryObjectOfTheDictionary) {
  auto e = ExtractFromObservedData(
      R"({"type":"observed-data","objects":{"0":{"type":"domain-name","value":"Example.COM"},"1":{"type":"url","value":"http://example.com"}}})");
  ASSERT_TRUE(e);
  EXPECT_EQ(Values(*e), (std::vector<std::pair<T, std::string>>{{T::kDomain, "example.com"},
                                                                {T::kUrl, "http://example.com/"}}));
  EXPECT_EQ(e->observables[0].path, "$.objects.0.value");
}

TEST(ExtractPattern, EqualityAndInOnObservablePaths) {
  auto pattern = stix::ParsePattern(
      "[file:hashes.'SHA-256' = '" + std::string(64, 'A') +
      "' OR email-message:from_ref.value = 'Bob@Example.com' OR network-traffic:dst_ref.value IN "
      "('198.51.100.1', 'c2.example') OR domain-name:value != 'skip.example' OR file:name = "
      "'a.exe' OR ipv4-addr:value NOT = '192.0.2.1' OR ipv4-addr:value = '010.1.1.1']");
  ASSERT_TRUE(pattern) << pattern.error().message;
  Extraction e = ExtractFromPattern(*pattern);
  EXPECT_EQ(Values(e), (std::vector<std::pair<T, std::string>>{{T::kSha256, std::string(64, 'a')},
                                                               {T::kEmail, "Bob@example.com"},
                                                               {T::kIpv4, "198.51.100.1"},
                                                               {T::kDomain, "c2.example"}}));
  EXPECT_EQ(e.observables[0].path, "file:hashes.'SHA-256'");
  ASSERT_EQ(e.problems.size(), 1U);
  EXPECT_NE(e.problems[0].message.find("leading zero"), std::string::npos);
  EXPECT_TRUE(e.problems[0].where.column.has_value());
}

TEST(ExtractObject, DispatchesOnType) {
  auto indicator = ExtractFromObject(
      R"({"type":"indicator","pattern_type":"stix","pattern":"[url:value = 'http://x4z9arb.cn/4712/']"})");
  ASSERT_TRUE(indicator);
  EXPECT_EQ(Values(*indicator),
            (std::vector<std::pair<T, std::string>>{{T::kUrl, "http://x4z9arb.cn/4712/"}}));
  auto sigma = ExtractFromObject(R"({"type":"indicator","pattern_type":"sigma","pattern":"x"})");
  ASSERT_TRUE(sigma);
  EXPECT_TRUE(sigma->observables.empty());
  auto broken = ExtractFromObject(R"({"type":"indicator","pattern_type":"stix","pattern":"[x"})");
  ASSERT_TRUE(broken);
  ASSERT_EQ(broken->problems.size(), 1U);
  EXPECT_EQ(broken->problems[0].where.json_path, "$.pattern");
}

TEST(ObservableTypeForPath, Table) {
  auto type_of = [](const std::string& pattern, const std::string& value) {
    auto p = stix::ParsePattern(pattern);
    EXPECT_TRUE(p) << pattern;
    const auto& c = p->comparisons[0];
    return ObservableTypeForPath(c.object_type, c.path, value);
  };
  EXPECT_EQ(type_of("[ipv4-addr:value = 'x']", "10.0.0.0/8"), T::kIpv4Cidr);
  EXPECT_EQ(type_of("[ipv6-addr:value = 'x']", "::1"), T::kIpv6);
  EXPECT_EQ(type_of("[artifact:hashes.md5 = 'x']", ""), T::kMd5);
  EXPECT_EQ(type_of("[file:hashes.'SHA3-256' = 'x']", ""), std::nullopt);
  EXPECT_EQ(type_of("[mutex:name = 'x']", ""), T::kMutex);
  EXPECT_EQ(type_of("[user-account:account_login = 'x']", ""), T::kUserAccount);
  EXPECT_EQ(type_of("[email-message:to_refs[*].value = 'x']", "a@b.example"), T::kEmail);
  EXPECT_EQ(type_of("[network-traffic:src_ref.value = 'x']", "2001:db8::1"), T::kIpv6);
  EXPECT_EQ(type_of("[network-traffic:src_ref.value = 'x']", "not an address"), std::nullopt);
  EXPECT_EQ(type_of("[file:name = 'x']", "a.exe"), std::nullopt);
}

}  // namespace
}  // namespace qccm::correlation
