// Role names and the input rules for member codes, user names and collection aliases.
#include "qccm/sharing/sharing.h"

#include <array>
#include <utility>

namespace qccm::sharing {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames = {{
    {Role::kAdmin, "admin"},
    {Role::kAnalyst, "analyst"},
    {Role::kLiaison, "liaison"},
    {Role::kTrainer, "trainer"},
    {Role::kAuditor, "auditor"},
}};

std::unexpected<Error> Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) return r;
  }
  return std::nullopt;
}

Result<RoleSet> ParseRoles(std::string_view comma_list) {
  RoleSet roles = 0;
  std::size_t pos = 0;
  while (pos <= comma_list.size()) {
    std::size_t comma = comma_list.find(',', pos);
    if (comma == std::string_view::npos) comma = comma_list.size();
    std::string_view name = comma_list.substr(pos, comma - pos);
    std::optional<Role> role = ParseRole(name);
    if (!role) {
      return Invalid("unknown role '" + std::string(name.substr(0, 40)) +
                     "' (roles: admin, analyst, liaison, trainer, auditor)");
    }
    roles |= RoleBit(*role);
    pos = comma + 1;
  }
  return roles;
}

std::string FormatRoles(RoleSet roles) {
  std::string out;
  for (const auto& [r, name] : kRoleNames) {
    if (HasRole(roles, r)) {
      if (!out.empty()) out += ',';
      out += name;
    }
  }
  return out;
}

Status ValidateMemberCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 32) {
    return Invalid("member code '" + std::string(code.substr(0, 40)) + "' must be 2-32 characters");
  }
  for (char c : code) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) {
      return Invalid("member code '" + std::string(code) +
                     "' may only contain A-Z, 0-9, '-' and '_' (upper case)");
    }
  }
  return Ok();
}

Status ValidateUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return Invalid("user name must be 1-64 characters");
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '@';
    if (!ok) {
      return Invalid("user name '" + std::string(name) +
                     "' may only contain letters, digits, '.', '_', '-' and '@'");
    }
  }
  return Ok();
}

Status ValidateCollectionAlias(std::string_view alias) {
  if (alias.empty() || alias.size() > 64)
    return Invalid("collection alias must be 1-64 characters");
  for (char c : alias) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) {
      return Invalid("collection alias '" + std::string(alias) +
                     "' may only contain a-z, 0-9, '-' and '_'");
    }
  }
  return Ok();
}

std::string MemberCodeFromName(std::string_view name) {
  std::string code;
  for (char c : name) {
    if (c >= 'a' && c <= 'z') {
      code += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
      code += c;
    } else if (!code.empty() && code.back() != '-') {
      code += '-';
    }
  }
  while (!code.empty() && code.back() == '-') code.pop_back();
  if (code.size() > 32) code.resize(32);
  return code;
}

}  // namespace qccm::sharing
