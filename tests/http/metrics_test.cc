// Metrics registry and the Prometheus text format.
#include "http/metrics.h"

#include <gtest/gtest.h>

namespace qccm::http {
namespace {

TEST(MetricsTest, CounterRendersHelpTypeAndLabelledSamples) {
  MetricsRegistry registry;
  auto& requests = registry.AddCounter("qccm_test_requests_total", "Requests", {"route", "status"});
  requests.With({"taxii.objects.get", "200"}).Increment();
  requests.With({"taxii.objects.get", "200"}).Increment(2);
  requests.With({"ops.healthz", "200"}).Increment();
  EXPECT_EQ(registry.RenderText(),
            "# HELP qccm_test_requests_total Requests\n"
            "# TYPE qccm_test_requests_total counter\n"
            "qccm_test_requests_total{route=\"ops.healthz\",status=\"200\"} 1\n"
            "qccm_test_requests_total{route=\"taxii.objects.get\",status=\"200\"} 3\n");
}

TEST(MetricsTest, LabelValuesAndHelpAreEscaped) {
  MetricsRegistry registry;
  registry.AddGauge("qccm_test_gauge", "a \\ help\nline", {"l"}).With({"q\"uo\\te\nnl"}).Set(2.5);
  EXPECT_EQ(registry.RenderText(),
            "# HELP qccm_test_gauge a \\\\ help\\nline\n"
            "# TYPE qccm_test_gauge gauge\n"
            "qccm_test_gauge{l=\"q\\\"uo\\\\te\\nnl\"} 2.5\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry registry;
  auto& h = registry.AddHistogram("qccm_test_seconds", "Latency", {"route"}, {0.5, 1});
  Histogram& child = h.With({"r"});
  child.Observe(0.25);
  child.Observe(0.5);  // on the bound: counted in le="0.5"
  child.Observe(0.75);
  child.Observe(8);
  EXPECT_EQ(registry.RenderText(),
            "# HELP qccm_test_seconds Latency\n"
            "# TYPE qccm_test_seconds histogram\n"
            "qccm_test_seconds_bucket{route=\"r\",le=\"0.5\"} 2\n"
            "qccm_test_seconds_bucket{route=\"r\",le=\"1\"} 3\n"
            "qccm_test_seconds_bucket{route=\"r\",le=\"+Inf\"} 4\n"
            "qccm_test_seconds_sum{route=\"r\"} 9.5\n"
            "qccm_test_seconds_count{route=\"r\"} 4\n");
}

TEST(MetricsTest, UnlabelledAndCallbackGaugesRenderWithoutBraces) {
  MetricsRegistry registry;
  registry.AddCounter("qccm_objects_ingested_total", "Objects ingested").Get().Increment(42);
  registry.AddCallbackGauge("qccm_store_size_bytes", "Store size", [] { return 1024.0; });
  EXPECT_EQ(registry.RenderText(),
            "# HELP qccm_objects_ingested_total Objects ingested\n"
            "# TYPE qccm_objects_ingested_total counter\n"
            "qccm_objects_ingested_total 42\n"
            "# HELP qccm_store_size_bytes Store size\n"
            "# TYPE qccm_store_size_bytes gauge\n"
            "qccm_store_size_bytes 1024\n");
}

TEST(MetricsTest, WithReturnsTheSameChildForTheSameLabels) {
  MetricsRegistry registry;
  auto& family = registry.AddCounter("qccm_test_total", "x", {"a"});
  EXPECT_EQ(&family.With({"1"}), &family.With({"1"}));
  EXPECT_NE(&family.With({"1"}), &family.With({"2"}));
}

TEST(MetricsDeathTest, DuplicateOrInvalidNamesAbort) {
  MetricsRegistry registry;
  registry.AddCounter("qccm_dup_total", "x");
  EXPECT_DEATH(registry.AddGauge("qccm_dup_total", "x"), "registered twice");
  EXPECT_DEATH(registry.AddCounter("9starts_with_digit", "x"), "invalid metric name");
  EXPECT_DEATH(registry.AddCounter("qccm_ok_total", "x", {"bad-label"}), "invalid label");
  auto& family = registry.AddCounter("qccm_labels_total", "x", {"a", "b"});
  EXPECT_DEATH(family.With({"only-one"}), "wrong number");
}

}  // namespace
}  // namespace qccm::http
