#!/usr/bin/env python3
"""Writes the hand-made STIX 2.1 fixtures in this directory (run it after editing it):

every-type.ndjson  one minimal valid object of every STIX 2.1 object type (42 lines): only the
                   required properties, plus what a rule demands (location: region; file: name).
rich.ndjson        one valid object per type with most optional properties, predefined
                   extensions, markings and references filled in, plus custom objects: the
                   inputs of the validator's mutation suite.
Ids are fixed (uuid5 of the type and a label) so the files are stable."""
import json
import os
import uuid

NS = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")  # the STIX 2.1 SCO id namespace
T0 = "2024-01-15T10:00:00.000Z"
T1 = "2024-02-01T08:30:00.000Z"


def sid(type_, label="a"):
    # Version 5 UUIDs: valid RFC 4122 ids, stable across runs.
    return f"{type_}--{uuid.uuid5(NS, type_ + '/' + label)}"


IDENTITY = sid("identity")
TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
TLP2_AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
TLP2_RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
SHARING = "extension-definition--8bd48759-8434-485a-9d8e-2202a2944988"


def sdo(type_, **props):
    return {"type": type_, "spec_version": "2.1", "id": sid(type_), "created": T0,
            "modified": T0, **props}


def sco(type_, **props):
    return {"type": type_, "id": sid(type_), **props}


MINIMAL = [
    sdo("attack-pattern", name="Spearphishing Attachment"),
    sdo("campaign", name="Operation Example"),
    sdo("course-of-action", name="Block the sender"),
    sdo("grouping", context="suspicious-activity", object_refs=[sid("indicator")]),
    sdo("identity", name="Example Agency"),
    sdo("incident", name="Intrusion at site A"),
    sdo("indicator", pattern="[ipv4-addr:value = '198.51.100.7']", pattern_type="stix",
        valid_from=T0),
    sdo("infrastructure", name="C2 server pool"),
    sdo("intrusion-set", name="Example Group"),
    sdo("location", region="western-europe"),
    sdo("malware", is_family=False),
    sdo("malware-analysis", product="sandbox", result="malicious"),
    sdo("note", content="Seen again in March.", object_refs=[sid("campaign")]),
    sdo("observed-data", first_observed=T0, last_observed=T1, number_observed=1,
        object_refs=[sid("ipv4-addr")]),
    sdo("opinion", opinion="agree", object_refs=[sid("indicator")]),
    sdo("report", name="Quarterly report", published=T1, object_refs=[sid("indicator")]),
    sdo("threat-actor", name="Example Actor"),
    sdo("tool", name="netcat"),
    sdo("vulnerability", name="CVE-2021-44228"),
    sdo("relationship", relationship_type="uses", source_ref=sid("intrusion-set"),
        target_ref=sid("malware")),
    sdo("sighting", sighting_of_ref=sid("indicator")),
    sco("artifact", mime_type="text/plain", payload_bin="aGVsbG8="),
    sco("autonomous-system", number=64500),
    sco("directory", path="C:\\Windows\\Temp"),
    sco("domain-name", value="example.com"),
    sco("email-addr", value="analyst@example.org"),
    sco("email-message", is_multipart=False),
    sco("file", name="dropper.exe"),
    sco("ipv4-addr", value="198.51.100.7"),
    sco("ipv6-addr", value="2001:db8::1"),
    sco("mac-addr", value="00:1a:2b:3c:4d:5e"),
    sco("mutex", name="Global\\example"),
    sco("network-traffic", src_ref=sid("ipv4-addr"), protocols=["tcp"]),
    sco("process", pid=4242),
    sco("software", name="Example Reader"),
    sco("url", value="https://example.com/payload"),
    sco("user-account", user_id="1001"),
    sco("windows-registry-key", key="HKEY_LOCAL_MACHINE\\Software\\Example"),
    sco("x509-certificate", serial_number="36:f7:d4:32:f4:ab:70:ea"),
    {"type": "marking-definition", "spec_version": "2.1", "id": sid("marking-definition"),
     "created": T0, "definition_type": "statement",
     "definition": {"statement": "Copyright Example Agency"}},
    sdo("language-content", object_ref=sid("campaign"),
        contents={"fr": {"name": "Opération Exemple"}}),
    sdo("extension-definition", created_by_ref=IDENTITY, name="Example extension",
        schema="https://example.org/schema.json", version="1.0.0",
        extension_types=["property-extension"]),
]

KC = [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}]
EXT_REFS = [{"source_name": "capec", "external_id": "CAPEC-163",
             "url": "https://capec.mitre.org/data/definitions/163.html"},
            {"source_name": "example", "description": "An internal ticket",
             "hashes": {"SHA-256": "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"}}]
