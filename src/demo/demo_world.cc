// The fictional members and collections of the demo node.
#include "qccm/demo/demo_world.h"

#include <array>

#include "qccm/core/check.h"

namespace qccm::demo {
namespace {

constexpr std::array<DemoMember, kDemoMemberCount> kMembers = {{
    {"AUR-NCTC", "National Counter-Terrorism Coordination Centre of Auria", "Republic of Auria",
     "XA", "northern-europe", "aur"},
    {"BRL-CTD", "Counter-Terrorism Directorate of Borelia", "Federation of Borelia", "XB",
     "eastern-europe", "brl"},
    {"CLV-SIS", "Security and Intelligence Service of Calvera", "Commonwealth of Calvera", "XC",
     "southern-europe", "clv"},
    {"DLM-JTAC", "Joint Threat Assessment Centre of Delmora", "Union of Delmora", "XD",
     "western-europe", "dlm"},
}};

constexpr MemberSet kAur = MemberBit(0), kBrl = MemberBit(1), kClv = MemberBit(2),
                    kDlm = MemberBit(3);

constexpr std::array<DemoCollection, 8> kCollections = {{
    {"mechanism-shared", "Mechanism-wide sharing", "Intelligence every member reads and writes.",
     SharingMode::kMechanismWide, kAllMembers, kAllMembers, 40},
    {"bilateral-aur-brl", "Auria-Borelia bilateral channel",
     "Shared between AUR-NCTC and BRL-CTD only.", SharingMode::kBilateral, kAur | kBrl, kAur | kBrl,
     8},
    {"bilateral-clv-dlm", "Calvera-Delmora bilateral channel",
     "Shared between CLV-SIS and DLM-JTAC only.", SharingMode::kBilateral, kClv | kDlm, kClv | kDlm,
     8},
    {"bilateral-brl-dlm", "Borelia-Delmora bilateral channel",
     "Shared between BRL-CTD and DLM-JTAC only.", SharingMode::kBilateral, kBrl | kDlm, kBrl | kDlm,
     6},
    {"aur-internal", "AUR-NCTC internal holdings",
     "Private to AUR-NCTC: nobody else reads or writes it.", SharingMode::kPrivate, kAur, kAur, 9},
    {"tip-drop-box", "Tip drop box of the coordination cell",
     "BRL-CTD, CLV-SIS and DLM-JTAC deposit tips; only AUR-NCTC (the coordination cell) reads "
     "them.",
     SharingMode::kDropBox, kAur, kBrl | kClv | kDlm, 14},
    {"restricted-red", "Restricted TLP:RED exchanges",
     "Every member has the right, but each TLP:RED object is visible only to its author and "
     "the members it names (QCCM sharing extension).",
     SharingMode::kRestricted, kAllMembers, kAllMembers, 15},
    {"reference", "Public reference data",
     "Public STIX 2.1 examples (OASIS CTI TC) and MITRE ATT&CK for ICS, imported unchanged.",
     SharingMode::kReference, kAllMembers, kAur, 0},
}};

}  // namespace

std::span<const DemoMember> DemoMembers() { return kMembers; }

std::span<const DemoCollection> DemoCollections() { return kCollections; }

std::size_t DemoCollectionIndex(SharingMode mode) {
  for (std::size_t i = 0; i < kCollections.size(); ++i) {
    if (kCollections[i].mode == mode) return i;
  }
  QCCM_CHECK_MSG(false, "every sharing mode has a demo collection");
  return 0;
}

}  // namespace qccm::demo
