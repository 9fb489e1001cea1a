// Grading scales: the NATO/Admiralty system (source reliability A-F, information credibility
// 1-6), the Europol 4x4 system (source A/B/C/X, information 1-4) and STIX 2.1 `confidence`
// (0-100, Appendix A "Admiralty Credibility" mapping). docs/correlation.md gives the tables.
//
// Losslessness: Admiralty is the scale grades are kept in. Every Europol 4x4 grade maps to a
// distinct Admiralty grade and back unchanged (ToAdmiralty then ToEuropol is the identity), and
// every Admiralty credibility maps to a distinct STIX confidence and back unchanged. Admiralty has
// 36 grades and Europol 16, so Admiralty -> Europol is a projection; the exact grade travels
// beside it (StixGradeExtension carries reliability and credibility as letters/digits).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "qccm/core/result.h"

namespace qccm::correlation {

// A-F: completely reliable, usually, fairly, not usually, unreliable, cannot be judged.
enum class Reliability : std::uint8_t { kA, kB, kC, kD, kE, kF };
// 1-6: confirmed by other sources, probably true, possibly true, doubtful, improbable, cannot be
// judged.
enum class Credibility : std::uint8_t { k1, k2, k3, k4, k5, k6 };

struct AdmiraltyGrade {
  Reliability reliability = Reliability::kF;
  Credibility credibility = Credibility::k6;
  bool operator==(const AdmiraltyGrade&) const = default;
};

// Europol 4x4: source A (no doubt; always reliable), B (mostly reliable), C (mostly
// unreliable), X (cannot be assessed); information 1 (no doubt about accuracy), 2 (known
// personally to the source, not to the official passing it on), 3 (not known personally to the
// source, corroborated by information already recorded), 4 (not known personally to the
// source, cannot be corroborated).
enum class EuropolSource : std::uint8_t { kA, kB, kC, kX };
enum class EuropolInformation : std::uint8_t { k1, k2, k3, k4 };

struct EuropolGrade {
  EuropolSource source = EuropolSource::kX;
  EuropolInformation information = EuropolInformation::k4;
  bool operator==(const EuropolGrade&) const = default;
};

// "A".."F"; "1".."6"; "A".."C","X"; "1".."4"; "B3" (reliability then credibility), "X4".
char ReliabilityLetter(Reliability r);
char CredibilityDigit(Credibility c);
std::string ReliabilityName(Reliability r);  // "usually reliable"
std::string CredibilityName(Credibility c);  // "confirmed by other sources"
std::string FormatAdmiralty(AdmiraltyGrade g);
std::string FormatEuropol(EuropolGrade g);

// Parsers accept upper or lower case. Each fails with kInvalidArgument saying what it expected.
Result<Reliability> ParseReliability(std::string_view text);
Result<Credibility> ParseCredibility(std::string_view text);
Result<AdmiraltyGrade> ParseAdmiralty(std::string_view text);  // "B3"
Result<EuropolGrade> ParseEuropol(std::string_view text);      // "A2"

// Admiralty -> Europol (a projection: C->B, D and E->C, F->X; 4, 5 and 6 -> 4).
EuropolGrade ToEuropol(AdmiraltyGrade g);
// Europol -> Admiralty (exact: A->A, B->B, C->D, X->F; 1,2,3 -> 1,2,3, 4 -> 6).
AdmiraltyGrade ToAdmiralty(EuropolGrade g);

// STIX 2.1 Appendix A, Admiralty Credibility: 1->90, 2->70, 3->50, 4->30, 5->10, 6->absent.
std::optional<int> ToStixConfidence(Credibility c);
// The inverse buckets: 80-100 -> 1, 60-79 -> 2, 40-59 -> 3, 20-39 -> 4, 0-19 -> 5, absent -> 6.
// Fails with kInvalidArgument outside 0-100.
Result<Credibility> FromStixConfidence(std::optional<int> confidence);

// The property extension that carries a full grade on a STIX object (reliability has no STIX
// property of its own): "extensions": {kGradeExtensionId: {"extension_type":
// "property-extension", "reliability": "B", "credibility": "3", "europol": "B3"}}.
inline constexpr std::string_view kGradeExtensionId =
    "extension-definition--5b1f7d5e-9c3a-4e0f-8a51-2f6c1d0e7a94";
// That extension's JSON object text for `g`.
std::string StixGradeExtensionJson(AdmiraltyGrade g);
// Reads a grade back from an object's JSON text: the extension when present (exact), else
// `confidence` alone (reliability F). std::nullopt when neither is present. Fails with
// kInvalidInput for malformed JSON or grade values.
Result<std::optional<AdmiraltyGrade>> GradeFromStixJson(std::string_view json);

}  // namespace qccm::correlation
