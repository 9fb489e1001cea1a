// JSON rendering of the /api/v1 resources (Boost.JSON values; serialised by the handlers).
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

#include "qccm/correlation/clue_service.h"
#include "qccm/correlation/rfi_service.h"

namespace qccm::http::routes {

// Renders a member id as its code ("" when unknown).
using MemberCodes = std::function<std::string(std::int64_t)>;

boost::json::value ObservableJson(const correlation::Observable& o);
boost::json::value AnswerJson(const correlation::ObservableAnswer& a);
boost::json::value MatchJson(const std::vector<correlation::MatchAnswer>& answers);
boost::json::value ClueJson(const correlation::ClueView& clue);
boost::json::value AssertionJson(const correlation::GradeAssertion& a, const std::string& member);
boost::json::value TrackRecordJson(const correlation::TrackRecord& t);
boost::json::value NotificationJson(const correlation::Notification& n, const MemberCodes& codes);
boost::json::value RfiJson(const correlation::RfiView& v);
boost::json::value RfiResponseJson(const correlation::RfiResponse& r, const std::string& member);

}  // namespace qccm::http::routes
