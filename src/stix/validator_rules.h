// Per-type rules the spec tables cannot express (ordering of timestamps, "one of", co-
// constraints), referenced from validator_spec.cc. Private to src/stix.
#pragma once

#include "stix/validator_checker.h"

namespace qccm::stix::internal {

// SDOs
void RuleFirstLastSeen(RuleContext& c);  // campaign, infrastructure, intrusion-set, threat-actor
void RuleIndicator(RuleContext& c);
void RuleLocation(RuleContext& c);
void RuleMalware(RuleContext& c);
void RuleMalwareAnalysis(RuleContext& c);
void RuleObservedData(RuleContext& c);
// SROs
void RuleRelationship(RuleContext& c);
void RuleSighting(RuleContext& c);
// SCOs
void RuleArtifact(RuleContext& c);
void RuleEmailMessage(RuleContext& c);
void RuleMimePart(RuleContext& c);
void RuleFile(RuleContext& c);
void RuleMacAddr(RuleContext& c);
void RuleNetworkTraffic(RuleContext& c);
void RuleProcess(RuleContext& c);
void RuleX509Certificate(RuleContext& c);
void RuleAtLeastOneProperty(RuleContext& c);  // pe optional header, tcp-ext, ...
// Meta objects
void RuleMarkingDefinition(RuleContext& c);
void RuleExtensionDefinition(RuleContext& c);
// Embedded types and extensions
void RuleExternalReference(RuleContext& c);
void RuleGranularMarking(RuleContext& c);
void RuleSharingExtension(RuleContext& c);
void RuleTlp2Extension(RuleContext& c);

}  // namespace qccm::stix::internal
