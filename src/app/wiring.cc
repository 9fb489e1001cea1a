// Builds a serving node. Members of Parts are declared in dependency order, so they are
// destroyed in reverse: the server stops before anything it calls goes away.
#include "app/wiring.h"

#include <filesystem>
#include <mutex>

#include "app/request_audit.h"
#include "app/routes.h"
#include "http/auth/authenticator.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/taxii/next_token.h"
#include "http/taxii/taxii_api.h"
#include "qccm/correlation/clue_service.h"
#include "qccm/correlation/correlation_index.h"
#include "qccm/correlation/rfi_service.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/object_service.h"

namespace qccm::app {
namespace {

// The next-token secret lives next to the database; a new one voids outstanding tokens only.
constexpr const char* kNextTokenKeyFile = "taxii-next-token.key";

Status CheckApiRoot(std::string_view root) {
  bool ok = !root.empty() && root.size() <= 64 && root != "taxii2" && root != "healthz" &&
            root != "metrics" && root != "." && root != ".." &&
            root.find_first_not_of(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~") ==
                std::string_view::npos;
  if (ok) return Ok();
  return MakeError(ErrorCode::kInvalidArgument,
                   "taxii.api_root '" + std::string(root) +
                       "' must be one URL path segment of letters, digits, '-', '.', '_' or '~' "
                       "(and not taxii2, healthz or metrics)");
}

// Store size for /metrics, recomputed at most every few seconds: counting rows of a large
// store on every scrape would cost more than the scrape is worth.
class StoreStatsCache final {
 public:
  explicit StoreStatsCache(store::Store& store) : store_(store) {}
  store::StoreStats Get() {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (!valid_ || now - taken_ > std::chrono::seconds(10)) {
      if (auto stats = store_.Stats()) {
        stats_ = *stats;
        valid_ = true;
        taken_ = now;
      }
    }
    return stats_;
  }

 private:
  store::Store& store_;
  std::mutex mutex_;
  bool valid_ = false;
  std::chrono::steady_clock::time_point taken_;
  store::StoreStats stats_;
};

}  // namespace

struct Node::Parts {
  explicit Parts(NodeOptions o) : options(std::move(o)) {}

