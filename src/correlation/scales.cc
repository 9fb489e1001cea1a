// Admiralty, Europol 4x4 and STIX confidence conversions (tables in docs/correlation.md).
#include "qccm/correlation/scales.h"

#include <array>
#include <boost/json.hpp>

namespace qccm::correlation {
namespace {

constexpr std::array<const char*, 6> kReliabilityNames = {
    "completely reliable",  "usually reliable", "fairly reliable",
    "not usually reliable", "unreliable",       "reliability cannot be judged"};
constexpr std::array<const char*, 6> kCredibilityNames = {
    "confirmed by other sources", "probably true", "possibly true", "doubtful", "improbable",
    "truth cannot be judged"};

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

char ReliabilityLetter(Reliability r) { return static_cast<char>('A' + static_cast<int>(r)); }
char CredibilityDigit(Credibility c) { return static_cast<char>('1' + static_cast<int>(c)); }
std::string ReliabilityName(Reliability r) { return kReliabilityNames[static_cast<int>(r)]; }
std::string CredibilityName(Credibility c) { return kCredibilityNames[static_cast<int>(c)]; }

std::string FormatAdmiralty(AdmiraltyGrade g) {
  return {ReliabilityLetter(g.reliability), CredibilityDigit(g.credibility)};
}

std::string FormatEuropol(EuropolGrade g) {
  constexpr std::array<char, 4> kSource = {'A', 'B', 'C', 'X'};
  return {kSource[static_cast<int>(g.source)],
          static_cast<char>('1' + static_cast<int>(g.information))};
}

Result<Reliability> ParseReliability(std::string_view text) {
  if (text.size() == 1) {
    char c = Upper(text[0]);
    if (c >= 'A' && c <= 'F') return static_cast<Reliability>(c - 'A');
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "source reliability must be one letter A-F, not '" + std::string(text) + "'");
}

Result<Credibility> ParseCredibility(std::string_view text) {
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '6') {
    return static_cast<Credibility>(text[0] - '1');
  }
  return MakeError(
      ErrorCode::kInvalidArgument,
      "information credibility must be one digit 1-6, not '" + std::string(text) + "'");
}

Result<AdmiraltyGrade> ParseAdmiralty(std::string_view text) {
  if (text.size() != 2) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "an Admiralty grade is a letter A-F and a digit 1-6 (\"B3\"), not '" +
                         std::string(text) + "'");
  }
  QCCM_TRY(r, ParseReliability(text.substr(0, 1)));
  QCCM_TRY(c, ParseCredibility(text.substr(1, 1)));
  return AdmiraltyGrade{r, c};
}

Result<EuropolGrade> ParseEuropol(std::string_view text) {
  if (text.size() == 2) {
    char s = Upper(text[0]);
    char i = text[1];
    int source = s == 'A' ? 0 : s == 'B' ? 1 : s == 'C' ? 2 : s == 'X' ? 3 : -1;
    if (source >= 0 && i >= '1' && i <= '4') {
      return EuropolGrade{static_cast<EuropolSource>(source),
                          static_cast<EuropolInformation>(i - '1')};
    }
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "a Europol 4x4 grade is a letter A, B, C or X and a digit 1-4 (\"B2\"), not '" +
                       std::string(text) + "'");
}

EuropolGrade ToEuropol(AdmiraltyGrade g) {
  constexpr std::array<EuropolSource, 6> kSource = {EuropolSource::kA, EuropolSource::kB,
                                                    EuropolSource::kB, EuropolSource::kC,
                                                    EuropolSource::kC, EuropolSource::kX};
  constexpr std::array<EuropolInformation, 6> kInformation = {
      EuropolInformation::k1, EuropolInformation::k2, EuropolInformation::k3,
      EuropolInformation::k4, EuropolInformation::k4, EuropolInformation::k4};
  return {kSource[static_cast<int>(g.reliability)], kInformation[static_cast<int>(g.credibility)]};
}

AdmiraltyGrade ToAdmiralty(EuropolGrade g) {
  constexpr std::array<Reliability, 4> kReliability = {Reliability::kA, Reliability::kB,
                                                       Reliability::kD, Reliability::kF};
  constexpr std::array<Credibility, 4> kCredibility = {Credibility::k1, Credibility::k2,
                                                       Credibility::k3, Credibility::k6};
  return {kReliability[static_cast<int>(g.source)], kCredibility[static_cast<int>(g.information)]};
}

std::optional<int> ToStixConfidence(Credibility c) {
  // STIX 2.1 Appendix A (Admiralty Credibility): 6 "cannot be judged" has no confidence value.
  constexpr std::array<int, 5> kValue = {90, 70, 50, 30, 10};
  if (c == Credibility::k6) return std::nullopt;
  return kValue[static_cast<int>(c)];
}

Result<Credibility> FromStixConfidence(std::optional<int> confidence) {
  if (!confidence) return Credibility::k6;
  int v = *confidence;
  if (v < 0 || v > 100) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "STIX confidence must be 0-100, not " + std::to_string(v));
  }
  if (v >= 80) return Credibility::k1;
  if (v >= 60) return Credibility::k2;
  if (v >= 40) return Credibility::k3;
  if (v >= 20) return Credibility::k4;
  return Credibility::k5;
}

std::string StixGradeExtensionJson(AdmiraltyGrade g) {
  return std::string(R"({"extension_type":"property-extension","reliability":")") +
         ReliabilityLetter(g.reliability) + R"(","credibility":")" +
         CredibilityDigit(g.credibility) + R"(","europol":")" + FormatEuropol(ToEuropol(g)) + "\"}";
}

Result<std::optional<AdmiraltyGrade>> GradeFromStixJson(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) {
    return MakeError(ErrorCode::kInvalidInput, "the object is not a JSON object");
  }
  const auto& object = value.get_object();
  if (const auto* extensions = object.if_contains("extensions");
      extensions != nullptr && extensions->is_object()) {
    if (const auto* ext = extensions->get_object().if_contains(kGradeExtensionId);
        ext != nullptr && ext->is_object()) {
      const auto* r = ext->get_object().if_contains("reliability");
      const auto* c = ext->get_object().if_contains("credibility");
      if (r == nullptr || c == nullptr || !r->is_string() || !c->is_string()) {
        return MakeError(ErrorCode::kInvalidInput,
                         "the grade extension needs string reliability and credibility",
                         {.json_path = "$.extensions"});
      }
      auto reliability = ParseReliability(r->get_string());
      auto credibility = ParseCredibility(c->get_string());
      if (!reliability || !credibility) {
        return MakeError(ErrorCode::kInvalidInput,
                         (!reliability ? reliability.error() : credibility.error()).message,
                         {.json_path = "$.extensions"});
      }
      return AdmiraltyGrade{*reliability, *credibility};
    }
  }
  const auto* confidence = object.if_contains("confidence");
  if (confidence == nullptr) return std::optional<AdmiraltyGrade>();
  if (!confidence->is_int64() && !confidence->is_uint64()) {
    return MakeError(ErrorCode::kInvalidInput, "confidence must be an integer",
                     {.json_path = "$.confidence"});
  }
  auto as_int = confidence->to_number<std::int64_t>();
  if (as_int < 0 || as_int > 100) {
    return MakeError(ErrorCode::kInvalidInput, "confidence must be 0-100",
                     {.json_path = "$.confidence"});
  }
  QCCM_TRY(credibility, FromStixConfidence(static_cast<int>(as_int)));
  return AdmiraltyGrade{Reliability::kF, credibility};
}

}  // namespace qccm::correlation
