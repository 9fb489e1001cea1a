// JSON text appending for the demo generator.
#include "demo/json_writer.h"

#include <charconv>

#include "qccm/core/json_string.h"

namespace qccm::demo {

std::string& JsonObject::Key(std::string_view key) {
  if (!first_) out_.push_back(',');
  first_ = false;
  out_.push_back('"');
  out_.append(key);
  out_.append("\":");
  return out_;
}

JsonObject& JsonObject::Str(std::string_view key, std::string_view value) {
  AppendJsonString(Key(key), value);
  return *this;
}

JsonObject& JsonObject::Int(std::string_view key, std::int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  Key(key).append(digits, end);
  return *this;
}

JsonObject& JsonObject::Bool(std::string_view key, bool value) {
  Key(key).append(value ? "true" : "false");
  return *this;
}

JsonObject& JsonObject::Time(std::string_view key, Timestamp value) {
  std::string& out = Key(key);
  out.push_back('"');
  out.append(FormatTimestamp(value, TimePrecision::kMillis));
  out.push_back('"');
  return *this;
}

JsonObject& JsonObject::Decimal(std::string_view key, std::int64_t scaled, int decimals) {
  std::string& out = Key(key);
  if (scaled < 0) {
    out.push_back('-');
    scaled = -scaled;
  }
  std::int64_t unit = 1;
  for (int i = 0; i < decimals; ++i) unit *= 10;
  out.append(std::to_string(scaled / unit));
  if (decimals > 0) {
    std::string fraction = std::to_string(scaled % unit);
    out.push_back('.');
    out.append(static_cast<std::size_t>(decimals) - fraction.size(), '0');
    out.append(fraction);
  }
  return *this;
}

JsonObject& JsonObject::Strings(std::string_view key,
                                std::initializer_list<std::string_view> values) {
  return Strings(key, std::span<const std::string_view>(values.begin(), values.size()));
}

namespace {

// One loop for both element types: each element converts to std::string_view.
template <typename Text>
void AppendStringArray(std::string& out, std::span<const Text> values) {
  out.push_back('[');
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(out, values[i]);
  }
  out.push_back(']');
}

}  // namespace

JsonObject& JsonObject::Strings(std::string_view key, std::span<const std::string_view> values) {
  AppendStringArray(Key(key), values);
  return *this;
}

JsonObject& JsonObject::Strings(std::string_view key, std::span<const std::string> values) {
  AppendStringArray(Key(key), values);
  return *this;
}

}  // namespace qccm::demo
