// The seam through which correlation reports what it did for the audit log (src/oversight).
// wiring.cc adapts it to oversight::AuditLog; tests record events; nullptr: not audited.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qccm::correlation {

struct AuditEvent {
  std::string action;  // "observable.lookup", "match", "clue.read", "grade.assert",
                       // "reliability.set", "notification.answer", "rfi.create",
                       // "rfi.respond", "rfi.close", "rfi.expire"
  std::string user;    // login name ("" for the system, e.g. expiry)
  std::string member;  // member code acted for
  std::vector<std::string> object_ids;  // clue, RFI or notification ids touched
  std::string detail;                   // e.g. "hit=true", "state=answered"
  bool ok = true;
};

// Implementations are thread-safe and must not throw.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void Record(const AuditEvent& event) = 0;
};

}  // namespace qccm::correlation
