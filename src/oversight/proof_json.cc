// JSON forms of tree heads and inclusion proofs, and the offline proof check. Boost.JSON's
// exceptions stay in this file: parsing uses its error_code overloads and checked accessors.
#include "qccm/oversight/proof_json.h"

#include <boost/json.hpp>

namespace qccm::oversight {
namespace {

namespace json = boost::json;

Error Malformed(std::string_view what) {
  return Error{ErrorCode::kInvalidInput, std::string(what), {}};
}

Result<const json::value*> Field(const json::object& object, std::string_view name,
                                 std::string_view where) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr) {
    return std::unexpected(Malformed(std::string(where) + " has no \"" + std::string(name) + "\""));
  }
  return value;
}

Result<std::uint64_t> Unsigned(const json::object& object, std::string_view name,
                               std::string_view where) {
  QCCM_TRY(value, Field(object, name, where));
  if (value->is_uint64()) return value->get_uint64();
  if (value->is_int64() && value->get_int64() >= 0) {
    return static_cast<std::uint64_t>(value->get_int64());
  }
  return std::unexpected(Malformed(std::string(where) + ": \"" + std::string(name) +
                                   "\" must be a non-negative integer"));
}

Result<std::string_view> Text(const json::object& object, std::string_view name,
                              std::string_view where) {
  QCCM_TRY(value, Field(object, name, where));
  if (!value->is_string()) {
    return std::unexpected(
        Malformed(std::string(where) + ": \"" + std::string(name) + "\" must be a string"));
  }
  const json::string& s = value->get_string();
  return std::string_view(s.data(), s.size());
}

Result<Hash> HashField(const json::object& object, std::string_view name, std::string_view where) {
  QCCM_TRY(text, Text(object, name, where));
  auto hash = ParseHash(text);
  if (!hash) {
    return std::unexpected(
        Malformed(std::string(where) + ": \"" + std::string(name) + "\": " + hash.error().message));
  }
  return hash;
}

Result<json::object> ParseObject(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec) return std::unexpected(Malformed(std::string(what) + " is not JSON: " + ec.message()));
  if (!value.is_object()) {
    return std::unexpected(Malformed(std::string(what) + " must be a JSON object"));
  }
  return std::move(value.as_object());
}

json::object HeadObject(const SignedTreeHead& sth) {
  return json::object{
      {"tree_size", sth.head.tree_size},          {"timestamp", FormatTimestamp(sth.head.time)},
      {"timestamp_ms", sth.head.time.millis()},   {"root_hash", ToHex(sth.head.root)},
      {"signature", EncodeBase64(sth.signature)},
  };
}

Result<SignedTreeHead> HeadFromObject(const json::object& object) {
  constexpr std::string_view kWhere = "the tree head";
  SignedTreeHead sth;
  QCCM_TRY(size, Unsigned(object, "tree_size", kWhere));
  QCCM_TRY(millis, Unsigned(object, "timestamp_ms", kWhere));
  QCCM_TRY(root, HashField(object, "root_hash", kWhere));
  QCCM_TRY(signature_text, Text(object, "signature", kWhere));
  auto signature = DecodeBase64(signature_text);
  if (!signature || signature->size() != sth.signature.size()) {
    return std::unexpected(
        Malformed("the tree head's \"signature\" must be the base64 of 64 bytes (truncated?)"));
  }
  sth.head.tree_size = size;
  sth.head.time = Timestamp::FromMillis(static_cast<std::int64_t>(millis));
  sth.head.root = root;
  std::copy(signature->begin(), signature->end(), sth.signature.begin());
  return sth;
}

}  // namespace

std::string TreeHeadToJson(const SignedTreeHead& sth) { return json::serialize(HeadObject(sth)); }

Result<SignedTreeHead> TreeHeadFromJson(std::string_view text) {
  QCCM_TRY(object, ParseObject(text, "the tree head"));
  return HeadFromObject(object);
}

std::string InclusionProofToJson(const InclusionProofBundle& proof) {
  json::array path;
  for (const Hash& hash : proof.path) path.emplace_back(ToHex(hash));
  json::object object{
      {"type", "inclusion"},           {"leaf_index", proof.leaf_index},
      {"record", proof.record},        {"leaf_hash", ToHex(proof.leaf)},
      {"audit_path", std::move(path)}, {"tree_head", HeadObject(proof.head)},
  };
  return json::serialize(object);
}

Result<InclusionProofBundle> InclusionProofFromJson(std::string_view text) {
  constexpr std::string_view kWhere = "the proof";
  QCCM_TRY(object, ParseObject(text, kWhere));
  QCCM_TRY(type, Text(object, "type", kWhere));
  if (type != "inclusion")
    return std::unexpected(Malformed("the proof's \"type\" must be \"inclusion\""));
  InclusionProofBundle proof;
  QCCM_TRY(index, Unsigned(object, "leaf_index", kWhere));
  QCCM_TRY(record, Text(object, "record", kWhere));
  QCCM_TRY(leaf, HashField(object, "leaf_hash", kWhere));
  QCCM_TRY(path_value, Field(object, "audit_path", kWhere));
  if (!path_value->is_array())
    return std::unexpected(Malformed("the proof's \"audit_path\" must be an array"));
  for (const json::value& item : path_value->get_array()) {
    if (!item.is_string())
      return std::unexpected(Malformed("the proof's \"audit_path\" holds hex hashes"));
    auto hash = ParseHash(std::string_view(item.get_string().data(), item.get_string().size()));
    if (!hash)
      return std::unexpected(Malformed("the proof's \"audit_path\": " + hash.error().message));
    proof.path.push_back(*hash);
  }
  QCCM_TRY(head_value, Field(object, "tree_head", kWhere));
  if (!head_value->is_object())
    return std::unexpected(Malformed("the proof's \"tree_head\" must be an object"));
  QCCM_TRY(head, HeadFromObject(head_value->get_object()));
  proof.leaf_index = index;
  proof.record = std::string(record);
  proof.leaf = leaf;
  proof.head = head;
  return proof;
}

Result<CheckedProof> CheckInclusionProof(const InclusionProofBundle& proof, const PublicKey& key) {
  QCCM_TRY_STATUS(VerifyTreeHead(proof.head, key));
  if (proof.record.empty()) {
    return std::unexpected(
        Malformed("the proof carries no record (it was purged); only the leaf "
                  "hash could be checked"));
  }
  if (HashLeaf(proof.record) != proof.leaf) {
    return std::unexpected(Malformed("the record does not hash to the proof's leaf hash"));
  }
  QCCM_TRY(record, ParseObject(proof.record, "the record"));
  QCCM_TRY(seq, Unsigned(record, "seq", "the record"));
  if (seq != proof.leaf_index) {
    return std::unexpected(Malformed("the record's seq (" + std::to_string(seq) +
                                     ") is not the proof's leaf index (" +
                                     std::to_string(proof.leaf_index) + ")"));
  }
  QCCM_TRY_STATUS(VerifyInclusion(proof.leaf_index, proof.head.head.tree_size, proof.leaf,
                                  proof.path, proof.head.head.root));
  return CheckedProof{proof.leaf_index, proof.head.head.tree_size};
}

}  // namespace qccm::oversight
