// Domain names (libidn2 for internationalised names) and phone numbers (libphonenumber).
#include <idn2.h>
#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdlib>
#include <mutex>

#include "correlation/observable_internal.h"

namespace qccm::correlation {
namespace {

// RAII for strings libidn2 allocates.
struct IdnString {
  char* text = nullptr;
  ~IdnString() { idn2_free(text); }
};

bool ValidateAsciiDomain(std::string_view domain, std::string* error) {
  if (domain.size() > 253) {
    *error = "domain " + QuoteForMessage(domain) + " is longer than 253 bytes";
    return false;
  }
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= domain.size(); ++i) {
    if (i == domain.size() || domain[i] == '.') {
      std::size_t length = i - label_start;
      if (length == 0 || length > 63) {
        *error = "domain " + QuoteForMessage(domain) + " has a label of " + std::to_string(length) +
                 " bytes (1-63 allowed)";
        return false;
      }
      label_start = i + 1;
      continue;
    }
    char c = domain[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) {
      *error = "domain " + QuoteForMessage(domain) + " has a character outside a-z 0-9 - _";
      return false;
    }
  }
  return true;
}

// Converts to A-labels with UTS #46 non-transitional processing (libidn2's default for
// IDNA2008 lookups); also lower-cases.
bool ToALabels(std::string_view domain, std::string& out, std::string* error) {
  std::string input(domain);
  IdnString result;
  int rc = idn2_lookup_u8(reinterpret_cast<const std::uint8_t*>(input.c_str()),
                          reinterpret_cast<std::uint8_t**>(&result.text), IDN2_NONTRANSITIONAL);
  if (rc != IDN2_OK) {
    *error = "domain " + QuoteForMessage(domain) + " is not a valid IDNA2008 name (" +
             idn2_strerror(rc) + ")";
    return false;
  }
  out.assign(result.text);
  return true;
}

// An existing A-label must decode to a valid U-label that encodes back to the same A-label.
bool CheckALabels(std::string_view domain, std::string* error) {
  std::string input(domain);
  IdnString unicode;
  int rc = idn2_to_unicode_8z8z(input.c_str(), &unicode.text, 0);
  if (rc != IDN2_OK) {
    *error = "domain " + QuoteForMessage(domain) + " has an invalid punycode label (" +
             idn2_strerror(rc) + ")";
    return false;
  }
  std::string back, ignored;
  if (!ToALabels(unicode.text, back, &ignored)) {
    *error =
        "domain " + QuoteForMessage(domain) + " has an invalid punycode label (" + ignored + ")";
    return false;
  }
  if (back != domain) {
    *error = "domain " + QuoteForMessage(domain) + " has a punycode label that is not canonical";
    return false;
  }
  return true;
}

}  // namespace

bool NormalizeDomainAppend(std::string_view raw, std::string& out, std::string* error) {
  if (!raw.empty() && raw.back() == '.') raw.remove_suffix(1);
  if (raw.empty()) {
    *error = "domain is empty";
    return false;
  }
  std::size_t start = out.size();
  bool ascii = true;
  for (char c : raw) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    out.reserve(start + raw.size());
    for (char c : raw) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  } else {
    if (!IsValidUtf8(raw)) {
      *error = "domain " + QuoteForMessage(raw) + " is not UTF-8";
      return false;
    }
    std::string alabels;
    if (!ToALabels(raw, alabels, error)) return false;
    out += alabels;
  }
  std::string_view domain = std::string_view(out).substr(start);
  if (!ValidateAsciiDomain(domain, error)) return false;
  // RFC 3696 §2: a top-level label is never all-numeric, so "010.1.1.1" is a (bad) address.
  std::string_view top = domain.substr(domain.rfind('.') + 1);
  if (top.find_first_not_of("0123456789") == std::string_view::npos) {
    *error = "domain " + QuoteForMessage(domain) + " ends in a numeric label (an address?)";
    return false;
  }
  // Only labels that are (or became) punycode need the round-trip check.
  bool has_alabel = domain.starts_with("xn--") || domain.find(".xn--") != std::string_view::npos;
  if (ascii && has_alabel && !CheckALabels(domain, error)) return false;
  return true;
}

namespace {

namespace pn = i18n::phonenumbers;

// libphonenumber logs parse failures to stdout by default; errors are values here.
pn::PhoneNumberUtil& PhoneUtil() {
  static std::once_flag once;
  std::call_once(once, [] { pn::PhoneNumberUtil::GetInstance()->SetLogger(new pn::NullLogger()); });
  return *pn::PhoneNumberUtil::GetInstance();
}

}  // namespace

bool NormalizePhoneInto(std::string_view raw, const NormalizeOptions& options, std::string& out,
                        std::string* error) {
  if (raw.size() > 64 || !IsValidUtf8(raw)) {
    *error = "phone number " + QuoteForMessage(raw) + " is not a phone number";
    return false;
  }
  // Letters would be read as a vanity number (libphonenumber maps "p" to 7): refuse them.
  for (char c : raw) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      *error = "phone number " + QuoteForMessage(raw) + " contains letters";
      return false;
    }
  }
  pn::PhoneNumberUtil& util = PhoneUtil();
  bool international = raw.front() == '+';
  if (!international && options.default_region.empty()) {
    *error = "phone number " + QuoteForMessage(raw) +
             " has no country code (write +CC... or give a default region)";
    return false;
  }
  std::string region = international ? "ZZ" : options.default_region;
  pn::PhoneNumber number;
  auto rc = util.Parse(std::string(raw), region, &number);
  if (rc != pn::PhoneNumberUtil::NO_PARSING_ERROR) {
    *error = "phone number " + QuoteForMessage(raw) + " could not be parsed";
    return false;
  }
  if (!util.IsPossibleNumber(number)) {
    *error = "phone number " + QuoteForMessage(raw) + " has an impossible length for its country";
    return false;
  }
  util.Format(number, pn::PhoneNumberUtil::E164, &out);
  // Some inputs keep a national leading zero that the E.164 text then reads differently; only
  // a fixed point is canonical (found by fuzz/observable_fuzz.cc).
  pn::PhoneNumber again;
  std::string check;
  if (util.Parse(out, "ZZ", &again) != pn::PhoneNumberUtil::NO_PARSING_ERROR ||
      (util.Format(again, pn::PhoneNumberUtil::E164, &check), check != out)) {
    *error =
        "phone number " + QuoteForMessage(raw) + " is ambiguous (its E.164 form reads differently)";
    return false;
  }
  return true;
}

}  // namespace qccm::correlation
