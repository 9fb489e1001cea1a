// The error and result types used across every module boundary in QCCM.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace qccm {

// What kind of failure an Error reports. Callers branch on the code, never on the message.
// http/error_mapping.cc is the one place that maps codes to HTTP statuses.
enum class ErrorCode : std::uint8_t {
  kInvalidArgument,   // a caller's argument (CLI flag, query parameter, config value) is wrong
  kInvalidInput,      // submitted data (JSON, STIX object, pattern, import file) is invalid
  kNotFound,          // the named thing does not exist (or must not be revealed to exist)
  kAlreadyExists,     // a create collided with an existing name or id
  kConflict,          // the request contradicts stored state (same version, different content)
  kUnauthenticated,   // no or bad credentials
  kPermissionDenied,  // authenticated, but not allowed
  kTooLarge,          // a size bound was exceeded
  kUnsupported,       // well-formed, but not something we implement (media type, pattern form)
  kRateLimited,       // too many requests or attempts; retry later
  kIo,                // the file system or network failed
  kStorage,           // the database failed (disk full, corruption, lost connection)
  kUnavailable,       // temporarily unable to serve (shutting down, busy)
  kInternal,          // a bug or an impossible state reached through a library
};

// Returns the stable lower-case name of a code ("invalid_input"), for logs and error bodies.
std::string_view ErrorCodeName(ErrorCode code);

// Where an input error was found. Every field is optional; fill what is known.
struct ErrorPlace {
  std::string file;                         // input file name, when reading a file
  std::optional<std::size_t> line;          // 1-based line (NDJSON, TOML)
  std::optional<std::size_t> object_index;  // 0-based index of the object in its bundle/file
  std::string object_id;                    // STIX id of the object, when it had one
  std::string json_path;                    // e.g. "$.external_references[2].url"
  std::optional<std::size_t> column;        // 1-based column (pattern, JSON text)

  bool empty() const {
    return file.empty() && !line && !object_index && object_id.empty() && json_path.empty() &&
           !column;
  }
};

// An error as a value: a code, a message for humans, and for input errors the place.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  ErrorPlace where;

  // "file.json: object 3 (indicator--...): $.pattern: column 7: expected ']'" style text:
  // the place first, then the message. Never contains object content beyond the id.
  std::string ToString() const;
  // Only the place part of ToString ("file.json: object 3 (indicator--...): $.pattern"), or "".
  std::string PlaceString() const;

  // Returns a copy whose place is `outer` filled in under what is already known.
  Error At(const ErrorPlace& outer) const&;
  Error At(const ErrorPlace& outer) &&;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> MakeError(ErrorCode code, std::string message,
                                        ErrorPlace where = {}) {
  return std::unexpected<Error>(Error{code, std::move(message), std::move(where)});
}

inline Status Ok() { return {}; }

}  // namespace qccm

// QCCM_TRY(var, expr): evaluates expr (a Result<T>); on error returns the error from the
// enclosing function, otherwise moves the value into a new variable `var`.
#define QCCM_CONCAT_INNER(a, b) a##b
#define QCCM_CONCAT(a, b) QCCM_CONCAT_INNER(a, b)
#define QCCM_TRY(var, expr)                                                      \
  auto QCCM_CONCAT(qccm_try_, __LINE__) = (expr);                                \
  if (!QCCM_CONCAT(qccm_try_, __LINE__)) {                                       \
    return std::unexpected(std::move(QCCM_CONCAT(qccm_try_, __LINE__)).error()); \
  }                                                                              \
  auto var = std::move(*QCCM_CONCAT(qccm_try_, __LINE__))

// QCCM_TRY_STATUS(expr): evaluates expr (a Status or Result); returns its error if any.
#define QCCM_TRY_STATUS(expr)                                      \
  do {                                                             \
    auto qccm_try_status_ = (expr);                                \
    if (!qccm_try_status_) {                                       \
      return std::unexpected(std::move(qccm_try_status_).error()); \
    }                                                              \
  } while (false)