COMMON = {"created_by_ref": IDENTITY, "labels": ["example"], "confidence": 80, "lang": "en",
          "external_references": EXT_REFS, "object_marking_refs": [TLP_GREEN],
          "granular_markings": [{"marking_ref": TLP2_AMBER, "selectors": ["labels.[0]"]}]}
HASHES = {"MD5": "8ba6b5e5e9a6ba4f9a3c1fdbd5e2f6a1",
          "SHA-256": "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"}


NO_DESCRIPTION = {"malware-analysis", "note", "observed-data", "opinion"}


def rich_sdo(type_, **props):
    described = {} if type_ in NO_DESCRIPTION else {"description": f"A {type_} for the tests."}
    return {**sdo(type_, **props), **described, **COMMON}


def rich_sco(type_, **props):
    return {**sco(type_, **props), "spec_version": "2.1", "object_marking_refs": [TLP_GREEN]}


RICH = [
    rich_sdo("attack-pattern", name="Spearphishing Attachment", aliases=["T1566.001"],
             kill_chain_phases=KC),
    rich_sdo("campaign", name="Operation Example", aliases=["Op Ex"], first_seen=T0,
             last_seen=T1, objective="Steal designs"),
    rich_sdo("course-of-action", name="Block the sender"),
    rich_sdo("grouping", name="Leads", context="suspicious-activity",
             object_refs=[sid("indicator"), sid("file")]),
    rich_sdo("identity", name="Example Agency", roles=["analyst"],
             identity_class="organization", sectors=["government-national"],
             contact_information="soc@example.org"),
    rich_sdo("incident", name="Intrusion at site A", kill_chain_phases=KC),
    {**rich_sdo("indicator", name="C2 address", indicator_types=["malicious-activity"],
                pattern="[ipv4-addr:value = '198.51.100.7']", pattern_type="stix",
                pattern_version="2.1", valid_from=T0, valid_until=T1, kill_chain_phases=KC),
     "extensions": {SHARING: {"extension_type": "property-extension",
                              "shared_with": ["NLD-NCTV", "BEL_OCAM"]}},
     "object_marking_refs": [TLP_GREEN, TLP2_RED]},
    rich_sdo("infrastructure", name="C2 server pool", infrastructure_types=["command-and-control"],
             aliases=["pool"], kill_chain_phases=KC, first_seen=T0, last_seen=T1),
    rich_sdo("intrusion-set", name="Example Group", aliases=["EG"], first_seen=T0, last_seen=T1,
             goals=["espionage"], resource_level="government", primary_motivation="ideology",
             secondary_motivations=["dominance"]),
    rich_sdo("location", name="Site A", latitude=52.08, longitude=4.31, precision=100.0,
             region="western-europe", country="NL", administrative_area="South Holland",
             city="The Hague", street_address="Example street 1", postal_code="2511"),
    rich_sdo("malware", name="ExampleRAT", malware_types=["remote-access-trojan"], is_family=True,
             aliases=["ERAT"], kill_chain_phases=KC, first_seen=T0, last_seen=T1,
             operating_system_refs=[sid("software")], architecture_execution_envs=["x86"],
             implementation_languages=["c"], capabilities=["exfiltrates-data"],
             sample_refs=[sid("file")]),
    rich_sdo("malware-analysis", product="sandbox", version="1.2", host_vm_ref=sid("software"),
             operating_system_ref=sid("software"), installed_software_refs=[sid("software")],
             configuration_version="7", modules=["net"], analysis_engine_version="3",
             analysis_definition_version="2024-01", submitted=T0, analysis_started=T0,
             analysis_ended=T1, result_name="Trojan.Example", result="malicious",
             analysis_sco_refs=[sid("file")], sample_ref=sid("file")),
    rich_sdo("note", abstract="Follow-up", content="Seen again in March.", authors=["J. Doe"],
             object_refs=[sid("campaign")]),
    rich_sdo("observed-data", first_observed=T0, last_observed=T1, number_observed=3,
             object_refs=[sid("ipv4-addr"), sid("relationship")]),
    rich_sdo("opinion", explanation="Matches our data", authors=["J. Doe"], opinion="agree",
             object_refs=[sid("indicator")]),
    rich_sdo("report", name="Quarterly report", report_types=["threat-report"], published=T1,
             object_refs=[sid("indicator"), sid("malware")]),
    rich_sdo("threat-actor", name="Example Actor", threat_actor_types=["nation-state"],
             aliases=["EA"], first_seen=T0, last_seen=T1, roles=["agent"], goals=["espionage"],
             sophistication="expert", resource_level="government", primary_motivation="ideology",
             secondary_motivations=["dominance"], personal_motivations=["revenge"]),
    rich_sdo("tool", name="netcat", tool_types=["remote-access"], aliases=["nc"],
             kill_chain_phases=KC, tool_version="1.10"),
    {**rich_sdo("vulnerability", name="CVE-2021-44228"),
     "external_references": [{"source_name": "cve", "external_id": "CVE-2021-44228"}]},
    rich_sdo("relationship", relationship_type="uses", source_ref=sid("intrusion-set"),
             target_ref=sid("malware"), start_time=T0, stop_time=T1),
    rich_sdo("sighting", first_seen=T0, last_seen=T1, count=5, sighting_of_ref=sid("indicator"),
             observed_data_refs=[sid("observed-data")],
             where_sighted_refs=[IDENTITY, sid("location")], summary=False),
    rich_sco("artifact", mime_type="application/zip", url="https://example.com/sample.zip",
             hashes=HASHES, encryption_algorithm="mime-type-indicated",
             decryption_key="infected"),
    rich_sco("autonomous-system", number=64500, name="Example Net", rir="RIPE"),
    rich_sco("directory", path="C:\\Windows\\Temp", path_enc="utf-8", ctime=T0, mtime=T1,
             atime=T1, contains_refs=[sid("file")]),
    rich_sco("domain-name", value="example.com", resolves_to_refs=[sid("ipv4-addr")]),
    rich_sco("email-addr", value="analyst@example.org", display_name="Analyst",
             belongs_to_ref=sid("user-account")),
    rich_sco("email-message", is_multipart=True, date=T0, content_type="multipart/mixed",
             from_ref=sid("email-addr"), sender_ref=sid("email-addr"),
             to_refs=[sid("email-addr")], cc_refs=[sid("email-addr")],
             bcc_refs=[sid("email-addr")], message_id="<1@example.org>", subject="Invoice",
             received_lines=["from mx.example.org"],
             additional_header_fields={"X-Mailer": "Example"},
             body_multipart=[{"content_type": "text/plain", "body": "Please see attached."},
                             {"content_type": "application/zip",
                              "content_disposition": "attachment; filename=\"a.zip\"",
                              "body_raw_ref": sid("artifact")}],
             raw_email_ref=sid("artifact")),
    rich_sco("file", hashes=HASHES, size=4096, name="dropper.exe", name_enc="utf-8",
             magic_number_hex="4D5A", mime_type="application/x-dosexec", ctime=T0, mtime=T1,
             atime=T1, parent_directory_ref=sid("directory"), contains_refs=[sid("file", "b")],
             content_ref=sid("artifact"),
             extensions={
                 "ntfs-ext": {"sid": "S-1-5-21", "alternate_data_streams": [
                     {"name": "zone", "hashes": {"SHA-256": HASHES["SHA-256"]}, "size": 26}]},
                 "windows-pebinary-ext": {
                     "pe_type": "exe", "imphash": "1a2b", "machine_hex": "014c",
                     "number_of_sections": 4, "time_date_stamp": T0,
                     "pointer_to_symbol_table_hex": "00", "number_of_symbols": 0,
                     "size_of_optional_header": 224, "characteristics_hex": "0102",
                     "file_header_hashes": {"SHA-256": HASHES["SHA-256"]},
                     "optional_header": {"magic_hex": "010b", "size_of_code": 4096,
                                         "address_of_entry_point": 4096},
                     "sections": [{"name": ".text", "size": 4096, "entropy": 6.1,
                                   "hashes": {"SHA-256": HASHES["SHA-256"]}}]}}),
    rich_sco("ipv4-addr", value="198.51.100.7", resolves_to_refs=[sid("mac-addr")],
             belongs_to_refs=[sid("autonomous-system")]),
    rich_sco("ipv6-addr", value="2001:db8::1", resolves_to_refs=[sid("mac-addr")],
             belongs_to_refs=[sid("autonomous-system")]),
    rich_sco("mac-addr", value="00:1a:2b:3c:4d:5e"),
    rich_sco("mutex", name="Global\\example"),
    rich_sco("network-traffic", start=T0, end=T1, is_active=False, src_ref=sid("ipv4-addr"),
             dst_ref=sid("domain-name"), src_port=49152, dst_port=443, protocols=["ipv4", "tcp"],
             src_byte_count=1200, dst_byte_count=64000, src_packets=12, dst_packets=48,
             ipfix={"minimumIpTotalLength": 32}, src_payload_ref=sid("artifact"),
             dst_payload_ref=sid("artifact"), encapsulates_refs=[sid("network-traffic", "b")],
             encapsulated_by_ref=sid("network-traffic", "c"),
             extensions={
                 "http-request-ext": {"request_method": "get", "request_value": "/",
                                      "request_version": "http/1.1",
                                      "request_header": {"Host": "example.com"},
                                      "message_body_length": 0},
                 "tcp-ext": {"src_flags_hex": "02"},
                 "socket-ext": {"address_family": "AF_INET", "is_blocking": False,
                                "socket_type": "SOCK_STREAM", "socket_descriptor": 3}}),
    rich_sco("process", is_hidden=False, pid=4242, created_time=T0, cwd="C:\\",
             command_line="dropper.exe -q", environment_variables={"PATH": "C:\\Windows"},
             opened_connection_refs=[sid("network-traffic")], creator_user_ref=sid("user-account"),
             image_ref=sid("file"), parent_ref=sid("process", "parent"),
             child_refs=[sid("process", "child")],
             extensions={"windows-process-ext": {"aslr_enabled": True, "integrity_level": "high",
                                                 "owner_sid": "S-1-5-18"},
                         "windows-service-ext": {"service_name": "exsvc",
                                                 "start_type": "SERVICE_AUTO_START",
                                                 "service_type": "SERVICE_WIN32_OWN_PROCESS",
                                                 "service_status": "SERVICE_RUNNING",
                                                 "service_dll_refs": [sid("file")]}}),
    rich_sco("software", name="Example Reader", cpe="cpe:2.3:a:example:reader:1.0:*:*:*:*:*:*:*",
             languages=["eng"], vendor="Example", version="1.0"),
    rich_sco("url", value="https://example.com/payload"),
    rich_sco("user-account", user_id="1001", credential="hunter2", account_login="jdoe",
             account_type="unix", display_name="J. Doe", is_service_account=False,
             is_privileged=False, can_escalate_privs=True, is_disabled=False,
             account_created=T0, account_expires=T1, credential_last_changed=T0,
             account_first_login=T0, account_last_login=T1,
             extensions={"unix-account-ext": {"gid": 1001, "groups": ["wheel"],
                                              "home_dir": "/home/jdoe", "shell": "/bin/sh"}}),
    rich_sco("windows-registry-key", key="HKEY_LOCAL_MACHINE\\Software\\Example",
             values=[{"name": "Run", "data": "dropper.exe", "data_type": "REG_SZ"}],
             modified_time=T0, creator_user_ref=sid("user-account"), number_of_subkeys=0),
    rich_sco("x509-certificate", is_self_signed=False, hashes=HASHES, version="3",
             serial_number="36:f7:d4:32:f4:ab:70:ea", signature_algorithm="sha256WithRSAEncryption",
             issuer="CN=Example CA", validity_not_before=T0, validity_not_after=T1,
             subject="CN=example.com", subject_public_key_algorithm="rsaEncryption",
             subject_public_key_modulus="00:c1", subject_public_key_exponent=65537,
             x509_v3_extensions={"basic_constraints": "CA:FALSE",
                                 "private_key_usage_period_not_before": T0}),
    {"type": "marking-definition", "spec_version": "2.1", "id": TLP2_AMBER, "created": T0,
     "name": "TLP:AMBER", "extensions": {
         "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
             "extension_type": "property-extension", "tlp_2_0": "amber"}}},
    {**sdo("language-content", object_ref=sid("campaign"), object_modified=T0,
           contents={"fr": {"name": "Opération Exemple", "aliases": ["Op Ex"]},
                     "de-AT": {"name": "Operation Beispiel"}}),
     "created_by_ref": IDENTITY, "object_marking_refs": [TLP_GREEN]},
    {**sdo("extension-definition", created_by_ref=IDENTITY, name="Example extension",
           description="Adds x fields", schema="https://example.org/schema.json",
           version="1.0.0", extension_types=["toplevel-property-extension"],
           extension_properties=["toplevel_field"]),
     "object_marking_refs": [TLP_GREEN]},
    # A legacy custom object as ATT&CK writes them, and one defined by a new-sdo extension.
    {**sdo("x-example-tactic", name="Initial Access", x_example_shortname="initial-access"),
     "object_marking_refs": [TLP_GREEN], "tactic_refs": [sid("attack-pattern")]},
    {**sdo("example-widget", name="Widget"),
     "extensions": {sid("extension-definition", "widget"): {"extension_type": "new-sdo"}}},
]


def write(name, objects):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, "w", encoding="utf-8") as out:
        for o in objects:
            out.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")


write("every-type.ndjson", MINIMAL)
write("rich.ndjson", RICH)
