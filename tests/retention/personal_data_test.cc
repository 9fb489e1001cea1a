// Which objects hold personal data, and reason checks.
#include <gtest/gtest.h>

#include "qccm/retention/retention.h"

namespace qccm::retention {
namespace {

TEST(PersonalDataTest, IndividualIdentityEmailAndUserAccountHoldPersonalData) {
  EXPECT_TRUE(HoldsPersonalData(R"({"type":"identity","identity_class":"individual"})"));
  EXPECT_TRUE(HoldsPersonalData(R"({"type":"email-addr","value":"a@example.org"})"));
  EXPECT_TRUE(HoldsPersonalData(R"({"type":"user-account","user_id":"jdoe"})"));
}

TEST(PersonalDataTest, OrganisationsIndicatorsAndMalwareDoNot) {
  EXPECT_FALSE(HoldsPersonalData(R"({"type":"identity","identity_class":"organization"})"));
  EXPECT_FALSE(HoldsPersonalData(R"({"type":"identity"})"));
  EXPECT_FALSE(HoldsPersonalData(R"({"type":"indicator","pattern":"[x:y = 'phone']"})"));
  EXPECT_FALSE(HoldsPersonalData(R"({"type":"malware","x_mitre_platforms":["Android"]})"));
}

TEST(PersonalDataTest, PhoneFieldsAndPhoneTypesHoldPersonalData) {
  EXPECT_TRUE(HoldsPersonalData(R"({"type":"threat-actor","x_acme_phone":"+31..."})"));
  EXPECT_TRUE(HoldsPersonalData(R"({"type":"x-phone-number","value":"+31..."})"));
  EXPECT_TRUE(HoldsPersonalData(
      R"({"type":"identity","extensions":{"extension-definition--1":{"contacts":[{"MSISDN":"1"}]}}})"));
  EXPECT_TRUE(HoldsPersonalData(R"({"type":"identity","x_contact":{"telephoneNumber":"1"}})"));
  EXPECT_FALSE(HoldsPersonalData(R"({"type":"infrastructure","x_microphone_model":"m"})"));
}

TEST(PersonalDataTest, TextThatIsNotAJsonObjectHoldsNone) {
  EXPECT_FALSE(HoldsPersonalData(""));
  EXPECT_FALSE(HoldsPersonalData("[1,2]"));
  EXPECT_FALSE(HoldsPersonalData(R"({"type":"identity","identity_class":"individual")"));
}

TEST(PersonalDataTest, ReasonsMustBePresentShortAndPrintable) {
  EXPECT_TRUE(ValidateReason("--reason", "case 42 still open"));
  EXPECT_EQ(ValidateReason("--reason", "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateReason("--reason", "  ").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateReason("--reason", std::string(1001, 'a')).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateReason("--reason", "line\nbreak").error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(ValidateReason("--reason", "").error().message.find("--reason"), std::string::npos);
}

}  // namespace
}  // namespace qccm::retention
