// The STIX 2.1 object model as data: one table per object type, embedded type and predefined
// extension (property -> kind, flags, targets), the common properties with where they apply,
// and the index built from them once. Longer than the house cap because it is one table per
// type in the spec; splitting it would only scatter the tables.
#include "stix/validator_spec.h"

#include <array>
#include <cstring>
#include <memory>
#include <vector>

#include "qccm/core/check.h"
#include "stix/validator_rules.h"

namespace qccm::stix::internal {
namespace {

using O = ObjType;
using SV = std::string_view;

// ---- helpers that keep the tables one line per property ----
constexpr PropSpec P(SV name, Kind kind, std::uint8_t flags = 0) {
  PropSpec p;
  p.name = name;
  p.kind = kind;
  p.flags = flags;
  return p;
}
constexpr PropSpec Str(SV n, std::uint8_t f = 0) { return P(n, Kind::kString, f); }
constexpr PropSpec Ts(SV n, std::uint8_t f = 0) { return P(n, Kind::kTimestamp, f); }
constexpr PropSpec Bool(SV n, std::uint8_t f = 0) { return P(n, Kind::kBoolean, f); }
constexpr PropSpec Strs(SV n, std::uint8_t f = 0) { return P(n, Kind::kStringList, f); }
constexpr PropSpec Ov(SV n, std::uint8_t f = 0) { return P(n, Kind::kOpenVocab, f); }
constexpr PropSpec Ovs(SV n, std::uint8_t f = 0) { return P(n, Kind::kOpenVocabList, f); }
constexpr PropSpec Hashes(SV n) { return P(n, Kind::kHashes); }
constexpr PropSpec Dict(SV n) { return P(n, Kind::kDictionary); }
constexpr PropSpec Hex(SV n, std::uint8_t f = 0) { return P(n, Kind::kHex, f); }
constexpr PropSpec Kcp(SV n) { return P(n, Kind::kKillChainPhases); }
constexpr PropSpec Int(SV n, std::int64_t lo, std::int64_t hi, std::uint8_t f = 0) {
  PropSpec p = P(n, Kind::kInteger, f);
  p.int_min = lo;
  p.int_max = hi;
  return p;
}
constexpr PropSpec AnyInt(SV n, std::uint8_t f = 0) { return P(n, Kind::kInteger, f); }
constexpr PropSpec Count(SV n) { return Int(n, 0, std::numeric_limits<std::int64_t>::max()); }
constexpr PropSpec Float(SV n, double lo, double hi) {
  PropSpec p = P(n, Kind::kFloat);
  p.float_min = lo;
  p.float_max = hi;
  return p;
}
constexpr PropSpec Ref(SV n, const RefTargets& t, std::uint8_t f = 0) {
  PropSpec p = P(n, Kind::kRef, f);
  p.targets = &t;
  return p;
}
constexpr PropSpec Refs(SV n, const RefTargets& t, std::uint8_t f = 0) {
  PropSpec p = P(n, Kind::kRefList, f);
  p.targets = &t;
  return p;
}
constexpr PropSpec Enum(SV n, std::span<const SV> values, std::uint8_t f = 0) {
  PropSpec p = P(n, Kind::kEnum, f);
  p.values = values;
  return p;
}
constexpr PropSpec Enums(SV n, std::span<const SV> values, std::uint8_t f = 0) {
  PropSpec p = P(n, Kind::kEnumList, f);
  p.values = values;
  return p;
}
constexpr PropSpec Sub(SV n, const StructSpec& s, std::uint8_t f = 0) {
  PropSpec p = P(n, Kind::kStruct, f);
  p.sub = &s;
  return p;
}
constexpr PropSpec Subs(SV n, const StructSpec& s, std::uint8_t f = 0) {
  PropSpec p = P(n, Kind::kStructList, f);
  p.sub = &s;
  return p;
}
constexpr std::uint8_t R = kRequired;

// ---- reference targets ----
constexpr TypeMask kAllSpecObjects = BitRange(O::kAttackPattern, O::kExtensionDefinition);
constexpr RefTargets kToIdentity{Bit(O::kIdentity), false, "an identity"};
constexpr RefTargets kToMarking{Bit(O::kMarkingDefinition), false, "a marking-definition"};
constexpr RefTargets kToAnyObject{kAllSpecObjects, true, "a STIX object"};
constexpr RefTargets kToSoftware{Bit(O::kSoftware), false, "a software object"};
constexpr RefTargets kToFileOrArtifact{Bit(O::kFile) | Bit(O::kArtifact), false,
                                       "a file or an artifact"};
constexpr RefTargets kToSample{Bit(O::kFile) | Bit(O::kArtifact) | Bit(O::kNetworkTraffic), false,
                               "a file, an artifact or a network-traffic object"};
constexpr RefTargets kToSco{kScoTypes, true, "a cyber-observable object"};
constexpr RefTargets kToScoOrSro{kScoTypes | kSroTypes, true,
                                 "a cyber-observable object or a relationship"};
constexpr RefTargets kRelationshipEnd{kSdoTypes | kScoTypes, true,
                                      "an SDO, an SCO or a custom object (not an SRO, a "
                                      "marking-definition, a language-content or an "
                                      "extension-definition)"};
constexpr RefTargets kSightingOf{kSdoTypes, true, "an SDO or a custom object"};
constexpr RefTargets kToObservedData{Bit(O::kObservedData), false, "an observed-data"};
constexpr RefTargets kToIdentityOrLocation{Bit(O::kIdentity) | Bit(O::kLocation), false,
                                           "an identity or a location"};
constexpr RefTargets kToDirectory{Bit(O::kDirectory), false, "a directory"};
constexpr RefTargets kToFileOrDirectory{Bit(O::kFile) | Bit(O::kDirectory), false,
                                        "a file or a directory"};
constexpr RefTargets kToArtifact{Bit(O::kArtifact), false, "an artifact"};
constexpr RefTargets kToFile{Bit(O::kFile), false, "a file"};
constexpr RefTargets kToEmailAddr{Bit(O::kEmailAddr), false, "an email-addr"};
constexpr RefTargets kToUserAccount{Bit(O::kUserAccount), false, "a user-account"};
constexpr RefTargets kToMacAddr{Bit(O::kMacAddr), false, "a mac-addr"};
constexpr RefTargets kToAutonomousSystem{Bit(O::kAutonomousSystem), false, "an autonomous-system"};
constexpr RefTargets kToResolvable{Bit(O::kIpv4Addr) | Bit(O::kIpv6Addr) | Bit(O::kDomainName),
                                   false, "an ipv4-addr, an ipv6-addr or a domain-name"};
constexpr RefTargets kToEndpoint{
    Bit(O::kIpv4Addr) | Bit(O::kIpv6Addr) | Bit(O::kMacAddr) | Bit(O::kDomainName), false,
    "an ipv4-addr, an ipv6-addr, a mac-addr or a domain-name"};
constexpr RefTargets kToNetworkTraffic{Bit(O::kNetworkTraffic), false, "a network-traffic"};
constexpr RefTargets kToProcess{Bit(O::kProcess), false, "a process"};
constexpr RefTargets kLanguageContentTarget{kAllSpecObjects & ~Bit(O::kLanguageContent), true,
                                            "a STIX object other than a language-content"};

// ---- closed enumerations (STIX 2.1 §10) ----
constexpr SV kOpinionEnum[] = {"strongly-disagree", "disagree", "neutral", "agree",
                               "strongly-agree"};
constexpr SV kEncryptionAlgorithmEnum[] = {"AES-256-GCM", "ChaCha20-Poly1305",
                                           "mime-type-indicated"};
constexpr SV kAddressFamilyEnum[] = {"AF_UNSPEC",  "AF_INET",  "AF_IPX",  "AF_APPLETALK",
                                     "AF_NETBIOS", "AF_INET6", "AF_IRDA", "AF_BTH"};
constexpr SV kSocketTypeEnum[] = {"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM",
                                  "SOCK_SEQPACKET"};
constexpr SV kIntegrityLevelEnum[] = {"low", "medium", "high", "system"};
constexpr SV kServiceStartEnum[] = {"SERVICE_AUTO_START", "SERVICE_BOOT_START",
                                    "SERVICE_DEMAND_START", "SERVICE_DISABLED",
                                    "SERVICE_SYSTEM_ALERT"};
constexpr SV kServiceTypeEnum[] = {"SERVICE_KERNEL_DRIVER", "SERVICE_FILE_SYSTEM_DRIVER",
                                   "SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS"};
constexpr SV kServiceStatusEnum[] = {
    "SERVICE_CONTINUE_PENDING", "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED", "SERVICE_RUNNING",
    "SERVICE_START_PENDING",    "SERVICE_STOP_PENDING",  "SERVICE_STOPPED"};
constexpr SV kRegistryDatatypeEnum[] = {"REG_NONE",
                                        "REG_SZ",
                                        "REG_EXPAND_SZ",
                                        "REG_BINARY",
                                        "REG_DWORD",
                                        "REG_DWORD_BIG_ENDIAN",
                                        "REG_DWORD_LITTLE_ENDIAN",
                                        "REG_LINK",
                                        "REG_MULTI_SZ",
                                        "REG_RESOURCE_LIST",
                                        "REG_FULL_RESOURCE_DESCRIPTION",
                                        "REG_RESOURCE_REQUIREMENTS_LIST",
                                        "REG_QWORD",
                                        "REG_INVALID_TYPE"};
constexpr SV kExtensionTypeEnum[] = {"new-sdo", "new-sco", "new-sro", "property-extension",
                                     "toplevel-property-extension"};
constexpr SV kTlp2Enum[] = {"clear", "green", "amber", "amber+strict", "red"};

// ---- embedded types (§2) ----
constexpr PropSpec kExternalReferenceProps[] = {
    Str("source_name", R), Str("description"), P("url", Kind::kUrl),
    Hashes("hashes"),      Str("external_id"),
};
constexpr StructSpec kExternalReference{"external reference", kExternalReferenceProps,
                                        RuleExternalReference};

constexpr PropSpec kKillChainPhaseProps[] = {Str("kill_chain_name", R), Str("phase_name", R)};
constexpr StructSpec kKillChainPhase{"kill-chain phase", kKillChainPhaseProps};

constexpr PropSpec kGranularMarkingProps[] = {P("lang", Kind::kLang),
                                              Ref("marking_ref", kToMarking), Strs("selectors", R)};
constexpr StructSpec kGranularMarking{"granular marking", kGranularMarkingProps,
                                      RuleGranularMarking};

constexpr PropSpec kMimePartProps[] = {Str("body"), Ref("body_raw_ref", kToFileOrArtifact),
                                       Str("content_type"), Str("content_disposition")};
constexpr StructSpec kMimePart{"email MIME part", kMimePartProps, RuleMimePart};

constexpr PropSpec kAlternateDataStreamProps[] = {Str("name", R), Hashes("hashes"), Count("size")};
constexpr StructSpec kAlternateDataStream{"alternate data stream", kAlternateDataStreamProps};

constexpr PropSpec kPeOptionalHeaderProps[] = {
    Hex("magic_hex"),
    AnyInt("major_linker_version"),
    AnyInt("minor_linker_version"),
    Count("size_of_code"),
    Count("size_of_initialized_data"),
    Count("size_of_uninitialized_data"),
    AnyInt("address_of_entry_point"),
    AnyInt("base_of_code"),
    AnyInt("base_of_data"),
    AnyInt("image_base"),
    AnyInt("section_alignment"),
    AnyInt("file_alignment"),
    AnyInt("major_os_version"),
    AnyInt("minor_os_version"),
    AnyInt("major_image_version"),
    AnyInt("minor_image_version"),
    AnyInt("major_subsystem_version"),
    AnyInt("minor_subsystem_version"),
    Hex("win32_version_value_hex"),
    Count("size_of_image"),
    Count("size_of_headers"),
    Hex("checksum_hex"),
    Hex("subsystem_hex"),
    Hex("dll_characteristics_hex"),
    Count("size_of_stack_reserve"),
    Count("size_of_stack_commit"),
    AnyInt("size_of_heap_reserve"),
    AnyInt("size_of_heap_commit"),
    Hex("loader_flags_hex"),
    AnyInt("number_of_rva_and_sizes"),
    Hashes("hashes"),
};
constexpr StructSpec kPeOptionalHeader{"PE optional header", kPeOptionalHeaderProps,
                                       RuleAtLeastOneProperty};

constexpr PropSpec kPeSectionProps[] = {Str("name", R), Count("size"), Float("entropy", 0.0, 8.0),
                                        Hashes("hashes")};
constexpr StructSpec kPeSection{"PE section", kPeSectionProps};

constexpr PropSpec kRegistryValueProps[] = {Str("name"), Str("data"),
                                            Enum("data_type", kRegistryDatatypeEnum)};
constexpr StructSpec kRegistryValue{"registry value", kRegistryValueProps};

constexpr PropSpec kX509V3ExtensionsProps[] = {
    Str("basic_constraints"),
    Str("name_constraints"),
    Str("policy_constraints"),
    Str("key_usage"),
    Str("extended_key_usage"),
    Str("subject_key_identifier"),
    Str("authority_key_identifier"),
    Str("subject_alternative_name"),
    Str("issuer_alternative_name"),
    Str("subject_directory_attributes"),
    Str("crl_distribution_points"),
    Str("inhibit_any_policy"),
    Ts("private_key_usage_period_not_before"),
    Ts("private_key_usage_period_not_after"),
    Str("certificate_policies"),
    Str("policy_mappings"),
};
constexpr StructSpec kX509V3Extensions{"X.509 v3 extensions", kX509V3ExtensionsProps,
                                       RuleAtLeastOneProperty};

// ---- SDOs (§4): the type-specific properties; common ones are merged in below ----
constexpr PropSpec kAttackPatternProps[] = {Str("name", R), Str("description"), Strs("aliases"),
                                            Kcp("kill_chain_phases")};
constexpr PropSpec kCampaignProps[] = {Str("name", R),   Str("description"), Strs("aliases"),
                                       Ts("first_seen"), Ts("last_seen"),    Str("objective")};
constexpr PropSpec kCourseOfActionProps[] = {Str("name", R), Str("description")};
constexpr PropSpec kGroupingProps[] = {Str("name"), Str("description"), Ov("context", R),
                                       Refs("object_refs", kToAnyObject, R)};
constexpr PropSpec kIdentityProps[] = {Str("name", R), Str("description"),
                                       Ovs("roles"),   Ov("identity_class"),
                                       Ovs("sectors"), Str("contact_information")};
constexpr PropSpec kIncidentProps[] = {Str("name", R), Str("description"),
                                       Kcp("kill_chain_phases")};
constexpr PropSpec kIndicatorProps[] = {
    Str("name"),         Str("description"),    Ovs("indicator_types"),
    Str("pattern", R),   Ov("pattern_type", R), Str("pattern_version"),
    Ts("valid_from", R), Ts("valid_until"),     Kcp("kill_chain_phases"),
};
constexpr PropSpec kInfrastructureProps[] = {
    Str("name", R),  Str("description"),       Ovs("infrastructure_types"),
    Strs("aliases"), Kcp("kill_chain_phases"), Ts("first_seen"),
    Ts("last_seen"),
};
constexpr PropSpec kIntrusionSetProps[] = {
    Str("name", R),       Str("description"),       Strs("aliases"),
    Ts("first_seen"),     Ts("last_seen"),          Strs("goals"),
    Ov("resource_level"), Ov("primary_motivation"), Ovs("secondary_motivations"),
};
constexpr PropSpec kLocationProps[] = {
    Str("name"),
    Str("description"),
    Float("latitude", -90.0, 90.0),
    Float("longitude", -180.0, 180.0),
    Float("precision", 0.0, std::numeric_limits<double>::infinity()),
    Ov("region"),
    Str("country"),
    Str("administrative_area"),
    Str("city"),
    Str("street_address"),
    Str("postal_code"),
};
constexpr PropSpec kMalwareProps[] = {
    Str("name"),
    Str("description"),
    Ovs("malware_types"),
    Bool("is_family", R),
    Strs("aliases"),
    Kcp("kill_chain_phases"),
    Ts("first_seen"),
    Ts("last_seen"),
    Refs("operating_system_refs", kToSoftware),
    Ovs("architecture_execution_envs"),
    Ovs("implementation_languages"),
    Ovs("capabilities"),
    Refs("sample_refs", kToFileOrArtifact),
};
constexpr PropSpec kMalwareAnalysisProps[] = {
    Str("product", R),
    Str("version"),
    Ref("host_vm_ref", kToSoftware),
    Ref("operating_system_ref", kToSoftware),
    Refs("installed_software_refs", kToSoftware),
    Str("configuration_version"),
    Strs("modules"),
    Str("analysis_engine_version"),
    Str("analysis_definition_version"),
    Ts("submitted"),
    Ts("analysis_started"),
    Ts("analysis_ended"),
    Str("result_name"),
    Ov("result"),
    Refs("analysis_sco_refs", kToSco),
    Ref("sample_ref", kToSample),
};
constexpr PropSpec kNoteProps[] = {Str("abstract"), Str("content", R), Strs("authors"),
                                   Refs("object_refs", kToAnyObject, R)};
constexpr PropSpec kObservedDataProps[] = {
    Ts("first_observed", R),
    Ts("last_observed", R),
    Int("number_observed", 1, 999'999'999, R),
    P("objects", Kind::kObservedObjects, kDeprecated),
    Refs("object_refs", kToScoOrSro),
};
constexpr PropSpec kOpinionProps[] = {Str("explanation"), Strs("authors"),
                                      Enum("opinion", kOpinionEnum, R),
                                      Refs("object_refs", kToAnyObject, R)};
constexpr PropSpec kReportProps[] = {Str("name", R), Str("description"), Ovs("report_types"),
                                     Ts("published", R), Refs("object_refs", kToAnyObject, R)};
constexpr PropSpec kThreatActorProps[] = {
    Str("name", R),
    Str("description"),
    Ovs("threat_actor_types"),
    Strs("aliases"),
    Ts("first_seen"),
    Ts("last_seen"),
    Ovs("roles"),
    Strs("goals"),
    Ov("sophistication"),
    Ov("resource_level"),
    Ov("primary_motivation"),
    Ovs("secondary_motivations"),
    Ovs("personal_motivations"),
};
constexpr PropSpec kToolProps[] = {Str("name", R),  Str("description"),       Ovs("tool_types"),
                                   Strs("aliases"), Kcp("kill_chain_phases"), Str("tool_version")};
constexpr PropSpec kVulnerabilityProps[] = {Str("name", R), Str("description")};

// ---- SROs (§5) ----
constexpr PropSpec kRelationshipProps[] = {
    Str("relationship_type", R),
    Str("description"),
    Ref("source_ref", kRelationshipEnd, R),
    Ref("target_ref", kRelationshipEnd, R),
    Ts("start_time"),
    Ts("stop_time"),
};
constexpr PropSpec kSightingProps[] = {
    Str("description"),
    Ts("first_seen"),
    Ts("last_seen"),
    Int("count", 0, 999'999'999),
    Ref("sighting_of_ref", kSightingOf, R),
    Refs("observed_data_refs", kToObservedData),
    Refs("where_sighted_refs", kToIdentityOrLocation),
    Bool("summary"),
};

// ---- SCOs (§6) ----
constexpr PropSpec kArtifactProps[] = {
    Str("mime_type"),
    P("payload_bin", Kind::kBinary),
    P("url", Kind::kUrl),
    Hashes("hashes"),
    Enum("encryption_algorithm", kEncryptionAlgorithmEnum),
    Str("decryption_key"),
};
constexpr PropSpec kAutonomousSystemProps[] = {AnyInt("number", R), Str("name"), Str("rir")};
constexpr PropSpec kDirectoryProps[] = {Str("path", R), Str("path_enc"),
                                        Ts("ctime"),    Ts("mtime"),
                                        Ts("atime"),    Refs("contains_refs", kToFileOrDirectory)};
constexpr PropSpec kDomainNameProps[] = {Str("value", R), Refs("resolves_to_refs", kToResolvable)};
constexpr PropSpec kEmailAddrProps[] = {Str("value", R), Str("display_name"),
                                        Ref("belongs_to_ref", kToUserAccount)};
constexpr PropSpec kEmailMessageProps[] = {
    Bool("is_multipart", R),
    Ts("date"),
    Str("content_type"),
    Ref("from_ref", kToEmailAddr),
    Ref("sender_ref", kToEmailAddr),
    Refs("to_refs", kToEmailAddr),
    Refs("cc_refs", kToEmailAddr),
    Refs("bcc_refs", kToEmailAddr),
    Str("message_id"),
    Str("subject"),
    Strs("received_lines"),
    Dict("additional_header_fields"),
    Str("body"),
    Subs("body_multipart", kMimePart),
    Ref("raw_email_ref", kToArtifact),
};
constexpr PropSpec kFileProps[] = {
    Hashes("hashes"),
    Count("size"),
    Str("name"),
    Str("name_enc"),
    Hex("magic_number_hex"),
    Str("mime_type"),
    Ts("ctime"),
    Ts("mtime"),
    Ts("atime"),
    Ref("parent_directory_ref", kToDirectory),
    Refs("contains_refs", kToSco),
    Ref("content_ref", kToArtifact),
};
constexpr PropSpec kIpAddrProps[] = {Str("value", R), Refs("resolves_to_refs", kToMacAddr),
                                     Refs("belongs_to_refs", kToAutonomousSystem)};
constexpr PropSpec kMacAddrProps[] = {Str("value", R)};
constexpr PropSpec kMutexProps[] = {Str("name", R)};
constexpr PropSpec kNetworkTrafficProps[] = {
    Ts("start"),
    Ts("end"),
    Bool("is_active"),
    Ref("src_ref", kToEndpoint),
    Ref("dst_ref", kToEndpoint),
    Int("src_port", 0, 65535),
    Int("dst_port", 0, 65535),
    Strs("protocols", R),
    Count("src_byte_count"),
    Count("dst_byte_count"),
    Count("src_packets"),
    Count("dst_packets"),
    Dict("ipfix"),
    Ref("src_payload_ref", kToArtifact),
    Ref("dst_payload_ref", kToArtifact),
    Refs("encapsulates_refs", kToNetworkTraffic),
    Ref("encapsulated_by_ref", kToNetworkTraffic),
};
constexpr PropSpec kProcessProps[] = {
    Bool("is_hidden"),
    AnyInt("pid"),
    Ts("created_time"),
    Str("cwd"),
    Str("command_line"),
    Dict("environment_variables"),
    Refs("opened_connection_refs", kToNetworkTraffic),
    Ref("creator_user_ref", kToUserAccount),
    Ref("image_ref", kToFile),
    Ref("parent_ref", kToProcess),
    Refs("child_refs", kToProcess),
};
constexpr PropSpec kSoftwareProps[] = {Str("name", R),    Str("cpe"),    Str("swid"),
                                       Strs("languages"), Str("vendor"), Str("version")};
constexpr PropSpec kUrlProps[] = {Str("value", R)};
constexpr PropSpec kUserAccountProps[] = {
    Str("user_id"),
    Str("credential"),
    Str("account_login"),
    Ov("account_type"),
    Str("display_name"),
    Bool("is_service_account"),
    Bool("is_privileged"),
    Bool("can_escalate_privs"),
    Bool("is_disabled"),
    Ts("account_created"),
    Ts("account_expires"),
    Ts("credential_last_changed"),
    Ts("account_first_login"),
    Ts("account_last_login"),
};
constexpr PropSpec kWindowsRegistryKeyProps[] = {
    Str("key"),
    Subs("values", kRegistryValue),
    Ts("modified_time"),
    Ref("creator_user_ref", kToUserAccount),
    Count("number_of_subkeys"),
};
constexpr PropSpec kX509CertificateProps[] = {
    Bool("is_self_signed"),
    Hashes("hashes"),
    Str("version"),
    Str("serial_number"),
    Str("signature_algorithm"),
    Str("issuer"),
    Ts("validity_not_before"),
    Ts("validity_not_after"),
    Str("subject"),
    Str("subject_public_key_algorithm"),
    Str("subject_public_key_modulus"),
    AnyInt("subject_public_key_exponent"),
    Sub("x509_v3_extensions", kX509V3Extensions),
};

// ---- predefined SCO extensions (§6) ----
constexpr PropSpec kArchiveExtProps[] = {Refs("contains_refs", kToFileOrDirectory, R),
                                         Str("comment")};
constexpr PropSpec kNtfsExtProps[] = {Str("sid"),
                                      Subs("alternate_data_streams", kAlternateDataStream)};
constexpr PropSpec kPdfExtProps[] = {Str("version"), Bool("is_optimized"),
                                     Dict("document_info_dict"), Str("pdfid0"), Str("pdfid1")};
constexpr PropSpec kRasterImageExtProps[] = {AnyInt("image_height"), AnyInt("image_width"),
                                             AnyInt("bits_per_pixel"), Dict("exif_tags")};
constexpr PropSpec kPeBinaryExtProps[] = {
    Ov("pe_type", R),
    Str("imphash"),
    Hex("machine_hex"),
    Count("number_of_sections"),
    Ts("time_date_stamp"),
    Hex("pointer_to_symbol_table_hex"),
    Count("number_of_symbols"),
    Count("size_of_optional_header"),
    Hex("characteristics_hex"),
    Hashes("file_header_hashes"),
    Sub("optional_header", kPeOptionalHeader),
    Subs("sections", kPeSection),
};
constexpr PropSpec kHttpRequestExtProps[] = {
    Str("request_method", R),     Str("request_value", R),
    Str("request_version"),       Dict("request_header"),
    Count("message_body_length"), Ref("message_body_data_ref", kToArtifact),
};
constexpr PropSpec kIcmpExtProps[] = {Hex("icmp_type_hex", R), Hex("icmp_code_hex", R)};
constexpr PropSpec kSocketExtProps[] = {
    Enum("address_family", kAddressFamilyEnum, R),
    Bool("is_blocking"),
    Bool("is_listening"),
    Dict("options"),
    Enum("socket_type", kSocketTypeEnum),
    Count("socket_descriptor"),
    AnyInt("socket_handle"),
};
constexpr PropSpec kTcpExtProps[] = {Hex("src_flags_hex"), Hex("dst_flags_hex")};
constexpr PropSpec kWindowsProcessExtProps[] = {
    Bool("aslr_enabled"),
    Bool("dep_enabled"),
    Str("priority"),
    Str("owner_sid"),
    Str("window_title"),
    Dict("startup_info"),
    Enum("integrity_level", kIntegrityLevelEnum),
};
constexpr PropSpec kWindowsServiceExtProps[] = {
    Str("service_name"),
    Strs("descriptions"),
    Str("display_name"),
    Str("group_name"),
    Enum("start_type", kServiceStartEnum),
    Refs("service_dll_refs", kToFile),
    Enum("service_type", kServiceTypeEnum),
    Enum("service_status", kServiceStatusEnum),
};
constexpr PropSpec kUnixAccountExtProps[] = {AnyInt("gid"), Strs("groups"), Str("home_dir"),
                                             Str("shell")};

// ---- meta objects (§7) ----
constexpr PropSpec kMarkingDefinitionProps[] = {Str("name"), Str("definition_type"),
                                                P("definition", Kind::kAnyObject)};
constexpr PropSpec kLanguageContentProps[] = {Ref("object_ref", kLanguageContentTarget, R),
                                              Ts("object_modified"),
                                              P("contents", Kind::kLanguageContents, R)};
constexpr PropSpec kExtensionDefinitionProps[] = {
    Str("name", R),
    Str("description"),
    Str("schema", R),
    Str("version", R),
    Enums("extension_types", kExtensionTypeEnum, R),
    Strs("extension_properties"),
};

// ---- extension-definition extensions the validator knows ----
constexpr PropSpec kTlp2ExtensionProps[] = {Enum("extension_type", kExtensionTypeEnum, R),
                                            Enum("tlp_2_0", kTlp2Enum, R)};
constexpr StructSpec kTlp2Extension{"TLP 2.0 marking extension", kTlp2ExtensionProps,
                                    RuleTlp2Extension};
constexpr PropSpec kSharingExtensionProps[] = {Enum("extension_type", kExtensionTypeEnum, R),
                                               Strs("shared_with", R)};
constexpr StructSpec kSharingExtension{"QCCM sharing extension", kSharingExtensionProps,
                                       RuleSharingExtension};

struct TypeRow {
  SV name;
  ObjType type;
  Category category;
  StructSpec spec;
};

// One row per object type: the whole of STIX 2.1's object model in one place.
constexpr TypeRow kTypes[] = {
    {"attack-pattern", O::kAttackPattern, Category::kSdo, {"attack-pattern", kAttackPatternProps}},
    {"campaign", O::kCampaign, Category::kSdo, {"campaign", kCampaignProps, RuleFirstLastSeen}},
    {"course-of-action",
     O::kCourseOfAction,
     Category::kSdo,
     {"course-of-action", kCourseOfActionProps}},
    {"grouping", O::kGrouping, Category::kSdo, {"grouping", kGroupingProps}},
    {"identity", O::kIdentity, Category::kSdo, {"identity", kIdentityProps}},
    {"incident", O::kIncident, Category::kSdo, {"incident", kIncidentProps}},
    {"indicator", O::kIndicator, Category::kSdo, {"indicator", kIndicatorProps, RuleIndicator}},
    {"infrastructure",
     O::kInfrastructure,
     Category::kSdo,
     {"infrastructure", kInfrastructureProps, RuleFirstLastSeen}},
    {"intrusion-set",
     O::kIntrusionSet,
     Category::kSdo,
     {"intrusion-set", kIntrusionSetProps, RuleFirstLastSeen}},
    {"location", O::kLocation, Category::kSdo, {"location", kLocationProps, RuleLocation}},
    {"malware", O::kMalware, Category::kSdo, {"malware", kMalwareProps, RuleMalware}},
    {"malware-analysis",
     O::kMalwareAnalysis,
     Category::kSdo,
     {"malware-analysis", kMalwareAnalysisProps, RuleMalwareAnalysis}},
    {"note", O::kNote, Category::kSdo, {"note", kNoteProps}},
    {"observed-data",
     O::kObservedData,
     Category::kSdo,
     {"observed-data", kObservedDataProps, RuleObservedData}},
    {"opinion", O::kOpinion, Category::kSdo, {"opinion", kOpinionProps}},
    {"report", O::kReport, Category::kSdo, {"report", kReportProps}},
    {"threat-actor",
     O::kThreatActor,
     Category::kSdo,
     {"threat-actor", kThreatActorProps, RuleFirstLastSeen}},
    {"tool", O::kTool, Category::kSdo, {"tool", kToolProps}},
    {"vulnerability", O::kVulnerability, Category::kSdo, {"vulnerability", kVulnerabilityProps}},
    {"relationship",
     O::kRelationship,
     Category::kSro,
     {"relationship", kRelationshipProps, RuleRelationship}},
    {"sighting", O::kSighting, Category::kSro, {"sighting", kSightingProps, RuleSighting}},
    {"artifact", O::kArtifact, Category::kSco, {"artifact", kArtifactProps, RuleArtifact}},
    {"autonomous-system",
     O::kAutonomousSystem,
     Category::kSco,
     {"autonomous-system", kAutonomousSystemProps}},
    {"directory", O::kDirectory, Category::kSco, {"directory", kDirectoryProps}},
    {"domain-name", O::kDomainName, Category::kSco, {"domain-name", kDomainNameProps}},
    {"email-addr", O::kEmailAddr, Category::kSco, {"email-addr", kEmailAddrProps}},
    {"email-message",
     O::kEmailMessage,
     Category::kSco,
     {"email-message", kEmailMessageProps, RuleEmailMessage}},
    {"file", O::kFile, Category::kSco, {"file", kFileProps, RuleFile}},
    {"ipv4-addr", O::kIpv4Addr, Category::kSco, {"ipv4-addr", kIpAddrProps}},
    {"ipv6-addr", O::kIpv6Addr, Category::kSco, {"ipv6-addr", kIpAddrProps}},
    {"mac-addr", O::kMacAddr, Category::kSco, {"mac-addr", kMacAddrProps, RuleMacAddr}},
    {"mutex", O::kMutex, Category::kSco, {"mutex", kMutexProps}},
    {"network-traffic",
     O::kNetworkTraffic,
     Category::kSco,
     {"network-traffic", kNetworkTrafficProps, RuleNetworkTraffic}},
    {"process", O::kProcess, Category::kSco, {"process", kProcessProps, RuleProcess}},
    {"software", O::kSoftware, Category::kSco, {"software", kSoftwareProps}},
    {"url", O::kUrl, Category::kSco, {"url", kUrlProps}},
    {"user-account", O::kUserAccount, Category::kSco, {"user-account", kUserAccountProps}},
    {"windows-registry-key",
     O::kWindowsRegistryKey,
     Category::kSco,
     {"windows-registry-key", kWindowsRegistryKeyProps}},
    {"x509-certificate",
     O::kX509Certificate,
     Category::kSco,
     {"x509-certificate", kX509CertificateProps, RuleX509Certificate}},
    {"marking-definition",
     O::kMarkingDefinition,
     Category::kMarkingDefinition,
     {"marking-definition", kMarkingDefinitionProps, RuleMarkingDefinition}},
    {"language-content",
     O::kLanguageContent,
     Category::kLanguageContent,
     {"language-content", kLanguageContentProps}},
    {"extension-definition",
     O::kExtensionDefinition,
     Category::kExtensionDefinition,
     {"extension-definition", kExtensionDefinitionProps, RuleExtensionDefinition}},
};
static_assert(std::size(kTypes) == static_cast<std::size_t>(O::kBundle));

struct ExtensionRow {
  SV name;
  ObjType owner;
  StructSpec spec;
};
constexpr ExtensionRow kExtensions[] = {
    {"archive-ext", O::kFile, {"archive-ext", kArchiveExtProps}},
    {"ntfs-ext", O::kFile, {"ntfs-ext", kNtfsExtProps}},
    {"pdf-ext", O::kFile, {"pdf-ext", kPdfExtProps, RuleAtLeastOneProperty}},
    {"raster-image-ext",
     O::kFile,
     {"raster-image-ext", kRasterImageExtProps, RuleAtLeastOneProperty}},
    {"windows-pebinary-ext", O::kFile, {"windows-pebinary-ext", kPeBinaryExtProps}},
    {"http-request-ext", O::kNetworkTraffic, {"http-request-ext", kHttpRequestExtProps}},
    {"icmp-ext", O::kNetworkTraffic, {"icmp-ext", kIcmpExtProps}},
    {"socket-ext", O::kNetworkTraffic, {"socket-ext", kSocketExtProps}},
    {"tcp-ext", O::kNetworkTraffic, {"tcp-ext", kTcpExtProps, RuleAtLeastOneProperty}},
    {"windows-process-ext",
     O::kProcess,
     {"windows-process-ext", kWindowsProcessExtProps, RuleAtLeastOneProperty}},
    {"windows-service-ext",
     O::kProcess,
     {"windows-service-ext", kWindowsServiceExtProps, RuleAtLeastOneProperty}},
    {"unix-account-ext",
     O::kUserAccount,
     {"unix-account-ext", kUnixAccountExtProps, RuleAtLeastOneProperty}},
};

// ---- the common properties (§3.2) and where each applies ----
// One letter per Category in enum order (SDO, SRO, SCO, marking-definition, language-content,
// extension-definition, custom SDO-like, custom SCO-like): R required, O optional,
// X does not apply (an error when present).
struct CommonRow {
  PropSpec spec;
  SV where;
};
constexpr CommonRow kCommon[] = {
    {P("type", Kind::kType), "RRRRRRRR"},
    {P("spec_version", Kind::kSpecVersion), "RRORRRRO"},
    {P("id", Kind::kId), "RRRRRRRR"},
    {Ref("created_by_ref", kToIdentity), "OOXOOROO"},
    {Ts("created", kMillis), "RRXRRRRX"},
    {Ts("modified", kMillis), "RRXXRRRX"},
    {Bool("revoked"), "OOXXOOOO"},
    {Strs("labels"), "OOXXOOOO"},
    {Int("confidence", 0, 100), "OOXXOXOO"},
    {P("lang", Kind::kLang), "OOXXOXOO"},
    {P("external_references", Kind::kExternalReferences), "OOXOOOOO"},
    {Refs("object_marking_refs", kToMarking), "OOOOOOOO"},
    {P("granular_markings", Kind::kGranularMarkings), "OOOOOOOO"},
    {P("extensions", Kind::kExtensions), "OOOOOXOO"},
    {Bool("defanged"), "XXOXXXXO"},
};

// ---- the index ----
std::uint64_t HashName(std::uint32_t space, SV s) {
  std::uint64_t a = 0, b = 0;
  if (s.size() >= 8) {
    std::memcpy(&a, s.data(), 8);
    std::memcpy(&b, s.data() + s.size() - 8, 8);
  } else {
    for (std::size_t i = 0; i < s.size(); ++i) {
      a |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
    }
  }
  std::uint64_t h = a * 0x9E3779B97F4A7C15ULL;
  h ^= b + 0x632BE59BD9B4E019ULL + (std::uint64_t{s.size()} << 40) + space;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 29;
  return h;
}

// An open-addressing map from (space, name) to a pointer, filled once, then read-only.
class NameMap {
 public:
  void Reserve(std::size_t n) {
    std::size_t capacity = 16;
    while (capacity < 2 * n) capacity *= 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }
  void Insert(std::uint32_t space, SV name, const void* value) {
    std::uint64_t h = HashName(space, name);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      QCCM_CHECK(!(slot.value != nullptr && slot.space == space && slot.name == name));
      if (slot.value == nullptr) {
        slot = Slot{h, space, name, value};
        return;
      }
    }
  }
  const void* Find(std::uint32_t space, SV name) const {
    std::uint64_t h = HashName(space, name);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.value == nullptr) return nullptr;
      if (slot.hash == h && slot.space == space && slot.name == name) return slot.value;
    }
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t space = 0;
    SV name;
    const void* value = nullptr;
  };
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

