// A small metrics registry (counters, gauges, histograms with fixed buckets, labels) that
// renders the Prometheus text exposition format 0.0.4. No Beast types: any module may
// register its own metrics ("objects ingested", "store size") through this header.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qccm::http {

// A monotonically increasing value. Thread-safe.
class Counter final {
 public:
  void Increment(double by = 1.0) { value_.fetch_add(by, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// A value that goes up and down. Thread-safe.
class Gauge final {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double by) { value_.fetch_add(by, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Observations counted into fixed upper-bound buckets (plus +Inf), with their sum.
// Thread-safe.
class Histogram final {
 public:
  explicit Histogram(std::span<const double> bounds);
  void Observe(double value);
  // Per-bucket (not cumulative) counts; the last one is the +Inf bucket.
  std::vector<std::uint64_t> BucketCounts() const;
  std::uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  double Sum() const { return sum_.load(std::memory_order_relaxed); }
  std::span<const double> bounds() const { return bounds_; }

 private:
  std::span<const double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

namespace detail {
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  virtual ~FamilyBase() = default;
  virtual void Render(std::string& out) const = 0;
  const std::string& name() const { return name_; }

 protected:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};
}  // namespace detail

// A metric name with one child per combination of label values. Thread-safe; the references
// With() returns stay valid for the registry's lifetime, so hot paths may keep them.
template <typename Metric>
class MetricFamily final : public detail::FamilyBase {
 public:
  MetricFamily(std::string name, std::string help, std::vector<std::string> label_names,
               std::vector<double> buckets = {})
      : FamilyBase(std::move(name), std::move(help), std::move(label_names)),
        buckets_(std::move(buckets)) {}

  // Returns the child for `label_values` (one per label name, in order), creating it.
  // Aborts if the count of values differs from the count of label names.
  Metric& With(std::initializer_list<std::string_view> label_values);
  Metric& With(std::span<const std::string_view> label_values);
  // The child without labels (for a family declared without label names).
  Metric& Get() { return With({}); }

  void Render(std::string& out) const override;

 private:
  struct Child {
    std::vector<std::string> label_values;
    std::unique_ptr<Metric> metric;
  };
  std::vector<double> buckets_;  // histograms only
  mutable std::mutex mutex_;
  std::map<std::string, Child, std::less<>> children_;  // keyed by the joined label values
};

extern template class MetricFamily<Counter>;
extern template class MetricFamily<Gauge>;
extern template class MetricFamily<Histogram>;

// Latency buckets in seconds, 0.25 ms to 10 s.
std::vector<double> LatencyBuckets();

// Owns every metric family. Register at start-up; Add* aborts on an invalid or duplicate name
// (a programming error). Thread-safe.
class MetricsRegistry final {
 public:
  MetricFamily<Counter>& AddCounter(std::string name, std::string help,
                                    std::vector<std::string> label_names = {});
  MetricFamily<Gauge>& AddGauge(std::string name, std::string help,
                                std::vector<std::string> label_names = {});
  // `buckets` are increasing upper bounds; +Inf is implicit.
  MetricFamily<Histogram>& AddHistogram(std::string name, std::string help,
                                        std::vector<std::string> label_names,
                                        std::vector<double> buckets);
  // A gauge whose value `read` computes at scrape time (e.g. store size). `read` must be
  // thread-safe and fast; it runs while the registry renders.
  void AddCallbackGauge(std::string name, std::string help, std::function<double()> read);

  // Every family in the Prometheus text format, in registration order.
  std::string RenderText() const;

 private:
  template <typename Family, typename... Args>
  Family& AddFamily(std::string name, Args&&... args);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<detail::FamilyBase>> families_;
};

// The Content-Type of RenderText() output.
inline constexpr std::string_view kPrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace qccm::http
