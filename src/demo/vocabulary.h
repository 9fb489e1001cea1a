// Word lists for the demo generator. Every name they make is fictional; host names use only
// reserved domains (RFC 2606, RFC 6761) and nothing describes ethnicity, religion or the like.
#pragma once

#include <array>
#include <string_view>

namespace qccm::demo::words {

using namespace std::string_view_literals;

inline constexpr std::array kAdjectives = {
    "silent"sv,   "grey"sv,   "northern"sv, "hollow"sv,  "crimson"sv, "quiet"sv,
    "iron"sv,     "pale"sv,   "distant"sv,  "copper"sv,  "velvet"sv,  "broken"sv,
    "frozen"sv,   "hidden"sv, "lunar"sv,    "scarlet"sv, "granite"sv, "misty"sv,
    "restless"sv, "cobalt"sv, "ashen"sv,    "bitter"sv,  "golden"sv,  "wandering"sv};

inline constexpr std::array kNouns = {
    "heron"sv,  "lantern"sv, "harbour"sv, "thistle"sv, "falcon"sv,  "meadow"sv,
    "ember"sv,  "glacier"sv, "orchard"sv, "compass"sv, "anchor"sv,  "willow"sv,
    "beacon"sv, "cedar"sv,   "otter"sv,   "raven"sv,   "summit"sv,  "tundra"sv,
    "quarry"sv, "kestrel"sv, "lynx"sv,    "marble"sv,  "spindle"sv, "furnace"sv};

inline constexpr std::array kGroupWords = {"Network"sv, "Cell"sv,  "Collective"sv,
                                           "Circle"sv,  "Front"sv, "Syndicate"sv};

inline constexpr std::array kMalwareSuffixes = {"Loader"sv, "Rat"sv, "Dropper"sv, "Stealer"sv,
                                                "Wiper"sv,  "Bot"sv, "Shell"sv,   "Spy"sv,
                                                "Crypt"sv,  "Gate"sv};

inline constexpr std::array kMalwareTypes = {"remote-access-trojan"sv,
                                             "dropper"sv,
                                             "downloader"sv,
                                             "backdoor"sv,
                                             "keylogger"sv,
                                             "spyware"sv,
                                             "wiper"sv,
                                             "bot"sv,
                                             "ransomware"sv,
                                             "webshell"sv};

inline constexpr std::array kToolNames = {
    "PortHopper"sv,  "TunnelKit"sv,   "CredHarvest"sv, "NetSweep"sv,  "PackRelay"sv,
    "ShadowCopyX"sv, "ProxyChainr"sv, "LogScrub"sv,    "FloodGate"sv, "ScreenTap"sv};

inline constexpr std::array kToolTypes = {
    "remote-access"sv,         "credential-exploitation"sv, "network-capture"sv,
    "information-gathering"sv, "vulnerability-scanning"sv,  "denial-of-service"sv,
    "exploitation"sv};

struct AttackPatternEntry {
  std::string_view name;
  std::string_view technique;  // a MITRE ATT&CK technique id (public, not an accusation)
  std::string_view phase;      // kill-chain phase in the mitre-attack kill chain
};

inline constexpr std::array<AttackPatternEntry, 16> kAttackPatterns = {{
    {"Spearphishing Attachment", "T1566.001", "initial-access"},
    {"Spearphishing Link", "T1566.002", "initial-access"},
    {"Exploit Public-Facing Application", "T1190", "initial-access"},
    {"Drive-by Compromise", "T1189", "initial-access"},
    {"Command and Scripting Interpreter", "T1059", "execution"},
    {"User Execution: Malicious File", "T1204.002", "execution"},
    {"Valid Accounts", "T1078", "persistence"},
    {"Obfuscated Files or Information", "T1027", "defense-evasion"},
    {"Ingress Tool Transfer", "T1105", "command-and-control"},
    {"Application Layer Protocol: Web Protocols", "T1071.001", "command-and-control"},
    {"Encrypted Channel", "T1573", "command-and-control"},
    {"Exfiltration Over C2 Channel", "T1041", "exfiltration"},
    {"Data Encrypted for Impact", "T1486", "impact"},
    {"Phishing for Information", "T1598", "reconnaissance"},
    {"Acquire Infrastructure: Domains", "T1583.001", "resource-development"},
    {"Develop Capabilities: Malware", "T1587.001", "resource-development"},
}};

inline constexpr std::array kThreatActorTypes = {"terrorist"sv, "terrorist"sv,       "terrorist"sv,
                                                 "criminal"sv,  "crime-syndicate"sv, "activist"sv,
                                                 "hacker"sv};
inline constexpr std::array kSophistication = {"minimal"sv, "intermediate"sv, "advanced"sv,
                                               "expert"sv};
inline constexpr std::array kResourceLevels = {"individual"sv, "club"sv, "team"sv,
                                               "organization"sv};
inline constexpr std::array kMotivations = {
    "ideology"sv,      "ideology"sv, "notoriety"sv, "organizational-gain"sv,
    "personal-gain"sv, "revenge"sv,  "coercion"sv};
inline constexpr std::array kActorRoles = {"agent"sv,          "director"sv,
                                           "independent"sv,    "infrastructure-operator"sv,
                                           "malware-author"sv, "sponsor"sv};
inline constexpr std::array kGoals = {
    "disrupt public events"sv,         "raise funds through online fraud"sv,
    "recruit through closed forums"sv, "acquire attack capabilities"sv,
    "spread violent propaganda"sv,     "intimidate public officials"sv,
    "compromise transport operators"sv};

inline constexpr std::array kWebWords = {
    "cdn"sv,     "update"sv, "secure"sv, "login"sv,    "mail"sv,    "portal"sv,  "cloud"sv,
    "sync"sv,    "files"sv,  "static"sv, "api"sv,      "relay"sv,   "news"sv,    "forum"sv,
    "media"sv,   "share"sv,  "drive"sv,  "docs"sv,     "support"sv, "account"sv, "verify"sv,
    "billing"sv, "status"sv, "assets"sv, "download"sv, "events"sv,  "tickets"sv, "donate"sv};

// Reserved for documentation and testing (RFC 2606, RFC 6761): nobody's real host.
inline constexpr std::array kReservedSuffixes = {"example.com"sv, "example.net"sv, "example.org"sv,
                                                 "test"sv,        "example"sv,     "invalid"sv};

inline constexpr std::array kUrlPaths = {
    "index.php"sv,     "gate.php"sv,         "panel/login"sv, "upload"sv,       "check"sv,
    "api/v2/beacon"sv, "static/js/app.js"sv, "dl/setup"sv,    "forum/thread"sv, "pay/confirm"sv};

inline constexpr std::array kFileStems = {"invoice"sv,  "update"sv,  "setup"sv,     "report"sv,
                                          "agenda"sv,   "payload"sv, "agent"sv,     "drivers"sv,
                                          "schedule"sv, "scan"sv,    "statement"sv, "viewer"sv};
inline constexpr std::array kFileExtensions = {"exe"sv, "dll"sv, "docm"sv, "pdf.exe"sv, "ps1"sv,
                                               "js"sv,  "hta"sv, "lnk"sv,  "iso"sv,     "scr"sv};

inline constexpr std::array kMailboxes = {"info"sv,    "admin"sv,   "recruitment"sv, "press"sv,
                                          "support"sv, "billing"sv, "no-reply"sv,    "events"sv,
                                          "office"sv,  "helpdesk"sv};
inline constexpr std::array kMailSubjects = {
    "Invoice overdue"sv,      "Meeting agenda"sv,        "Updated travel schedule"sv,
    "Account verification"sv, "Conference invitation"sv, "Shipping notice"sv,
    "Donation receipt"sv,     "Password expiry notice"sv};

inline constexpr std::array kIndicatorLabels = {"c2"sv,
                                                "phishing"sv,
                                                "malware-delivery"sv,
                                                "exfiltration"sv,
                                                "credential-theft"sv,
                                                "online-propaganda"sv,
                                                "terrorist-financing"sv,
                                                "attack-planning"sv,
                                                "recruitment-channel"sv,
                                                "ddos"sv};

inline constexpr std::array kVenues = {"a transport hub"sv,       "a public event"sv,
                                       "a government building"sv, "an energy facility"sv,
                                       "a port facility"sv,       "a telecommunications site"sv,
                                       "a shopping district"sv,   "a water treatment plant"sv};
inline constexpr std::array kIncidentKinds = {"Foiled attack plot against"sv,
                                              "Arson attack on"sv,
                                              "Hoax device at"sv,
                                              "Cyber attack on the operator of"sv,
                                              "Hostile reconnaissance of"sv,
                                              "Unmanned aircraft incursion at"sv};

struct CityEntry {
  std::string_view name;
  std::size_t member;  // index of the state's member agency
  std::string_view area;
  std::int64_t latitude_e4;  // in the open Atlantic: no real town is meant
  std::int64_t longitude_e4;
};

inline constexpr std::array<CityEntry, 12> kCities = {{
    {"Aurelle", 0, "Central Province", 452130, -312040},
    {"Lindmark", 0, "Northern Province", 461870, -309910},
    {"Vesterhaven", 0, "Coastal Province", 447720, -315530},
    {"Kestrelburg", 1, "Upper Marches", 432310, -284450},
    {"Nordvale", 1, "Lower Marches", 429050, -279160},
    {"Greywater", 1, "Eastern Reach", 436640, -275820},
    {"Calvessa", 2, "Isla Mayor", 401120, -332470},
    {"Marindo", 2, "Isla Menor", 397780, -336610},
    {"Olverra", 2, "Costa Alta", 404530, -329050},
    {"Veyruna", 3, "Delta District", 418860, -351230},
    {"Tarrowick", 3, "Highland District", 422410, -347780},
    {"Ostmere", 3, "Lake District", 415390, -354920},
}};

}  // namespace qccm::demo::words
