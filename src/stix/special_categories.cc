// The special-category deny-list and the name tokenizer. Matching is on whole tokens (or token
// prefixes for stems with many inflections) so that "trace", "racetrack" or "x_ja3_hash" are not
// mistaken for personal data; only custom property names are ever checked, never the names the
// STIX specification defines.
#include "qccm/stix/special_categories.h"

#include <array>
#include <string>
#include <vector>

namespace qccm::stix {
namespace {

constexpr std::string_view kEthnic = "racial or ethnic origin";
constexpr std::string_view kReligion = "religious or philosophical beliefs";
constexpr std::string_view kSexual = "sex life or sexual orientation";
constexpr std::string_view kPolitical = "political opinions";
constexpr std::string_view kUnion = "trade-union membership";
constexpr std::string_view kHealth = "health";
constexpr std::string_view kGenetic = "genetic data";
constexpr std::string_view kBiometric = "biometric data";

constexpr std::array kStems = {
    SpecialCategoryStem{"ethnic", StemMatch::kPrefix, kEthnic},
    SpecialCategoryStem{"race", StemMatch::kToken, kEthnic},
    SpecialCategoryStem{"races", StemMatch::kToken, kEthnic},
    SpecialCategoryStem{"racial", StemMatch::kPrefix, kEthnic},
    SpecialCategoryStem{"skin_colour", StemMatch::kPair, kEthnic},
    SpecialCategoryStem{"skin_color", StemMatch::kPair, kEthnic},
    SpecialCategoryStem{"religio", StemMatch::kPrefix, kReligion},
    SpecialCategoryStem{"faith", StemMatch::kToken, kReligion},
    SpecialCategoryStem{"belief", StemMatch::kPrefix, kReligion},
    SpecialCategoryStem{"denomination", StemMatch::kToken, kReligion},
    SpecialCategoryStem{"sexual", StemMatch::kPrefix, kSexual},
    SpecialCategoryStem{"homosexual", StemMatch::kPrefix, kSexual},
    SpecialCategoryStem{"heterosexual", StemMatch::kPrefix, kSexual},
    SpecialCategoryStem{"bisexual", StemMatch::kPrefix, kSexual},
    SpecialCategoryStem{"lgbt", StemMatch::kPrefix, kSexual},
    SpecialCategoryStem{"sex_life", StemMatch::kPair, kSexual},
    SpecialCategoryStem{"politic", StemMatch::kPrefix, kPolitical},
    SpecialCategoryStem{"trade_union", StemMatch::kPair, kUnion},
    SpecialCategoryStem{"union_membership", StemMatch::kPair, kUnion},
    SpecialCategoryStem{"unionist", StemMatch::kToken, kUnion},
    SpecialCategoryStem{"health", StemMatch::kToken, kHealth},
    SpecialCategoryStem{"healthcare", StemMatch::kPrefix, kHealth},
    SpecialCategoryStem{"medical", StemMatch::kPrefix, kHealth},
    SpecialCategoryStem{"diagnos", StemMatch::kPrefix, kHealth},
    SpecialCategoryStem{"disabilit", StemMatch::kPrefix, kHealth},
    SpecialCategoryStem{"illness", StemMatch::kPrefix, kHealth},
    SpecialCategoryStem{"pregnan", StemMatch::kPrefix, kHealth},
    SpecialCategoryStem{"genetic", StemMatch::kPrefix, kGenetic},
    SpecialCategoryStem{"genom", StemMatch::kPrefix, kGenetic},
    SpecialCategoryStem{"dna", StemMatch::kToken, kGenetic},
    SpecialCategoryStem{"biometric", StemMatch::kPrefix, kBiometric},
    SpecialCategoryStem{"facial", StemMatch::kPrefix, kBiometric},
    SpecialCategoryStem{"iris_scan", StemMatch::kPair, kBiometric},
    SpecialCategoryStem{"retina", StemMatch::kPrefix, kBiometric},
};

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Lower-case alphabetic tokens of a property name. Digits separate tokens and are dropped.
std::vector<std::string> Tokens(std::string_view name) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (IsUpper(c)) {
      // "religiousView" and "ReligiousView" split before V; "DNA" stays one token.
      if (i > 0 && IsLower(name[i - 1])) flush();
      current.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (IsLower(c)) {
      current.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

bool Matches(const SpecialCategoryStem& stem, const std::vector<std::string>& tokens) {
  if (stem.match == StemMatch::kPair) {
    std::size_t underscore = stem.stem.find('_');
    std::string_view first = stem.stem.substr(0, underscore);
    std::string_view second = stem.stem.substr(underscore + 1);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i] == first && tokens[i + 1] == second) return true;
    }
    return false;
  }
  for (const std::string& token : tokens) {
    if (stem.match == StemMatch::kToken ? token == stem.stem : token.starts_with(stem.stem)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::span<const SpecialCategoryStem> SpecialCategoryStems() { return kStems; }

std::optional<std::string_view> SpecialCategoryOf(std::string_view property_name) {
  std::vector<std::string> tokens = Tokens(property_name);
  for (const SpecialCategoryStem& stem : kStems) {
    if (Matches(stem, tokens)) return stem.category;
  }
  return std::nullopt;
}

}  // namespace qccm::stix
