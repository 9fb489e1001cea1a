// Reads STIX input files and request bodies: bundles, TAXII envelopes, NDJSON (one object per
// line) and single objects, splitting them into per-object JSON slices without copying.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"

namespace simdjson {
struct padded_string;
}

namespace qccm::stix {

enum class InputFormat : std::uint8_t { kBundle, kEnvelope, kNdjson, kSingleObject };

std::string_view InputFormatName(InputFormat format);

// One object's JSON text inside an InputDocument, or why that part could not be read
// (NDJSON lines are independent, so one bad line does not spoil the others).
struct RawObject {
  std::string_view json;       // empty when `error` is set
  std::size_t index = 0;       // 0-based position in the input
  std::size_t line = 0;        // 1-based line where the object starts
  std::optional<Error> error;  // a per-object read error (NDJSON only)
};

// A whole input held in one padded buffer, with the slices of its objects.
// Move-only; the slices point into the buffer and live as long as the document.
class InputDocument final {
 public:
  InputDocument();
  ~InputDocument();
  InputDocument(InputDocument&&) noexcept;
  InputDocument& operator=(InputDocument&&) noexcept;

  InputFormat format() const { return format_; }
  const std::vector<RawObject>& objects() const { return objects_; }
  const std::string& name() const { return name_; }
  // Problems with the container that do not stop the import (e.g. a STIX 2.0-style
  // "spec_version" on a bundle), each with its place.
  const std::vector<Error>& warnings() const { return warnings_; }
  std::size_t size_bytes() const;
  // True when the slices have SIMDJSON_PADDING readable bytes after them (always, here).
  bool padded() const { return true; }

 private:
  friend Result<InputDocument> ParseInput(std::string name, std::string text);
  friend Result<InputDocument> ReadInputFile(const std::string& path);
  friend Result<InputDocument> ParsePadded(std::string name, simdjson::padded_string padded);
  struct Buffer;
  std::unique_ptr<Buffer> buffer_;
  InputFormat format_ = InputFormat::kBundle;
  std::string name_;
  std::vector<RawObject> objects_;
  std::vector<Error> warnings_;
};

// Splits `text` (named `name` in errors). Detects the format: a JSON object with "type":
// "bundle" is a bundle; one with an "objects" array and no "type" is a TAXII envelope; one
// with another "type" is a single object; several top-level values one per line are NDJSON.
// Fails with kInvalidInput (with line and column) when the text is empty, not UTF-8, not JSON,
// nested deeper than 1024 levels, or a bundle/envelope whose "objects" is not an array.
// The container is checked here; the inside of each object is skipped by simdjson On-Demand
// and fully parsed by the Validator, which rejects that object alone if it is malformed.
Result<InputDocument> ParseInput(std::string name, std::string text);

// Reads a file and parses it as ParseInput does. Fails with kIo (missing, unreadable, a
// directory) naming the file.
Result<InputDocument> ReadInputFile(const std::string& path);

}  // namespace qccm::stix
