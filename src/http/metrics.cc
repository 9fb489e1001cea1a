// Metrics registry and the Prometheus text exposition format.
// Hand-written: Debian has no prometheus-cpp package, and the format needs only a few lines.
#include "http/metrics.h"

#include <fmt/format.h>

#include <cmath>

#include "qccm/core/check.h"

namespace qccm::http {
namespace {

bool ValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (allow_colon && c == ':') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return !name.starts_with("__");
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

void AppendEscaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void AppendHeader(std::string& out, std::string_view name, std::string_view help,
                  std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  AppendEscaped(out, help, false);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

// Appends `{a="x",b="y"` plus `extra` (already formatted, e.g. le="0.5") and `}`; nothing when
// there are no labels at all.
void AppendLabels(std::string& out, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, std::string_view extra = {}) {
  if (names.empty() && extra.empty()) return;
  out += '{';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += names[i];
    out += "=\"";
    AppendEscaped(out, values[i], true);
    out += '"';
  }
  if (!extra.empty()) {
    if (!names.empty()) out += ',';
    out += extra;
  }
  out += '}';
}

void AppendSample(std::string& out, std::string_view name, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, double value,
                  std::string_view extra = {}) {
  out += name;
  AppendLabels(out, names, values, extra);
  out += ' ';
  out += FormatValue(value);
  out += '\n';
}

class CallbackGauge final : public detail::FamilyBase {
 public:
  CallbackGauge(std::string name, std::string help, std::function<double()> read)
      : FamilyBase(std::move(name), std::move(help), {}), read_(std::move(read)) {}
  void Render(std::string& out) const override {
    AppendHeader(out, name_, help_, "gauge");
    AppendSample(out, name_, label_names_, {}, read_());
  }

 private:
  std::function<double()> read_;
};

template <typename Metric>
constexpr std::string_view TypeName() {
  if constexpr (std::is_same_v<Metric, Counter>) return "counter";
  if constexpr (std::is_same_v<Metric, Gauge>) return "gauge";
  return "histogram";
}

}  // namespace

Histogram::Histogram(std::span<const double> bounds)
    : bounds_(bounds), buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::BucketCounts() const {
  std::vector<std::uint64_t> counts(bounds_.size() + 1);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i] = buckets_[i].load(std::memory_order_relaxed);
  }
  return counts;
}

template <typename Metric>
Metric& MetricFamily<Metric>::With(std::initializer_list<std::string_view> label_values) {
  return With(std::span<const std::string_view>(label_values.begin(), label_values.size()));
}

template <typename Metric>
Metric& MetricFamily<Metric>::With(std::span<const std::string_view> label_values) {
  QCCM_CHECK_MSG(label_values.size() == label_names_.size(), "wrong number of label values");
  std::string key;
  for (std::string_view v : label_values) {
    key += v;
    key += '\x1f';
  }
  std::lock_guard lock(mutex_);
  auto it = children_.find(key);
  if (it != children_.end()) return *it->second.metric;
  Child child;
  child.label_values.assign(label_values.begin(), label_values.end());
  if constexpr (std::is_same_v<Metric, Histogram>) {
    child.metric = std::make_unique<Histogram>(std::span<const double>(buckets_));
  } else {
    child.metric = std::make_unique<Metric>();
  }
  Metric& metric = *child.metric;
  children_.emplace(std::move(key), std::move(child));
  return metric;
}

template <typename Metric>
void MetricFamily<Metric>::Render(std::string& out) const {
  AppendHeader(out, name_, help_, TypeName<Metric>());
  std::lock_guard lock(mutex_);
  for (const auto& [key, child] : children_) {
    if constexpr (std::is_same_v<Metric, Histogram>) {
      const Histogram& h = *child.metric;
      std::vector<std::uint64_t> counts = h.BucketCounts();
      std::uint64_t cumulative = 0;
      std::string bucket_name = name_ + "_bucket";
      for (std::size_t i = 0; i < counts.size(); ++i) {
        cumulative += counts[i];
        double bound = i < buckets_.size() ? buckets_[i] : INFINITY;
        std::string le = "le=\"" + FormatValue(bound) + "\"";
        AppendSample(out, bucket_name, label_names_, child.label_values,
                     static_cast<double>(cumulative), le);
      }
      AppendSample(out, name_ + "_sum", label_names_, child.label_values, h.Sum());
      // The count is the +Inf bucket, so the two always agree in one scrape.
      AppendSample(out, name_ + "_count", label_names_, child.label_values,
                   static_cast<double>(cumulative));
    } else {
      AppendSample(out, name_, label_names_, child.label_values, child.metric->Value());
    }
  }
}

template class MetricFamily<Counter>;
template class MetricFamily<Gauge>;
template class MetricFamily<Histogram>;

std::vector<double> LatencyBuckets() {
  return {0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

template <typename Family, typename... Args>
Family& MetricsRegistry::AddFamily(std::string name, Args&&... args) {
  QCCM_CHECK_MSG(ValidName(name, true), "invalid metric name");
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) {
    QCCM_CHECK_MSG(family->name() != name, "metric registered twice");
  }
  auto family = std::make_unique<Family>(std::move(name), std::forward<Args>(args)...);
  Family& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

MetricFamily<Counter>& MetricsRegistry::AddCounter(std::string name, std::string help,
                                                   std::vector<std::string> label_names) {
  for (const auto& l : label_names) QCCM_CHECK_MSG(ValidName(l, false), "invalid label name");
  return AddFamily<MetricFamily<Counter>>(std::move(name), std::move(help), std::move(label_names));
}

MetricFamily<Gauge>& MetricsRegistry::AddGauge(std::string name, std::string help,
                                               std::vector<std::string> label_names) {
  for (const auto& l : label_names) QCCM_CHECK_MSG(ValidName(l, false), "invalid label name");
  return AddFamily<MetricFamily<Gauge>>(std::move(name), std::move(help), std::move(label_names));
}

MetricFamily<Histogram>& MetricsRegistry::AddHistogram(std::string name, std::string help,
                                                       std::vector<std::string> label_names,
                                                       std::vector<double> buckets) {
  for (const auto& l : label_names) {
    QCCM_CHECK_MSG(ValidName(l, false) && l != "le", "invalid label name");
  }
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    QCCM_CHECK_MSG(buckets[i - 1] < buckets[i], "histogram buckets must increase");
  }
  return AddFamily<MetricFamily<Histogram>>(std::move(name), std::move(help),
                                            std::move(label_names), std::move(buckets));
}

void MetricsRegistry::AddCallbackGauge(std::string name, std::string help,
                                       std::function<double()> read) {
  QCCM_CHECK(read != nullptr);
  AddFamily<CallbackGauge>(std::move(name), std::move(help), std::move(read));
}

std::string MetricsRegistry::RenderText() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) family->Render(out);
  return out;
}

}  // namespace qccm::http