  NodeOptions options;
  SystemClock system_clock;
  Clock* clock = nullptr;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<sharing::SharingService> sharing;
  std::unique_ptr<sharing::IngestService> ingest;
  std::unique_ptr<sharing::ObjectService> objects;
  std::unique_ptr<correlation::CorrelationIndex> correlation_index;
  std::unique_ptr<correlation::ClueService> clues;
  std::unique_ptr<correlation::RfiService> rfis;
  std::unique_ptr<RequestAuditor> auditor;  // null when options.audit is false
  http::MetricsRegistry metrics;
  std::unique_ptr<StoreStatsCache> store_stats;
  std::unique_ptr<http::auth::Authenticator> authenticator;
  std::unique_ptr<http::taxii::NextTokenCodec> next_tokens;
  std::unique_ptr<http::taxii::TaxiiApi> taxii;
  http::Router router;
  std::unique_ptr<http::Server> server;
};

namespace {

// Confirmation of clues: the correlation index, rebuilt from the store, then kept current by
// the ingest and delete hooks (docs/correlation.md).
Status BuildCorrelation(Node::Parts& p) {
  correlation::CorrelationStore* store = p.store->correlation();
  if (store == nullptr) return Ok();
  sharing::SharingStore& members = p.store->sharing();
  p.correlation_index = std::make_unique<correlation::CorrelationIndex>(correlation::IndexOptions{
      .member_of_code = [&members](std::string_view code) -> std::int64_t {
        auto member = members.GetMemberByCode(code);
        return member ? member->id : 0;
      }});
  p.clues = std::make_unique<correlation::ClueService>(
      *p.correlation_index, *store, members, *p.clock,
      correlation::ClueServiceOptions{.ingest = p.ingest.get()});
  QCCM_TRY_STATUS(p.clues->Rebuild());
  p.rfis = std::make_unique<correlation::RfiService>(*store, members, *p.clues, *p.clock,
                                                     p.ingest.get());
  correlation::ClueService* clues = p.clues.get();
  p.ingest->SetAfterCommitHook([clues](std::string_view collection, Timestamp date_added,
                                       std::span<const store::NewObjectVersion> added) {
    clues->OnIngested(collection, date_added, added);
  });
  p.objects->SetAfterDeleteHook([clues](std::string_view collection, std::string_view id) {
    clues->OnDeleted(collection, id);
  });
  return Ok();
}

Status BuildServices(Node::Parts& p) {
  const Config& config = p.options.config;
  QCCM_TRY_STATUS(CheckApiRoot(config.taxii.api_root));
  p.clock = p.options.clock != nullptr ? p.options.clock : &p.system_clock;
  QCCM_TRY(store, store::OpenStore(config, p.options.open_mode, *p.clock));
  p.store = std::move(store);
  p.sharing = std::make_unique<sharing::SharingService>(p.store->sharing(), *p.clock,
                                                        p.options.password_cost);
  p.ingest =
      std::make_unique<sharing::IngestService>(p.store->objects(), p.store->sharing(), *p.clock);
  p.objects = std::make_unique<sharing::ObjectService>(p.store->objects(), p.store->sharing());
  QCCM_TRY_STATUS(BuildCorrelation(p));
  QCCM_TRY(authenticator,
           http::auth::Authenticator::Create(
               *p.sharing, p.store->sharing(), *p.clock,
               {.cache_ttl = p.options.credential_cache_ttl,
                .client_certificate_users = p.options.client_certificate_users,
                .throttle = {.requests_per_second = p.options.credential_requests_per_second,
                             .burst = p.options.credential_burst}}));
  p.authenticator = std::move(authenticator);
  QCCM_TRY(key, http::taxii::LoadOrCreateNextTokenKey(
                    (std::filesystem::path(config.data_dir) / kNextTokenKeyFile).string()));
  p.next_tokens =
      std::make_unique<http::taxii::NextTokenCodec>(key, *p.clock, p.options.next_token_lifetime);
  if (p.options.audit) {
    QCCM_TRY(auditor, RequestAuditor::Open(config.data_dir, *p.clock, p.store->sharing()));
    p.auditor = std::move(auditor);
  }
  return Ok();
}

void BuildMetrics(Node::Parts& p) {
  p.store_stats = std::make_unique<StoreStatsCache>(*p.store);
  StoreStatsCache* stats = p.store_stats.get();
  p.metrics.AddCallbackGauge("qccm_store_objects", "Object versions in the store",
                             [stats] { return static_cast<double>(stats->Get().objects); });
  p.metrics.AddCallbackGauge("qccm_store_bytes", "Size of the store on disk, in bytes",
                             [stats] { return static_cast<double>(stats->Get().bytes_on_disk); });
  if (p.clues) {
    correlation::ClueService* clues = p.clues.get();
    p.metrics.AddCallbackGauge("qccm_correlation_values", "Distinct observables in the index",
                               [clues] { return static_cast<double>(clues->Stats().values); });
    p.metrics.AddCallbackGauge(
        "qccm_correlation_memory_bytes", "Heap held by the correlation index, in bytes",
        [clues] { return static_cast<double>(clues->Stats().memory_bytes); });
    p.metrics.AddCallbackGauge("qccm_correlation_bytes_per_value",
                               "Index memory per distinct observable (values, interning, "
                               "posting lists), in bytes",
                               [clues] { return clues->Stats().bytes_per_value(); });
  }
}

Status BuildApi(Node::Parts& p) {
  const Config& config = p.options.config;
  const auto max_size = static_cast<std::size_t>(config.taxii.max_page_size);
  http::taxii::TaxiiOptions options{
      .info = {.title = config.taxii.title,
               .description = config.taxii.description,
               .contact = config.taxii.contact,
               .api_root = config.taxii.api_root,
               .max_content_length = config.server.max_body_bytes},
      .limits = {.default_size =
                     std::min(static_cast<std::size_t>(config.taxii.default_page_size), max_size),
                 .max_size = max_size}};
  p.taxii = std::make_unique<http::taxii::TaxiiApi>(
      std::move(options), http::taxii::TaxiiServices{.objects = *p.objects,
                                                     .ingest = *p.ingest,
                                                     .authenticator = *p.authenticator,
                                                     .next_tokens = *p.next_tokens,
                                                     .metrics = p.metrics});
  std::optional<http::routes::CorrelationServices> correlation;
  if (p.clues) {
    correlation.emplace(http::routes::CorrelationServices{
        .clues = *p.clues, .rfis = *p.rfis, .authenticator = *p.authenticator});
  }
  const http::routes::AuditServices audit{.log = p.auditor ? &p.auditor->log() : nullptr,
                                          .authenticator = *p.authenticator};
  RegisterRoutes(p.router, *p.taxii, p.metrics, correlation ? &*correlation : nullptr, &audit);
  // Every route says what the audit log records for it (docs/oversight.md).
  QCCM_TRY_STATUS(CheckAuditDeclarations(p.router));
  if (p.auditor) {
    p.auditor->Install(p.router);
    p.auditor->StartHeadTimer(p.options.audit_head_period);
  }
  return Ok();
}

}  // namespace

Result<std::unique_ptr<Node>> Node::Open(NodeOptions options) {
  auto parts = std::make_unique<Parts>(std::move(options));
  QCCM_TRY_STATUS(BuildServices(*parts));
  BuildMetrics(*parts);
  QCCM_TRY_STATUS(BuildApi(*parts));
  QCCM_TRY(server,
           http::Server::Create(parts->router, {.config = parts->options.config.server,
                                                .handle_signals = parts->options.handle_signals,
                                                .access_log = parts->options.access_log,
                                                .metrics = &parts->metrics}));
  parts->server = std::move(server);
  return std::unique_ptr<Node>(new Node(std::move(parts)));
}

Node::Node(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Node::~Node() {
  if (parts_ && parts_->server) {
    parts_->server->Stop();
    parts_->server->Wait();
  }
}

std::string Node::url() const {
  return std::string(parts_->server->tls() ? "https://" : "http://") +
         parts_->server->local_address();
}

http::Server& Node::server() { return *parts_->server; }
store::Store& Node::store() { return *parts_->store; }
sharing::SharingService& Node::sharing() { return *parts_->sharing; }
const http::Router& Node::router() const { return parts_->router; }
oversight::AuditLog* Node::audit_log() {
  return parts_->auditor ? &parts_->auditor->log() : nullptr;
}
void Node::Start() { parts_->server->Start(); }
void Node::Stop() { parts_->server->Stop(); }
void Node::Wait() { parts_->server->Wait(); }

}  // namespace qccm::app
