// Properties of ParsePattern and ToString over many inputs: every pattern in the real STIX
// data parses; Parse(ToString(Parse(x))) == Parse(x) for generated patterns; mutated patterns
// fail cleanly with a column inside the text or parse and round-trip.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "qccm/stix/pattern.h"

namespace qccm::stix {
namespace {

std::size_t CodePoints(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Checks the round-trip property for a text that parsed; returns a failure description or "".
std::string RoundTripProblem(const Pattern& parsed) {
  const std::string printed = ToString(parsed);
  auto again = ParsePattern(printed);
  if (!again)
    return "canonical text does not parse: " + printed + " -> " + again.error().ToString();
  if (!(*again == parsed)) return "canonical text parses to a different tree: " + printed;
  if (ToString(*again) != printed) return "canonical text is not a fixed point: " + printed;
  return "";
}

void CollectPatterns(simdjson::dom::element element, std::vector<std::string>* patterns) {
  simdjson::dom::object object;
  if (element.get_object().get(object)) return;
  std::string_view type, pattern, pattern_type = "stix";
  if (!object["type"].get_string().get(type) && type == "indicator" &&
      !object["pattern"].get_string().get(pattern)) {
    // pattern_type is required in STIX 2.1; a missing one counts as "stix".
    if (object["pattern_type"].get_string().get(pattern_type) != simdjson::SUCCESS) {
      pattern_type = "stix";
    }
    if (pattern_type == "stix") patterns->emplace_back(pattern);
  }
  simdjson::dom::array objects;
  if (!object["objects"].get_array().get(objects)) {
    for (simdjson::dom::element child : objects) CollectPatterns(child, patterns);
  }
}

TEST(PatternRoundTripTest, ParsesEveryPatternInTheRealData) {
  std::vector<std::string> patterns;
  simdjson::dom::parser parser;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(QCCM_SHARED_DATA_DIR "/stix")) {
    if (entry.path().extension() != ".json") continue;
    simdjson::dom::element document;
    if (parser.load(entry.path().string()).get(document))
      continue;  // the deliberately broken files
    CollectPatterns(document, &patterns);
  }
  // 48 indicator patterns in the OASIS examples at the time of writing.
  ASSERT_GE(patterns.size(), 40u);
  for (const std::string& text : patterns) {
    auto parsed = ParsePattern(text);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error().ToString();
    EXPECT_EQ(RoundTripProblem(*parsed), "") << text;
  }
}

// Generates random valid pattern text with random spacing, comments and redundant parentheses.
class PatternGenerator {
 public:
  explicit PatternGenerator(std::uint32_t seed) : rng_(seed) {}

  std::string Pattern() { return Observations(0); }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }
  template <typename T, std::size_t N>
  const T& PickFrom(const T (&items)[N]) {
    return items[Pick(static_cast<int>(N))];
  }

  std::string Space() {
    static const char* const kSpaces[] = {"", "", " ", "  ", "\t", "\n", "/* c */", "\xC2\xA0"};
    return PickFrom(kSpaces);
  }
  std::string Sep() { return Space() + " " + Space(); }

  std::string Observations(int depth) {
    static const char* const kOps[] = {"AND", "OR", "FOLLOWEDBY"};
    std::string out = Primary(depth);
    const int more = depth > 2 ? 0 : Pick(3);
    for (int i = 0; i < more; ++i) out += Sep() + PickFrom(kOps) + Sep() + Primary(depth);
    return out;
  }

  std::string Primary(int depth) {
    std::string out;
    if (depth < 3 && Chance(25)) {
      out = "(" + Space() + Observations(depth + 1) + Space() + ")";
    } else {
      static const char* const kTypes[] = {"file", "ipv4-addr", "x-foo-bar", "network-traffic"};
      const std::string type = PickFrom(kTypes);
      out = "[" + Space() + Comparisons(type, 0) + Space() + "]";
    }
    bool used[3] = {false, false, false};
    for (int i = Pick(3); i > 0; --i) {
      const int kind = Pick(3);
      if (used[kind]) continue;
      used[kind] = true;
      if (kind == 0) {
        out += Sep() + "WITHIN" + Sep() +
               (Chance(50) ? std::to_string(1 + Pick(1000)) : std::to_string(Pick(100)) + ".25") +
               Sep() + "SECONDS";
      } else if (kind == 1) {
        out += Sep() + "REPEATS" + Sep() + std::to_string(1 + Pick(50)) + Sep() + "TIMES";
      } else {
        out += Sep() + "START" + Sep() + "t'2016-06-01T00:00:00Z'" + Sep() + "STOP" + Sep() +
               Timestamp();
      }
    }
    return out;
  }

  std::string Comparisons(const std::string& type, int depth) {
    std::string out = ComparisonPrimary(type, depth);
    const int more = depth > 2 ? 0 : Pick(3);
    for (int i = 0; i < more; ++i) {
      out += Sep() + (Chance(50) ? "AND" : "OR") + Sep() + ComparisonPrimary(type, depth);
    }
    return out;
  }

