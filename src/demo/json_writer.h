// Appends JSON text to a string, one object member at a time: the generator's only way of
// writing objects, so every string is escaped and every number is formatted the same way on
// every machine (integers and fixed-point decimals only; no floating point, no locale).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "qccm/core/json_string.h"  // AppendJsonString, used with the writer
#include "qccm/core/time.h"

namespace qccm::demo {

// Writes one JSON object into `out`: the constructor writes '{', Close() writes '}'.
class JsonObject final {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_.push_back('{'); }

  JsonObject& Str(std::string_view key, std::string_view value);
  JsonObject& Int(std::string_view key, std::int64_t value);
  JsonObject& Bool(std::string_view key, bool value);
  // A STIX timestamp with milliseconds ("2024-03-05T11:22:33.123Z").
  JsonObject& Time(std::string_view key, Timestamp value);
  // `scaled` / 10^decimals written in fixed point: (-451234, 4) is -45.1234.
  JsonObject& Decimal(std::string_view key, std::int64_t scaled, int decimals);
  JsonObject& Strings(std::string_view key, std::initializer_list<std::string_view> values);
  JsonObject& Strings(std::string_view key, std::span<const std::string_view> values);
  JsonObject& Strings(std::string_view key, std::span<const std::string> values);
  // Writes `"key":` and returns the buffer, for a nested value the caller writes.
  std::string& Key(std::string_view key);
  void Close() { out_.push_back('}'); }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace qccm::demo