constexpr std::uint32_t kTypeSpace = 0xFFFF0001;
constexpr std::uint32_t kExtensionSpace = 0xFFFF0002;

class Registry {
 public:
  Registry() {
    names_.Reserve(256);
    for (const TypeRow& row : kTypes) {
      const StructInfo& info = Add(row.spec, row.category);
      types_[static_cast<std::size_t>(row.type)] =
          TypeInfo{row.name, row.type, row.category, &info};
    }
    static constexpr StructSpec kCustomSdo{"custom object", {}};
    static constexpr StructSpec kCustomSco{"custom observable", {}};
    custom_sdo_ = &Add(kCustomSdo, Category::kCustomSdo);
    custom_sco_ = &Add(kCustomSco, Category::kCustomSco);
    types_[static_cast<std::size_t>(O::kBundle)] =
        TypeInfo{"bundle", O::kBundle, Category::kBundle, nullptr};
    for (const TypeInfo& type : types_) names_.Insert(kTypeSpace, type.name, &type);
    for (std::size_t i = 0; i < std::size(kExtensions); ++i) {
      const ExtensionRow& row = kExtensions[i];
      extensions_[i] = ExtensionInfo{row.name, row.owner, &Add(row.spec, Category::kCount)};
      names_.Insert(kExtensionSpace, row.name, &extensions_[i]);
    }
    for (const StructSpec* spec :
         {&kExternalReference, &kKillChainPhase, &kGranularMarking, &kMimePart,
          &kAlternateDataStream, &kPeOptionalHeader, &kPeSection, &kRegistryValue,
          &kX509V3Extensions, &kTlp2Extension, &kSharingExtension}) {
      embedded_.push_back(&Add(*spec, Category::kCount));
    }
  }

