// The /api/v1 routes of confirmation of clues: clues with grades and corroboration, observable
// lookup, batch matching, notifications, requests for information, reliability ratings and
// track records (docs/api/openapi.yaml). Handlers are thin: authenticate, parse, call
// ClueService / RfiService, render JSON; errors go through the TAXII layer's error mapping
// (answered as application/json).
#pragma once

#include "http/auth/authenticator.h"
#include "http/router.h"
#include "qccm/correlation/clue_service.h"
#include "qccm/correlation/rfi_service.h"

namespace qccm::http::routes {

struct CorrelationServices {
  correlation::ClueService& clues;
  correlation::RfiService& rfis;
  auth::Authenticator& authenticator;
};

// Registers every /api/v1 route on `router`. `services` must outlive the router.
void RegisterCorrelationRoutes(Router& router, const CorrelationServices& services);

}  // namespace qccm::http::routes
