// Per-type rules of STIX 2.1 that a property table cannot say: ordering of timestamps,
// "at least one of", mutually exclusive properties, marking-definition consistency and
// granular-marking selectors.
#include "stix/validator_rules.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "qccm/stix/pattern.h"
#include "qccm/stix/special_categories.h"

namespace qccm::stix::internal {
namespace {

std::string Q(std::string_view name) { return "'" + std::string(name) + "'"; }

bool AllOf(std::string_view s, bool (*ok)(char)) { return std::all_of(s.begin(), s.end(), ok); }
bool IsDigitChar(char c) { return c >= '0' && c <= '9'; }

// "CVE-2012-0158": CVE- then a 4-digit year, '-', then 4 or more digits (no leading zero
// beyond 4 digits), as the OASIS external-reference schema has it.
bool IsCveId(std::string_view id) {
  if (!id.starts_with("CVE-") || id.size() < 13 || id[8] != '-') return false;
  std::string_view year = id.substr(4, 4), number = id.substr(9);
  if (!AllOf(year, IsDigitChar) || !AllOf(number, IsDigitChar)) return false;
  return number.size() == 4 || number[0] != '0';
}

bool IsCapecId(std::string_view id) {
  return id.starts_with("CAPEC-") && id.size() > 6 && AllOf(id.substr(6), IsDigitChar);
}

// Resolves a granular-marking selector (STIX 2.1 §7.2.3.1: property names and "[n]" list
// indices joined by '.', e.g. "external_references.[0].url"). Returns why it fails, or "".
std::string ResolveSelector(dom::element root, std::string_view selector) {
  dom::element current = root;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = selector.find('.', start);
    std::string_view segment =
        selector.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (segment.empty()) return "it has an empty segment";
    if (segment.front() == '[' && segment.back() == ']' && segment.size() > 2) {
      std::size_t index = 0;
      std::string_view digits = segment.substr(1, segment.size() - 2);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      dom::array array;
      if (ec != std::errc() || end != digits.data() + digits.size()) {
        return Q(segment) + " is not a list index";
      }
      if (current.get_array().get(array) != simdjson::SUCCESS) {
        return Q(segment) + " indexes something that is not a list";
      }
      if (array.at(index).get(current) != simdjson::SUCCESS) {
        return "the list has no item " + std::string(segment);
      }
    } else {
      dom::object object;
      if (current.get_object().get(object) != simdjson::SUCCESS) {
        return Q(segment) + " names a property of something that is not an object";
      }
      if (object.at_key(segment).get(current) != simdjson::SUCCESS) {
        return "there is no property " + Q(segment);
      }
    }
    if (dot == std::string_view::npos) return {};
    start = dot + 1;
  }
}

std::optional<Tlp> Tlp1Level(std::string_view name) {
  if (name == "white") return Tlp::kClear;
  if (name == "green") return Tlp::kGreen;
  if (name == "amber") return Tlp::kAmber;
  if (name == "red") return Tlp::kRed;
  return std::nullopt;
}

// The object's id is a standard TLP marking id: its definition must say the same level.
void CheckStandardTlpLevel(RuleContext& c, Tlp stated, std::string_view property) {
  auto standard = TlpOfMarkingId(c.checker().object_id());
  if (!standard || *standard == stated) return;
  c.ErrorAt(property, Q(c.checker().object_id()) + " is the standard TLP:" +
                          std::string(TlpName(*standard)) + " marking-definition, but " +
                          Q(property) + " says TLP:" + std::string(TlpName(stated)));
}

}  // namespace

// ---- SDOs ----

void RuleFirstLastSeen(RuleContext& c) { c.CheckOrder("first_seen", "last_seen", false); }

void RuleIndicator(RuleContext& c) {
  // STIX 2.1 §4.7: valid_until MUST be greater than valid_from.
  c.CheckOrder("valid_from", "valid_until", true);
  if (!c.checker().options().check_patterns || c.String("pattern_type") != "stix") return;
  auto pattern = c.String("pattern");
  if (!pattern) return;
  auto parsed = ParsePattern(*pattern);
  if (parsed) return;
  const auto& column = parsed.error().where.column;
  PathScope at(c.checker().path(), "pattern");
  c.checker().Error("invalid STIX pattern" +
                        (column ? " at column " + std::to_string(*column) : std::string()) + ": " +
                        parsed.error().message,
                    column);
}