  const TypeInfo* FindType(SV name) const {
    return static_cast<const TypeInfo*>(names_.Find(kTypeSpace, name));
  }
  const TypeInfo& Type(ObjType type) const { return types_[static_cast<std::size_t>(type)]; }
  const ExtensionInfo* FindExtension(SV name) const {
    return static_cast<const ExtensionInfo*>(names_.Find(kExtensionSpace, name));
  }
  const StructInfo& Custom(Category category) const {
    return category == Category::kCustomSco ? *custom_sco_ : *custom_sdo_;
  }
  const StructInfo& Embedded(const StructSpec& spec) const {
    for (const StructInfo* info : embedded_) {
      if (info->spec == &spec) return *info;
    }
    QCCM_CHECK_MSG(false, "struct spec not registered");
    return *embedded_.front();
  }

 private:
  // Builds the effective entries of a struct: its own properties, then for object types the
  // common properties with the flags of `category`.
  const StructInfo& Add(const StructSpec& spec, Category category) {
    auto storage = std::make_unique<Storage>();
    storage->info.id = static_cast<std::uint16_t>(storage_.size());
    storage->info.spec = &spec;
    auto add = [&](const PropSpec& prop, std::uint8_t flags) {
      QCCM_CHECK(storage->entries.size() < 64);
      auto bit = static_cast<std::uint8_t>(storage->entries.size());
      storage->entries.push_back(Entry{&prop, bit, flags});
      if (flags & kRequired) storage->info.required |= std::uint64_t{1} << bit;
    };
    for (const PropSpec& prop : spec.props) add(prop, prop.flags);
    if (category != Category::kCount) {
      for (const CommonRow& row : kCommon) {
        char letter = row.where[static_cast<std::size_t>(category)];
        std::uint8_t flags = row.spec.flags;
        if (letter == 'R') flags |= kRequired;
        if (letter == 'X') flags |= kForbidden;
        add(row.spec, flags);
      }
    }
    storage->info.entries = storage->entries;
    std::size_t capacity = 8;
    while (capacity < 4 * storage->entries.size()) capacity *= 2;
    storage->slots.assign(capacity, 0);
    storage->info.slot_mask = static_cast<std::uint32_t>(capacity - 1);
    for (std::size_t i = 0; i < storage->entries.size(); ++i) {
      std::uint32_t at = QuickHash(storage->entries[i].spec->name) & storage->info.slot_mask;
      while (storage->slots[at] != 0) at = (at + 1) & storage->info.slot_mask;
      storage->slots[at] = static_cast<std::uint8_t>(i + 1);
    }
    storage->info.slots = storage->slots.data();
    storage_.push_back(std::move(storage));
    return storage_.back()->info;
  }

