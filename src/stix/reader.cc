// Splits inputs into per-object slices with simdjson On-Demand: one pass over the text, no
// DOM for the container, so a 500 MB bundle costs its own size plus simdjson's index.
#include "qccm/stix/reader.h"

#include <simdjson.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "qccm/core/stix_id.h"
#include "qccm/stix/json_diagnose.h"

namespace qccm::stix {

namespace od = simdjson::ondemand;

struct InputDocument::Buffer {
  simdjson::padded_string text;
};

InputDocument::InputDocument() = default;
InputDocument::~InputDocument() = default;
InputDocument::InputDocument(InputDocument&&) noexcept = default;
InputDocument& InputDocument::operator=(InputDocument&&) noexcept = default;

std::size_t InputDocument::size_bytes() const { return buffer_ ? buffer_->text.size() : 0; }

std::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kBundle:
      return "bundle";
    case InputFormat::kEnvelope:
      return "envelope";
    case InputFormat::kNdjson:
      return "ndjson";
    case InputFormat::kSingleObject:
      return "object";
  }
  return "unknown";
}

namespace {

// Line and column (1-based) of byte `offset` in `text`.
ErrorPlace PlaceOf(std::string_view text, std::size_t offset, const std::string& name) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return ErrorPlace{.file = name, .line = line, .column = offset - line_start + 1};
}

std::size_t FirstInvalidUtf8(std::string_view text) {
  // Scalar re-scan, only run after simdjson's fast check failed, to say where.
  std::size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  while (i < text.size()) {
    unsigned char c = s[i];
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xe  ? 3
                      : (c >> 3) == 0x1e ? 4
                                         : 0;
    if (len == 0 || i + len > text.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return i;
    }
    if (!simdjson::validate_utf8(text.data() + i, len)) return i;
    i += len;
  }
  return text.size();
}

std::string JsonErrorText(simdjson::error_code code) {
  switch (code) {
    case simdjson::DEPTH_ERROR:
      return "JSON nested too deeply (limit 1024 levels)";
    case simdjson::UTF8_ERROR:
      return "text is not valid UTF-8";
    case simdjson::UNCLOSED_STRING:
      return "malformed JSON: unclosed string";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "malformed JSON: truncated or unbalanced";
    default:
      return std::string("malformed JSON: ") + simdjson::error_message(code);
  }
}

// True when nothing but whitespace follows the value just consumed (simdjson 3.0.1's
// document has no at_end(); current_location() reports OUT_OF_BOUNDS there).
bool AtEnd(od::document& doc) {
  const char* location = nullptr;
  return doc.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
}

std::size_t OffsetOf(const simdjson::padded_string& text, const char* location) {
  if (location == nullptr || location < text.data()) return text.size();
  return static_cast<std::size_t>(location - text.data());
}

// Parses one complete JSON object and returns its slice, or an error placed in `all`.
struct ContainerScan {
  std::string type;
  bool has_objects = false;
  bool objects_is_array = true;
  bool has_spec_version = false;
  std::string bundle_id;
  std::vector<std::pair<std::string_view, std::size_t>> objects;  // slice, offset
  std::string_view whole;
};

