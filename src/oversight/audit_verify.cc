// AuditLog::Verify: one streaming pass over the stored records (see log_verifier.h).
#include "oversight/log_verifier.h"
#include "qccm/oversight/audit_log.h"

namespace qccm::oversight {

Result<VerifyReport> AuditLog::Verify(const VerifyOptions& options) {
  PublicKey key{};
  if (options.key) {
    key = *options.key;
  } else if (key_ != nullptr) {
    key = key_->public_key();
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     "verifying needs the node's public key (--key, or keys/audit_ed25519.pub)");
  }
  QCCM_TRY(heads, store_.Heads());
  auto nodes = std::make_shared<LogVerifier::NodeMap>();
  QCCM_TRY_STATUS(store_.ScanNodes([&nodes](const TreeNode& node) {
    nodes->emplace(LogVerifier::NodeKey(node.level, node.index), node.hash);
    return Ok();
  }));
  LogVerifier verifier(std::move(heads), key, std::move(nodes));
  QCCM_TRY_STATUS(store_.ScanRecords(0, UINT64_MAX, [&verifier](const StoredRecord& row) {
    verifier.Add(row);
    return Ok();
  }));
  return verifier.Finish();
}

}  // namespace qccm::oversight
