// The JSON forms of signed tree heads and proofs that `qccm audit head|prove` print and
// `qccm audit check-proof` reads back; and the offline check of such a proof.
#pragma once

#include <string>
#include <string_view>

#include "qccm/core/result.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/tree_head.h"

namespace qccm::oversight {

// {"tree_size":N,"timestamp":"...Z","timestamp_ms":N,"root_hash":"<hex>","signature":"<base64>"}
std::string TreeHeadToJson(const SignedTreeHead& sth);
// Parses TreeHeadToJson's form. Fails with kInvalidInput naming the missing or malformed field.
Result<SignedTreeHead> TreeHeadFromJson(std::string_view json);

// {"type":"inclusion","leaf_index":N,"record":"<canonical text>","leaf_hash":"<hex>",
//  "audit_path":["<hex>",...],"tree_head":{...}}
std::string InclusionProofToJson(const InclusionProofBundle& proof);
Result<InclusionProofBundle> InclusionProofFromJson(std::string_view json);

// What CheckInclusionProof confirmed.
struct CheckedProof {
  std::uint64_t leaf_index = 0;
  std::uint64_t tree_size = 0;
};

// The offline check: the head's signature verifies with `key`, the record text hashes to the
// leaf hash and carries the proof's leaf index as its "seq", and the audit path leads from the
// leaf to the head's root. Fails with kInvalidInput saying which check failed.
Result<CheckedProof> CheckInclusionProof(const InclusionProofBundle& proof, const PublicKey& key);

}  // namespace qccm::oversight
