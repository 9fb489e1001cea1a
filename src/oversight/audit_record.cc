// Audit record names, validation and canonical encoding.
#include "qccm/oversight/audit_record.h"

#include <array>
#include <charconv>

namespace qccm::oversight {
namespace {

constexpr std::array<std::string_view, 12> kActionNames = {
    "read",        "write",         "delete",
    "export",      "purge",         "rights_change",
    "user_change", "member_change", "collection_change",
    "rfi_answer",  "audit_read",    "retention_change"};
constexpr std::array<std::string_view, 5> kOutcomeNames = {"ok", "denied", "not_found", "invalid",
                                                           "failed"};

constexpr std::size_t kMaxField = 4096;
constexpr std::size_t kMaxQuery = 16384;
constexpr std::size_t kMaxObjects = 100000;

// Length of the valid UTF-8 sequence starting at text[i], or 0. Hand-written: the check is a
// dozen lines and the record path must not allocate or pull in a JSON library.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  std::size_t n = c < 0x80            ? 1
                  : (c >> 5U) == 0x6  ? 2
                  : (c >> 4U) == 0xE  ? 3
                  : (c >> 3U) == 0x1E ? 4
                                      : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;  // overlong
  if (n == 3) {
    unsigned char c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // surrogates
  }
  if (n == 4) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return 0;
  }
  return n;
}

// True when every byte is printable ASCII (0x20-0x7E): then the text is valid UTF-8 without
// control characters. Branch-free so that the compiler vectorises it (ids, the hot path).
bool IsPrintableAscii(std::string_view text) {
  unsigned bad = 0;
  for (char ch : text)
    bad |= static_cast<unsigned>(static_cast<unsigned char>(ch) - 0x20U >= 0x5FU);
  return bad == 0;
}

Status CheckText(std::string_view field, std::string_view text, std::size_t max) {
  if (text.size() > max) {
    return MakeError(ErrorCode::kInvalidArgument, "audit record field '" + std::string(field) +
                                                      "' is longer than " + std::to_string(max) +
                                                      " bytes");
  }
  if (IsPrintableAscii(text)) return Ok();
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x20) {
      return MakeError(ErrorCode::kInvalidArgument, "audit record field '" + std::string(field) +
                                                        "' contains a control character");
    }
    std::size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "audit record field '" + std::string(field) + "' is not valid UTF-8");
    }
    i += n;
  }
  return Ok();
}

bool NeedsEscape(char ch) {
  auto c = static_cast<unsigned char>(ch);
  return c == '"' || c == '\\' || c < 0x20;
}

// Appends `text` as a JSON string: runs that need no escape are copied whole (ids and most
// fields are one such run), the rest byte by byte.
void AppendString(std::string& out, std::string_view text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  while (run < text.size() && !NeedsEscape(text[run])) ++run;
  out.append(text.data(), run);
  for (char ch : text.substr(run)) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(kDigits[c >> 4U]);
      out.push_back(kDigits[c & 15U]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

void AppendArray(std::string& out, const std::vector<std::string>& items) {
  out.push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendString(out, items[i]);
  }
  out.push_back(']');
}

}  // namespace

std::string_view ActionName(AuditAction action) {
  return kActionNames[static_cast<std::size_t>(action)];
}

std::optional<AuditAction> ParseAction(std::string_view name) {
  for (std::size_t i = 0; i < kActionNames.size(); ++i) {
    if (kActionNames[i] == name) return static_cast<AuditAction>(i);
  }
  return std::nullopt;
}

std::string ActionNameList() {
  std::string list;
  for (std::string_view name : kActionNames) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

std::string_view OutcomeName(AuditOutcome outcome) {
  return kOutcomeNames[static_cast<std::size_t>(outcome)];
}

std::optional<AuditOutcome> ParseOutcome(std::string_view name) {
  for (std::size_t i = 0; i < kOutcomeNames.size(); ++i) {
    if (kOutcomeNames[i] == name) return static_cast<AuditOutcome>(i);
  }
  return std::nullopt;
}

AuditOutcome OutcomeOfError(ErrorCode code) {
  switch (code) {
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kRateLimited:
      return AuditOutcome::kDenied;
    case ErrorCode::kNotFound:
      return AuditOutcome::kNotFound;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kInvalidInput:
    case ErrorCode::kTooLarge:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict:
      return AuditOutcome::kInvalid;
    default:
      return AuditOutcome::kFailed;
  }
}

Status ValidateRecord(const AuditRecord& record) {
  if (static_cast<std::size_t>(record.action) >= kActionNames.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "audit record has an unknown action");
  }
  if (static_cast<std::size_t>(record.outcome) >= kOutcomeNames.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "audit record has an unknown outcome");
  }
  QCCM_TRY_STATUS(CheckText("request", record.request_id, kMaxField));
  QCCM_TRY_STATUS(CheckText("user", record.user, kMaxField));
  QCCM_TRY_STATUS(CheckText("member", record.member, kMaxField));
  QCCM_TRY_STATUS(CheckText("collection", record.collection, kMaxField));
  QCCM_TRY_STATUS(CheckText("query", record.query, kMaxQuery));
  if (record.object_ids.size() > kMaxObjects) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "audit record names more than " + std::to_string(kMaxObjects) + " objects");
  }
  // Empty list entries are refused: stores may keep a list as one joined string.
  for (const std::string& id : record.object_ids) {
    if (id.empty())
      return MakeError(ErrorCode::kInvalidArgument, "audit record has an empty object id");
    QCCM_TRY_STATUS(CheckText("objects", id, kMaxField));
  }
  for (const std::string& owner : record.owners) {
    if (owner.empty())
      return MakeError(ErrorCode::kInvalidArgument, "audit record has an empty owner");
    QCCM_TRY_STATUS(CheckText("owners", owner, kMaxField));
  }
  return Ok();
}

void EncodeRecordTo(const AuditRecord& record, std::string& out) {
  out.clear();
  char number[24];
  auto [end, ec] = std::to_chars(number, number + sizeof number, record.seq);
  (void)ec;  // 24 characters hold any uint64
  out += R"({"v":1,"seq":)";
  out.append(number, end);
  out += R"(,"time":")";
  out += FormatTimestamp(record.time, TimePrecision::kMicros);
  out += R"(","request":)";
  AppendString(out, record.request_id);
  out += R"(,"user":)";
  AppendString(out, record.user);
  out += R"(,"member":)";
  AppendString(out, record.member);
  out += R"(,"action":")";
  out += ActionName(record.action);
  out += R"(","outcome":")";
  out += OutcomeName(record.outcome);
  out += R"(","collection":)";
  AppendString(out, record.collection);
  out += R"(,"objects":)";
  AppendArray(out, record.object_ids);
  out += R"(,"query":)";
  AppendString(out, record.query);
  out += R"(,"owners":)";
  AppendArray(out, record.owners);
  out.push_back('}');
}

std::string EncodeRecord(const AuditRecord& record) {
  std::string out;
  EncodeRecordTo(record, out);
  return out;
}

}  // namespace qccm::oversight