Result<ContainerScan> ScanTopObject(od::parser& parser, const simdjson::padded_string& text,
                                    const std::string& name) {
  ContainerScan scan;
  auto fail = [&](simdjson::error_code code, const char* where) -> std::unexpected<Error> {
    // simdjson knows that the text is bad, not where: ask the diagnosing scanner.
    std::string_view all(text.data(), text.size());
    if (auto diagnosis = DiagnoseJson(all)) {
      return MakeError(ErrorCode::kInvalidInput, "malformed JSON: " + diagnosis->message,
                       PlaceOf(all, diagnosis->offset, name));
    }
    return MakeError(ErrorCode::kInvalidInput, JsonErrorText(code),
                     PlaceOf(text, OffsetOf(text, where), name));
  };
  od::document doc;
  if (auto err = parser.iterate(text).get(doc)) return fail(err, nullptr);
  od::object top;
  if (auto err = doc.get_object().get(top)) {
    if (err == simdjson::INCORRECT_TYPE &&
        !DiagnoseJson(std::string_view(text.data(), text.size()))) {
      return MakeError(ErrorCode::kInvalidInput,
                       "expected a JSON object (a bundle, a TAXII envelope or a STIX object)",
                       PlaceOf(text, 0, name));
    }
    return fail(err, nullptr);
  }
  const char* last_good = text.data();
  for (auto field_result : top) {
    od::field field;
    if (auto err = std::move(field_result).get(field)) return fail(err, last_good);
    std::string_view key;
    if (auto err = field.unescaped_key().get(key)) return fail(err, last_good);
    od::value value = field.value();
    if (key == "type") {
      std::string_view type;
      if (value.get_string().get(type) == simdjson::SUCCESS) scan.type = std::string(type);
    } else if (key == "id") {
      std::string_view id;
      if (value.get_string().get(id) == simdjson::SUCCESS) scan.bundle_id = std::string(id);
    } else if (key == "spec_version") {
      scan.has_spec_version = true;
    } else if (key == "objects") {
      scan.has_objects = true;
      od::array array;
      if (value.get_array().get(array)) {
        scan.objects_is_array = false;
        continue;
      }
      for (auto element_result : array) {
        od::value element;
        if (auto err = std::move(element_result).get(element)) return fail(err, last_good);
        const char* start = nullptr;
        if (element.current_location().get(start)) start = nullptr;
        od::object object;
        if (auto err = element.get_object().get(object)) {
          if (err == simdjson::INCORRECT_TYPE) {
            ErrorPlace place = PlaceOf(text, OffsetOf(text, start), name);
            place.object_index = scan.objects.size();
            return MakeError(ErrorCode::kInvalidInput,
                             "every member of \"objects\" must be a JSON object", place);
          }
          return fail(err, start);
        }
        std::string_view raw;
        if (auto err = object.raw_json().get(raw)) return fail(err, start);
        // raw_json() runs up to the next structural character, so it can end in whitespace.
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                                raw.back() == '\t')) {
          raw.remove_suffix(1);
        }
        scan.objects.emplace_back(raw, OffsetOf(text, raw.data()));
        last_good = raw.data() + raw.size();
      }
    }
    // Other members (more, next, ...) are skipped by the iterator.
  }
  // Anything but whitespace after the top-level object means this was not one document.
  if (!AtEnd(doc)) {
    return MakeError(ErrorCode::kInvalidInput, "unexpected content after the top-level JSON value",
                     PlaceOf(text, OffsetOf(text, last_good), name));
  }
  scan.whole = std::string_view(text.data(), text.size());
  return scan;
}

bool LooksLikeNdjson(std::string_view text) {
  // NDJSON: more than one non-empty line, the first of which is a complete object by itself.
  std::size_t newline = text.find('\n');
  while (newline != std::string_view::npos) {
    std::string_view rest = text.substr(newline + 1);
    std::size_t first = rest.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos) {
      std::string_view first_line = text.substr(0, newline);
      std::size_t begin = first_line.find_first_not_of(" \t\r");
      std::size_t end = first_line.find_last_not_of(" \t\r");
      return begin != std::string_view::npos && first_line[begin] == '{' &&
             first_line[end] == '}' && rest[first] == '{';
    }
    newline = text.find('\n', newline + 1);
  }
  return false;
}

