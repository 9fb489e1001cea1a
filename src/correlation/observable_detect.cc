// Type detection for bare values (one observable per line). Decides on the shape of the text
// only; Normalize then checks the value. Ordered so that no shape is claimed by two types.
#include <algorithm>
#include <cctype>

#include "qccm/correlation/observable.h"

namespace qccm::correlation {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsBase58(char c) {
  return (c >= '1' && c <= '9') || (c >= 'A' && c <= 'H') || (c >= 'J' && c <= 'N') ||
         (c >= 'P' && c <= 'Z') || (c >= 'a' && c <= 'k') || (c >= 'm' && c <= 'z');
}
bool IsBech32(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z');  // loose: the checksum is not verified
}
bool AllOf(std::string_view text, bool (*pred)(char)) {
  for (char c : text) {
    if (!pred(c)) return false;
  }
  return true;
}

bool LooksLikeSsdeep(std::string_view text) {
  std::size_t colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 10) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    if (!IsDigit(text[i])) return false;
  }
  std::size_t second = text.find(':', colon + 1);
  return second != std::string_view::npos && text.find(':', second + 1) == std::string_view::npos;
}

bool LooksLikeWallet(std::string_view text) {
  if (text.size() == 42 && text.starts_with("0x")) return AllOf(text.substr(2), IsHex);
  if ((text.starts_with("bc1") || text.starts_with("BC1")) && text.size() >= 14 &&
      text.size() <= 74) {
    return AllOf(text.substr(3), [](char c) { return IsBech32(c) || (c >= 'A' && c <= 'Z'); });
  }
  if ((text[0] == '1' || text[0] == '3') && text.size() >= 26 && text.size() <= 35) {
    return AllOf(text, IsBase58);
  }
  return false;
}

bool LooksLikePhone(std::string_view text) {
  if (text.size() < 4 || text[0] != '+') return false;
  std::size_t digits = 0;
  for (char c : text.substr(1)) {
    if (IsDigit(c)) {
      ++digits;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return false;
    }
  }
  return digits >= 3;
}

}  // namespace

std::optional<ObservableType> DetectType(std::string_view raw) {
  std::string_view text = TrimAscii(raw);
  if (text.empty()) return std::nullopt;
  // URLs first: a scheme followed by "://" anywhere before the first '/' or '?'.
  if (std::size_t sep = text.find("://"); sep != std::string_view::npos && sep > 0) {
    bool scheme = (text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z');
    for (std::size_t i = 1; scheme && i < sep; ++i) {
      char c = text[i];
      scheme = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    }
    if (scheme) return ObservableType::kUrl;
  }
  if (AllOf(text, IsHex)) {
    switch (text.size()) {
      case 32:
        return ObservableType::kMd5;
      case 40:
        return ObservableType::kSha1;
      case 64:
        return ObservableType::kSha256;
      case 128:
        return ObservableType::kSha512;
      case 70:
      case 72:
        return ObservableType::kTlsh;
      default:
        break;
    }
  }
  if (text.size() == 72 && (text[0] == 'T' || text[0] == 't') && text[1] == '1' &&
      AllOf(text.substr(2), IsHex)) {
    return ObservableType::kTlsh;
  }
  if (LooksLikePhone(text)) return ObservableType::kPhone;
  bool ipv4_shape = AllOf(text, [](char c) { return IsDigit(c) || c == '.' || c == '/'; });
  if (ipv4_shape && text.find('.') != std::string_view::npos) {
    return text.find('/') == std::string_view::npos ? ObservableType::kIpv4
                                                    : ObservableType::kIpv4Cidr;
  }
  if (LooksLikeSsdeep(text)) return ObservableType::kSsdeep;
  bool ipv6_shape =
      text.find(':') != std::string_view::npos &&
      AllOf(text,
            [](char c) {
              return IsHex(c) || c == ':' || c == '.' || c == '/' || c == '%' ||
                     (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z');
            }) &&
      (text.find("::") != std::string_view::npos || std::count(text.begin(), text.end(), ':') >= 2);
  if (ipv6_shape) {
    std::string_view address = text.substr(0, text.find_first_of("%/"));
    if (AllOf(address, [](char c) { return IsHex(c) || c == ':' || c == '.'; })) {
      return text.find('/') == std::string_view::npos ? ObservableType::kIpv6
                                                      : ObservableType::kIpv6Cidr;
    }
  }
  if (text.find('@') != std::string_view::npos) return ObservableType::kEmail;
  if (LooksLikeWallet(text)) return ObservableType::kWallet;
  bool domain_shape = text.find('.') != std::string_view::npos && AllOf(text, [](char c) {
                        auto u = static_cast<unsigned char>(c);
                        return u >= 0x80 || std::isalnum(u) || c == '-' || c == '_' || c == '.';
                      });
  if (domain_shape) return ObservableType::kDomain;
  return std::nullopt;
}

}  // namespace qccm::correlation
