// A bounded pool of worker threads for request handlers (which may block on the store), so
// that the I/O threads never block. No Beast types.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace qccm::http {

// Runs submitted tasks on `threads` threads, first in first out. At most `max_queued` tasks
// wait; TrySubmit refuses more (the server answers 503 then). Thread-safe.
class WorkerPool final {
 public:
  using Task = std::move_only_function<void()>;

  WorkerPool(int threads, std::size_t max_queued);
  // Finishes queued tasks, then joins.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; returns false (and drops it) when the queue is full or the pool shut down.
  bool TrySubmit(Task task);
  // Runs what is queued, then joins the threads. Idempotent.
  void Shutdown();

 private:
  void Loop();

  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> queue_;
  bool shutting_down_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace qccm::http