std::vector<RawObject> SplitNdjson(od::parser& parser, const simdjson::padded_string& text,
                                   const std::string& name) {
  std::vector<RawObject> out;
  std::string_view all(text.data(), text.size());
  std::size_t pos = 0, line = 0;
  while (pos < all.size()) {
    ++line;
    std::size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view raw = all.substr(pos, end - pos);
    std::size_t line_start = pos;
    pos = end + 1;
    std::size_t b = raw.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) continue;  // blank lines are allowed
    std::size_t e = raw.find_last_not_of(" \t\r");
    raw = raw.substr(b, e - b + 1);
    RawObject object{.json = {}, .index = out.size(), .line = line, .error = std::nullopt};
    // Each line is checked on its own so that one bad line does not spoil the others. No copy:
    // the rest of the padded buffer after the line is the padding simdjson needs.
    std::size_t offset = static_cast<std::size_t>(raw.data() - text.data());
    simdjson::padded_string_view line_text(raw.data(), raw.size(),
                                           text.size() + simdjson::SIMDJSON_PADDING - offset);
    od::document doc;
    od::object obj;
    std::string_view slice;
    simdjson::error_code err = parser.iterate(line_text).get(doc);
    if (!err) err = doc.get_object().get(obj);
    if (!err) err = obj.raw_json().get(slice);
    if (!err && !AtEnd(doc)) err = simdjson::TRAILING_CONTENT;
    if (err) {
      std::string message =
          err == simdjson::INCORRECT_TYPE ? "line is not a JSON object" : JsonErrorText(err);
      std::size_t column = b + 1;
      if (err != simdjson::INCORRECT_TYPE) {
        if (auto diagnosis = DiagnoseJson(raw)) {
          message = "malformed JSON: " + diagnosis->message;
          column += diagnosis->offset;
        }
      }
      object.error = Error{
          ErrorCode::kInvalidInput, message,
          ErrorPlace{.file = name, .line = line, .object_index = object.index, .column = column}};
    } else {
      object.json = all.substr(line_start + b, raw.size());
    }
    out.push_back(std::move(object));
  }
  return out;
}

}  // namespace

Result<InputDocument> ParsePadded(std::string name, simdjson::padded_string padded);

Result<InputDocument> ParseInput(std::string name, std::string text_in) {
  simdjson::padded_string padded(text_in);
  text_in.clear();
  text_in.shrink_to_fit();
  return ParsePadded(std::move(name), std::move(padded));
}

