// Requests for information between members: about a clue or an observable, addressed to some
// or all members, with a priority and a due time. Responses confirm, refute, say "no
// information" or give a partial answer, optionally attaching STIX objects (ingested as the
// responder, through the normal ingest path). Life cycle: open -> answered (first response) ->
// closed (by the requester), or expired once the due time passes unclosed. Every step is
// audited and notified (docs/correlation.md, "Requests for information").
//
// Who sees what: an RFI is visible to its requester and its addressees (every member when
// addressed to all); the requester sees every response, a responder its own.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/correlation/audit_sink.h"
#include "qccm/correlation/clue_service.h"
#include "qccm/correlation/correlation_store.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/sharing_store.h"

namespace qccm::correlation {

struct NewRfi {
  std::string clue_id;          // a clue the requester can read, or ""
  std::string observable_type;  // with observable_value, or "" (type "" detects it)
  std::string observable_value;
  std::string question;             // 1-4096 bytes
  std::string priority = "medium";  // low, medium, high, critical
  Timestamp due;                    // after now
  std::vector<std::string> to;      // member codes; empty: every member
};

struct NewRfiResponse {
  std::string verdict;     // confirm, refute, no_information, partial
  std::string text;        // up to 4096 bytes
  std::string collection;  // where attached objects go (id or alias); needed with objects
  std::span<const stix::RawObject> objects;
  bool input_padded = false;
};

struct RfiView {
  Rfi rfi;
  std::string requester;                // member code
  std::vector<std::string> addressees;  // member codes (empty: every member)
  std::vector<RfiResponse> responses;   // those the reader may see
  std::vector<std::string> responders;  // member code per response
};

// Thread-safe. Borrows everything.
class RfiService final {
 public:
  RfiService(CorrelationStore& store, sharing::SharingStore& sharing, ClueService& clues,
             Clock& clock, sharing::IngestService* ingest = nullptr, AuditSink* audit = nullptr)
      : store_(store),
        sharing_(sharing),
        clues_(clues),
        clock_(clock),
        ingest_(ingest),
        audit_(audit) {}

  // Errors common to all: kPermissionDenied (the principal may not handle intelligence),
  // kStorage. Create fails with kInvalidArgument (question, priority, due time, no subject,
  // bad observable, addressing only itself), kNotFound (a member code; a clue the requester
  // cannot read).
  Result<RfiView> Create(const sharing::Principal& principal, const NewRfi& request);
  // RFIs the principal asked or was addressed, newest first (expired ones marked first).
  Result<std::vector<RfiView>> List(const sharing::Principal& principal, std::size_t limit);
  // Fails with kNotFound when the RFI does not exist or is not visible to the principal.
  Result<RfiView> Get(const sharing::Principal& principal, std::string_view id);
  // Fails with kNotFound (as Get; also for the requester itself), kConflict (closed or
  // expired), kInvalidArgument (verdict, text, objects without a collection), and the ingest
  // errors for attached objects (kInvalidInput when one is rejected: nothing is recorded).
  Result<RfiResponse> Respond(const sharing::Principal& principal, std::string_view id,
                              const NewRfiResponse& response);
  // Only the requester closes. kNotFound (as Get), kPermissionDenied (not the requester),
  // kConflict (already closed or expired).
  Result<RfiView> Close(const sharing::Principal& principal, std::string_view id);
  // Marks every open or answered RFI past its due time expired. Returns how many.
  Result<std::size_t> ExpireDue();

 private:
  Result<RfiView> ViewOf(const sharing::Principal& principal, Rfi rfi);
  Result<Rfi> Visible(const sharing::Principal& principal, std::string_view id);
  void Audit(const sharing::Principal* principal, std::string action, std::string id,
             std::string detail);

  CorrelationStore& store_;
  sharing::SharingStore& sharing_;
  ClueService& clues_;
  Clock& clock_;
  sharing::IngestService* ingest_;
  AuditSink* audit_;
};

}  // namespace qccm::correlation