void RuleLocation(RuleContext& c) {
  bool latitude = c.Has("latitude"), longitude = c.Has("longitude");
  if (latitude != longitude) {
    c.ErrorAt(latitude ? "latitude" : "longitude",
              "'latitude' and 'longitude' must be given together");
  }
  if (c.Has("precision") && !(latitude && longitude)) {
    c.ErrorAt("precision", "'precision' requires 'latitude' and 'longitude'");
  }
  // §4.10: at least one of region, country, or latitude and longitude.
  if (!c.Has("region") && !c.Has("country") && !(latitude && longitude)) {
    c.Error("a location must have 'region', 'country', or 'latitude' and 'longitude'");
  }
}

void RuleMalware(RuleContext& c) {
  c.CheckOrder("first_seen", "last_seen", false);
  if (c.Bool("is_family") == true && !c.Has("name")) {
    c.ErrorAt("name", "'name' is required when 'is_family' is true");
  }
}

void RuleMalwareAnalysis(RuleContext& c) { c.RequireOneOf({"result", "analysis_sco_refs"}); }

void RuleObservedData(RuleContext& c) {
  c.CheckOrder("first_observed", "last_observed", false);
  if (c.Has("objects") && c.Has("object_refs")) {
    c.ErrorAt("objects", "'objects' and 'object_refs' must not both be present");
  } else {
    c.RequireOneOf({"object_refs", "objects"});
  }
}

// ---- SROs ----

void RuleRelationship(RuleContext& c) {
  if (auto type = c.String("relationship_type")) {
    bool ok = !type->empty() && AllOf(*type, [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
    });
    if (!ok) {
      c.ErrorAt("relationship_type",
                "'relationship_type' must be made of a-z, 0-9 and '-', "
                "found " +
                    Quote(*type));
    }
  }
  c.CheckOrder("start_time", "stop_time", true);
}

void RuleSighting(RuleContext& c) { c.CheckOrder("first_seen", "last_seen", false); }

// ---- SCOs ----

void RuleArtifact(RuleContext& c) {
  if (c.Has("payload_bin") && c.Has("url")) {
    c.ErrorAt("url", "'payload_bin' and 'url' must not both be present");
  }
  if (c.Has("url") && !c.Has("hashes")) {
    c.ErrorAt("hashes", "'hashes' must be present when 'url' is");
  }
  if (c.Has("decryption_key") && !c.Has("encryption_algorithm")) {
    c.ErrorAt("decryption_key", "'decryption_key' requires 'encryption_algorithm'");
  }
}

void RuleEmailMessage(RuleContext& c) {
  auto multipart = c.Bool("is_multipart");
  if (multipart == true && c.Has("body")) {
    c.ErrorAt("body",
              "'body' must not be present when 'is_multipart' is true (use "
              "'body_multipart')");
  }
  if (multipart == false && c.Has("body_multipart")) {
    c.ErrorAt("body_multipart",
              "'body_multipart' must not be present when 'is_multipart' is "
              "false");
  }
}

void RuleMimePart(RuleContext& c) { c.RequireOneOf({"body", "body_raw_ref"}); }

void RuleFile(RuleContext& c) { c.RequireOneOf({"hashes", "name"}); }

void RuleMacAddr(RuleContext& c) {
  // §6.10: a single colon-delimited, lowercase MAC-48 address with leading zeros.
  auto value = c.String("value");
  if (!value) return;
  bool ok = value->size() == 17;
  for (std::size_t i = 0; ok && i < value->size(); ++i) {
    char ch = (*value)[i];
    ok = i % 3 == 2 ? ch == ':' : ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
  }
  if (!ok) {
    c.ErrorAt("value",
              "'value' must be a lowercase colon-delimited MAC-48 address such as "
              "'00:1a:2b:3c:4d:5e', found " +
                  Quote(*value));
  }
}