Result<InputDocument> ParsePadded(std::string name, simdjson::padded_string padded) {
  InputDocument document;
  document.name_ = name;
  document.buffer_ = std::make_unique<InputDocument::Buffer>();
  document.buffer_->text = std::move(padded);
  const simdjson::padded_string& text = document.buffer_->text;
  std::string_view all(text.data(), text.size());

  if (all.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidInput, "input is empty", ErrorPlace{.file = name});
  }
  if (all.size() >= 2 &&
      ((static_cast<unsigned char>(all[0]) == 0xff && static_cast<unsigned char>(all[1]) == 0xfe) ||
       (static_cast<unsigned char>(all[0]) == 0xfe &&
        static_cast<unsigned char>(all[1]) == 0xff))) {
    return MakeError(ErrorCode::kInvalidInput,
                     "input is UTF-16 (it starts with a UTF-16 byte order mark); STIX JSON must be "
                     "UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)",
                     PlaceOf(all, 0, name));
  }
  if (!simdjson::validate_utf8(all.data(), all.size())) {
    return MakeError(ErrorCode::kInvalidInput, "text is not valid UTF-8",
                     PlaceOf(all, FirstInvalidUtf8(all), name));
  }
  if (all.size() >= 3 && static_cast<unsigned char>(all[0]) == 0xef &&
      static_cast<unsigned char>(all[1]) == 0xbb && static_cast<unsigned char>(all[2]) == 0xbf) {
    return MakeError(ErrorCode::kInvalidInput,
                     "input starts with a UTF-8 byte order mark, which JSON (RFC 8259) forbids",
                     PlaceOf(all, 0, name));
  }

  od::parser parser;
  if (LooksLikeNdjson(all)) {
    document.format_ = InputFormat::kNdjson;
    document.objects_ = SplitNdjson(parser, text, name);
    return document;
  }

  QCCM_TRY(scan, ScanTopObject(parser, text, name));
  if (scan.has_objects && !scan.objects_is_array) {
    return MakeError(ErrorCode::kInvalidInput, "\"objects\" must be an array",
                     ErrorPlace{.file = name, .json_path = "$.objects"});
  }
  if (scan.type == "bundle") {
    document.format_ = InputFormat::kBundle;
    if (scan.has_spec_version) {
      document.warnings_.push_back(Error{
          ErrorCode::kInvalidInput,
          "bundle has \"spec_version\", a STIX 2.0 bundle property that STIX 2.1 removed; ignored",
          ErrorPlace{.file = name, .json_path = "$.spec_version"}});
    }
    if (!scan.bundle_id.empty() &&
        (StixIdType(scan.bundle_id) != "bundle" || !ParseStixId(scan.bundle_id).has_value())) {
      return MakeError(
          ErrorCode::kInvalidInput,
          "bundle id '" + scan.bundle_id.substr(0, 80) + "' is not of the form bundle--<uuid>",
          ErrorPlace{.file = name, .json_path = "$.id"});
    }
  } else if (scan.type.empty() && scan.has_objects) {
    document.format_ = InputFormat::kEnvelope;
  } else if (!scan.type.empty() && !scan.has_objects) {
    document.format_ = InputFormat::kSingleObject;
    document.objects_.push_back(
        RawObject{.json = scan.whole, .index = 0, .line = 1, .error = std::nullopt});
    return document;
  } else if (scan.type.empty()) {
    return MakeError(ErrorCode::kInvalidInput,
                     "JSON object is neither a bundle, a TAXII envelope (\"objects\") nor a STIX "
                     "object (\"type\")",
                     ErrorPlace{.file = name});
  } else {
    // A STIX object that happens to have an "objects" property is still one object.
    document.format_ = InputFormat::kSingleObject;
    document.objects_.push_back(
        RawObject{.json = scan.whole, .index = 0, .line = 1, .error = std::nullopt});
    return document;
  }
  document.objects_.reserve(scan.objects.size());
  // The slices come in text order: count newlines from the previous slice only, so finding
  // every object's line is one pass over the text (PlaceOf per object was quadratic).
  std::size_t line = 1, counted = 0;
  for (const auto& [slice, offset] : scan.objects) {
    line += static_cast<std::size_t>(std::count(all.begin() + static_cast<std::ptrdiff_t>(counted),
                                                all.begin() + static_cast<std::ptrdiff_t>(offset),
                                                '\n'));
    counted = offset;
    document.objects_.push_back(RawObject{
        .json = slice, .index = document.objects_.size(), .line = line, .error = std::nullopt});
  }
  return document;
}

Result<InputDocument> ReadInputFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return MakeError(ErrorCode::kIo, std::string("cannot open: ") + std::strerror(errno),
                     ErrorPlace{.file = path});
  }
  if (S_ISDIR(st.st_mode)) {
    return MakeError(ErrorCode::kIo, "is a directory, not a file", ErrorPlace{.file = path});
  }
  if (S_ISREG(st.st_mode)) {
    simdjson::padded_string padded;
    if (simdjson::padded_string::load(path).get(padded) != simdjson::SUCCESS) {
      return MakeError(ErrorCode::kIo, "cannot read the file", ErrorPlace{.file = path});
    }
    return ParsePadded(path, std::move(padded));
  }
  // Pipes and character devices (/dev/stdin) have no size: read them as a stream.
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kIo, std::string("cannot open: ") + std::strerror(errno),
                     ErrorPlace{.file = path});
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return MakeError(ErrorCode::kIo, "read failed", ErrorPlace{.file = path});
  return ParseInput(path, std::move(text));
}

}  // namespace qccm::stix
