// Error formatting and the QCCM_CHECK failure path.
#include "qccm/core/result.h"

#include <cstdio>
#include <cstdlib>

#include "qccm/core/check.h"

namespace qccm {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kInvalidInput:
      return "invalid_input";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kAlreadyExists:
      return "already_exists";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kStorage:
      return "storage";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Error::ToString() const {
  std::string place = PlaceString();
  return place.empty() ? message : place + ": " + message;
}

std::string Error::PlaceString() const {
  std::string out;
  auto append = [&out](std::string_view piece) {
    if (!out.empty()) out += ": ";
    out += piece;
  };
  if (!where.file.empty()) {
    out = where.file;
    // Appends piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "x" + std::string.
    if (where.line) {
      out += ':';
      out += std::to_string(*where.line);
    }
  } else if (where.line) {
    append("line ");
    out += std::to_string(*where.line);
  }
  if (where.object_index || !where.object_id.empty()) {
    append("object");
    if (where.object_index) {
      out += ' ';
      out += std::to_string(*where.object_index);
    }
    if (!where.object_id.empty()) {
      out += " (";
      out += where.object_id;
      out += ')';
    }
  }
  if (!where.json_path.empty()) append(where.json_path);
  if (where.column) {
    append("column ");
    out += std::to_string(*where.column);
  }
  return out;
}

namespace {
void FillFrom(ErrorPlace& inner, const ErrorPlace& outer) {
  if (inner.file.empty()) inner.file = outer.file;
  if (!inner.line) inner.line = outer.line;
  if (!inner.object_index) inner.object_index = outer.object_index;
  if (inner.object_id.empty()) inner.object_id = outer.object_id;
  if (inner.json_path.empty()) inner.json_path = outer.json_path;
  if (!inner.column) inner.column = outer.column;
}
}  // namespace

Error Error::At(const ErrorPlace& outer) const& {
  Error copy = *this;
  FillFrom(copy.where, outer);
  return copy;
}

Error Error::At(const ErrorPlace& outer) && {
  FillFrom(where, outer);
  return std::move(*this);
}

namespace detail {
void CheckFailed(const char* condition, const char* file, int line, const char* message) {
  std::fprintf(stderr, "QCCM_CHECK failed: %s at %s:%d %s\n", condition, file, line, message);
  std::fflush(stderr);
  std::abort();
}
}  // namespace detail

}  // namespace qccm