  std::string ComparisonPrimary(const std::string& type, int depth) {
    if (depth < 3 && Chance(20))
      return "(" + Space() + Comparisons(type, depth + 1) + Space() + ")";
    const std::string path = Path(type);
    switch (Pick(6)) {
      case 0:
        return std::string(Chance(30) ? "NOT" + Sep() : "") + "EXISTS" + Sep() + path;
      case 1: {
        static const char* const kOps[] = {"LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET"};
        return path + Sep() + Not() + PickFrom(kOps) + Sep() + String();
      }
      case 2: {
        std::string set = "(";
        for (int i = Pick(4); i > 0; --i) set += Primitive() + (i > 1 ? "," + Space() : "");
        return path + Sep() + Not() + "IN" + Space() + set + ")";
      }
      case 3: {
        static const char* const kOps[] = {"<", "<=", ">", ">="};
        std::string value = Primitive();
        if (value == "true" || value == "false") value = "1";
        return path + Space() + Not() + PickFrom(kOps) + Space() + value;
      }
      default: {
        static const char* const kOps[] = {"=", "==", "!=", "<>"};
        return path + Space() + Not() + PickFrom(kOps) + Space() + Primitive();
      }
    }
  }

  std::string Not() { return Chance(20) ? "NOT" + Sep() : ""; }

  std::string Path(const std::string& type) {
    static const char* const kNames[] = {"name", "value", "hashes", "_x1", "size", "IN"};
    std::string out = type + ":" + (Chance(70) ? std::string(PickFrom(kNames)) : String());
    for (int i = Pick(4); i > 0; --i) {
      switch (Pick(4)) {
        case 0:
          out += "." + std::string(PickFrom(kNames));
          break;
        case 1:
          out += "." + String();
          break;
        case 2:
          out += "[" + std::to_string(Pick(20) - 5) + "]";
          break;
        default:
          out += "[*]";
          break;
      }
    }
    return out;
  }

  std::string String() {
    static const char* const kPieces[] = {"a", "Z", " ",  "\\'", "\\\\", "\xC3\xA9",
                                          "%", "_", "/*", "]",   "AND",  "0"};
    std::string out = "'";
    for (int i = Pick(6); i > 0; --i) out += PickFrom(kPieces);
    return out + "'";
  }

  std::string Timestamp() {
    char buf[64];
    std::snprintf(buf, sizeof buf, "t'%04d-%02d-%02dT%02d:%02d:%02d", 2017 + Pick(80), 1 + Pick(12),
                  1 + Pick(28), Pick(24), Pick(60), Pick(60));
    std::string out = buf;
    const int digits = Pick(10);
    if (digits > 0) {
      out += ".";
      for (int i = 0; i < digits; ++i) out += static_cast<char>('0' + Pick(10));
    }
    return out + "Z'";
  }

  std::string Primitive() {
    static const char* const kBinary[] = {"b'AAEC'", "b'QQ=='", "b'QUI='", "b'aGVsbG8='",
                                          "b'/+/+'"};
    switch (Pick(8)) {
      case 0:
        return String();
      case 1:
        return std::to_string(static_cast<std::int64_t>(rng_()) - (1LL << 31));
      case 2:
        return (Chance(50) ? "-" : "") + std::to_string(Pick(1000)) + "." +
               std::to_string(Pick(1000)) + "5";
      case 3:
        return Chance(50) ? "true" : "false";
      case 4:
        return Timestamp();
      case 5:
        return PickFrom(kBinary);
      case 6: {
        static const char kHex[] = "0123456789abcdefABCDEF";
        std::string out = "h'";
        for (int i = Pick(5) * 2; i > 0; --i) out += kHex[Pick(22)];
        return out + "'";
      }
      default:
        return Chance(50) ? "0" : "+" + std::to_string(Pick(100));
    }
  }

  std::mt19937 rng_;
};

TEST(PatternRoundTripTest, GeneratedPatternsRoundTripThroughToString) {
  PatternGenerator generator(20240601);
  for (int i = 0; i < 3000; ++i) {
    const std::string text = generator.Pattern();
    auto parsed = ParsePattern(text);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error().ToString();
    ASSERT_EQ(RoundTripProblem(*parsed), "") << text;
  }
}

TEST(PatternRoundTripTest, MutatedPatternsFailWithAColumnInsideTheTextOrRoundTrip) {
  PatternGenerator generator(7);
  std::mt19937 rng(99);
  static const std::string kAlphabet = "[]()':.,*=!<>+-0123456789 abthTANDORNOT\\/\xC3\xA9";
  int failures = 0, successes = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = generator.Pattern();
    for (int m = 1 + static_cast<int>(rng() % 3); m > 0 && !text.empty(); --m) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text.erase(at, 1);
          break;
        case 1:
          text.insert(at, 1, kAlphabet[rng() % kAlphabet.size()]);
          break;
        default:
          text[at] = kAlphabet[rng() % kAlphabet.size()];
          break;
      }
    }
    auto parsed = ParsePattern(text);
    if (parsed) {
      ++successes;
      ASSERT_EQ(RoundTripProblem(*parsed), "") << text;
      continue;
    }
    ++failures;
    const Error& error = parsed.error();
    ASSERT_EQ(error.code, ErrorCode::kInvalidInput) << text;
    ASSERT_TRUE(error.where.column.has_value()) << text;
    EXPECT_GE(*error.where.column, 1u) << text;
    EXPECT_LE(*error.where.column, CodePoints(text) + 1) << text << ": " << error.message;
    EXPECT_FALSE(error.message.empty()) << text;
  }
  // Both branches ran, so the test checks something on each.
  EXPECT_GT(failures, 100);
  EXPECT_GT(successes, 100);
}

}  // namespace
}  // namespace qccm::stix