  struct Storage {
    StructInfo info;
    std::vector<Entry> entries;
    std::vector<std::uint8_t> slots;
  };
  NameMap names_;
  std::vector<std::unique_ptr<Storage>> storage_;
  std::array<TypeInfo, static_cast<std::size_t>(O::kCount)> types_{};
  std::array<ExtensionInfo, std::size(kExtensions)> extensions_{};
  std::vector<const StructInfo*> embedded_;
  const StructInfo* custom_sdo_ = nullptr;
  const StructInfo* custom_sco_ = nullptr;
};

const Registry& TheRegistry() {
  static const Registry registry;
  return registry;
}

}  // namespace

const TypeInfo* FindType(std::string_view name) { return TheRegistry().FindType(name); }
const TypeInfo& TypeOf(ObjType type) { return TheRegistry().Type(type); }
const StructInfo& CustomStruct(Category category) { return TheRegistry().Custom(category); }
const ExtensionInfo* FindPredefinedExtension(std::string_view name) {
  return TheRegistry().FindExtension(name);
}
const StructInfo& InfoOf(const StructSpec& spec) { return TheRegistry().Embedded(spec); }
const StructInfo& Tlp2ExtensionInfo() { return TheRegistry().Embedded(kTlp2Extension); }
const StructInfo& SharingExtensionInfo() { return TheRegistry().Embedded(kSharingExtension); }
const StructInfo& ExternalReferenceInfo() { return TheRegistry().Embedded(kExternalReference); }
const StructInfo& KillChainPhaseInfo() { return TheRegistry().Embedded(kKillChainPhase); }
const StructInfo& GranularMarkingInfo() { return TheRegistry().Embedded(kGranularMarking); }

}  // namespace qccm::stix::internal
