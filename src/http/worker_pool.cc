// WorkerPool: a mutex-and-condition-variable queue. asio::thread_pool has no queue bound,
// which we need to shed load with 503 instead of queueing without limit.
#include "http/worker_pool.h"

#include <pthread.h>

#include "qccm/core/check.h"

namespace qccm::http {

WorkerPool::WorkerPool(int threads, std::size_t max_queued) : max_queued_(max_queued) {
  QCCM_CHECK(threads > 0);
  threads_.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      // Named so that `top -H`, perf and gdb tell request handlers from I/O threads.
      pthread_setname_np(pthread_self(), "qccm-worker");
      Loop();
    });
  }
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::TrySubmit(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void WorkerPool::Loop() {
  while (true) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return shutting_down_ || !queue_.empty(); });
      if (queue_.empty()) return;  // shutting down and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace qccm::http
