#pragma once
// A fixed-size pool of worker threads. submit() queues a task and returns a
// std::future for its result (exceptions travel through the future). The
// destructor finishes the queued tasks, then joins. parallel_for() runs
// fn(i) for i in [0, n) on up to `jobs` threads and rethrows the first
// exception after every started task has finished.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace dvx::util {

class ThreadPool {
 public:
  explicit ThreadPool(std::size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  std::size_t size() const { return workers_.size(); }

  template <typename Fn>
  auto submit(Fn fn) -> std::future<std::invoke_result_t<Fn>> {
    using R = std::invoke_result_t<Fn>;
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
    auto future = task->get_future();
    enqueue([task] { (*task)(); });
    return future;
  }

 private:
  void enqueue(std::function<void()> job);
  void run();

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Runs fn(i) for every i in [0, n) on at most `jobs` threads (the calling
// thread included). After the first exception no new index is started; the
// exception is rethrown once the running calls have returned.
void parallel_for(std::size_t n, std::size_t jobs, const std::function<void(std::size_t)>& fn);

}  // namespace dvx::util