void RuleNetworkTraffic(RuleContext& c) {
  c.RequireOneOf({"src_ref", "dst_ref"});
  if (c.Bool("is_active") == true && c.Has("end")) {
    c.ErrorAt("end", "'end' must not be present when 'is_active' is true");
  }
  c.CheckOrder("start", "end", false);
}

void RuleProcess(RuleContext& c) {
  if (!c.HasOwnProperty() && !c.Has("extensions")) {
    c.Error("a process must have at least one property besides the common ones");
  }
}

void RuleX509Certificate(RuleContext& c) {
  if (!c.HasOwnProperty()) {
    c.Error("an x509-certificate must have at least one property besides the common ones");
  }
  c.CheckOrder("validity_not_before", "validity_not_after", false);
}

void RuleAtLeastOneProperty(RuleContext& c) {
  if (!c.HasOwnProperty()) {
    c.Error("a " + std::string(c.struct_name()) + " must have at least one property");
  }
}

// ---- meta objects ----

void RuleMarkingDefinition(RuleContext& c) {
  bool has_type = c.Has("definition_type"), has_definition = c.Has("definition");
  if (has_type != has_definition) {
    c.ErrorAt(has_type ? "definition" : "definition_type",
              "'definition_type' and 'definition' must be given together");
  }
  if (!has_definition && !c.Has("extensions")) {
    c.Error(
        "a marking-definition needs 'definition_type' and 'definition', or an extension "
        "that defines the marking (such as TLP 2.0)");
  }
  dom::object definition;
  if (has_type && has_definition &&
      c.Get("definition").get_object().get(definition) == simdjson::SUCCESS) {
    auto type = c.String("definition_type");
    PathScope at(c.checker().path(), "definition");
    if (type == "statement") {
      std::string_view statement;
      if (definition["statement"].get_string().get(statement) != simdjson::SUCCESS) {
        c.ErrorAt("statement", "a statement marking's 'definition' needs a string 'statement'");
      }
    } else if (type == "tlp") {
      std::string_view level;
      if (definition["tlp"].get_string().get(level) != simdjson::SUCCESS || !Tlp1Level(level)) {
        c.ErrorAt("tlp", "a TLP marking's 'definition' needs 'tlp': white, green, amber or red");
      } else {
        CheckStandardTlpLevel(c, *Tlp1Level(level), "tlp");
      }
    }
  }
  if (auto level = c.checker().tlp2_level()) {
    PathScope at(c.checker().path(), "extensions");
    PathScope ext(c.checker().path(), kTlp2ExtensionId);
    CheckStandardTlpLevel(c, *level, "tlp_2_0");
  }
  // §7.2.1: a marking-definition must not mark itself.
  std::string_view id = c.checker().object_id();
  dom::array refs;
  if (!id.empty() && c.Has("object_marking_refs") &&
      c.Get("object_marking_refs").get_array().get(refs) == simdjson::SUCCESS) {
    for (dom::element ref : refs) {
      std::string_view text;
      if (ref.get_string().get(text) == simdjson::SUCCESS && text == id) {
        c.ErrorAt("object_marking_refs", "a marking-definition must not mark itself");
      }
    }
  }
}

void RuleExtensionDefinition(RuleContext& c) {
  // Data minimisation: an extension must not declare a special-category property either.
  dom::array declared;
  if (c.Has("extension_properties") &&
      c.Get("extension_properties").get_array().get(declared) == simdjson::SUCCESS) {
    for (dom::element name : declared) {
      std::string_view text;
      if (name.get_string().get(text) != simdjson::SUCCESS) continue;
      if (auto category = SpecialCategoryOf(text)) {
        c.ErrorAt("extension_properties",
                  "declared property " + Quote(text) + " records " + std::string(*category) +
                      ", a special category of personal data: QCCM refuses it (data "
                      "minimisation, GDPR art. 9 / LED art. 10; see docs/data-minimisation.md)");
      }
    }
  }
  if (!c.Has("extension_properties") || !c.Has("extension_types")) return;
  dom::array types;
  bool toplevel = false;
  if (c.Get("extension_types").get_array().get(types) == simdjson::SUCCESS) {
    for (dom::element type : types) {
      std::string_view text;
      toplevel |=
          type.get_string().get(text) == simdjson::SUCCESS && text == "toplevel-property-extension";
    }
  }
  if (!toplevel) {
    c.ErrorAt("extension_properties",
              "'extension_properties' is only allowed when "
              "'extension_types' has toplevel-property-extension");
  }
}

// ---- embedded types and extensions ----

void RuleExternalReference(RuleContext& c) {
  // §2.5: besides source_name, at least one of description, url or external_id.
  c.RequireOneOf({"description", "url", "external_id"}, "besides 'source_name'");
  auto source = c.String("source_name");
  auto id = c.String("external_id");
  if (source == "cve" && id && !IsCveId(*id)) {
    c.ErrorAt("external_id",
              "a 'cve' reference's 'external_id' must be a CVE id such as "
              "'CVE-2016-0001', found " +
                  Quote(*id));
  } else if (source == "capec" && id && !IsCapecId(*id)) {
    c.ErrorAt("external_id",
              "a 'capec' reference's 'external_id' must be a CAPEC id such as "
              "'CAPEC-163', found " +
                  Quote(*id));
  }
}

void RuleGranularMarking(RuleContext& c) {
  bool lang = c.Has("lang"), ref = c.Has("marking_ref");
  if (lang && ref) c.Error("a granular marking must have 'lang' or 'marking_ref', not both");
  if (!lang && !ref) c.Error("a granular marking must have 'lang' or 'marking_ref'");
  if (ref && c.String("marking_ref") == c.checker().object_id() &&
      c.checker().object_type() == ObjType::kMarkingDefinition) {
    c.ErrorAt("marking_ref", "a marking-definition must not mark itself");
  }
  dom::array selectors;
  if (!c.Has("selectors") || c.Get("selectors").get_array().get(selectors) != simdjson::SUCCESS) {
    return;
  }
  std::size_t i = 0;
  for (dom::element item : selectors) {
    std::string_view selector;
    if (item.get_string().get(selector) != simdjson::SUCCESS) continue;
    std::string why = ResolveSelector(c.checker().root_element(), selector);
    if (!why.empty()) {
      PathScope at(c.checker().path(), "selectors");
      PathScope index(c.checker().path(), i);
      c.checker().Error("selector " + Quote(selector) +
                        " does not select anything in this object: " + why);
    }
    ++i;
  }
}

void RuleSharingExtension(RuleContext& c) {
  if (auto type = c.String("extension_type"); type && *type != "property-extension") {
    c.ErrorAt("extension_type",
              "the QCCM sharing extension is a property-extension, found " + Quote(*type));
  }
  dom::array members;
  if (!c.Has("shared_with") || c.Get("shared_with").get_array().get(members) != simdjson::SUCCESS) {
    return;
  }
  std::size_t i = 0;
  for (dom::element item : members) {
    std::string_view code;
    if (item.get_string().get(code) == simdjson::SUCCESS) {
      // The member-code rule of qccm::sharing::ValidateMemberCode, restated here because
      // stix sits below sharing: 2-32 characters of A-Z, 0-9, '-' and '_'.
      bool ok =
          code.size() >= 2 && code.size() <= 32 && AllOf(code, [](char ch) {
            return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
          });
      if (ok) {
        c.checker().shared_with().emplace_back(code);
      } else {
        PathScope at(c.checker().path(), "shared_with");
        PathScope index(c.checker().path(), i);
        c.checker().Error(
            "'shared_with' must hold member codes (2-32 characters of A-Z, 0-9, "
            "'-' and '_'), found " +
            Quote(code));
      }
    }
    ++i;
  }
}

void RuleTlp2Extension(RuleContext& c) {
  if (auto type = c.String("extension_type"); type && *type != "property-extension") {
    c.ErrorAt("extension_type",
              "the TLP 2.0 extension is a property-extension, found " + Quote(*type));
  }
  if (c.checker().object_type() != ObjType::kMarkingDefinition) {
    c.Error("the TLP 2.0 extension belongs on marking-definition objects");
  }
  auto level = c.String("tlp_2_0");
  if (!level) return;
  if (auto parsed = ParseTlpName(*level); parsed && *parsed != Tlp::kNone && *level != "white") {
    c.checker().NoteTlp2Level(*parsed);
  }
}

}  // namespace qccm::stix::internal
