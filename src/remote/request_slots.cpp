// The request slots of a remote and the parallel runner on free slots.
#include "dvx/remote/request_slots.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

#include "dvx/remote/options.hpp"

namespace dvx::remote {

RequestSlots::RequestSlots(int count) : capacity_(std::max(count, 1)), free_(capacity_) {}

void RequestSlots::acquire() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return free_ > 0; });
  --free_;
}

bool RequestSlots::try_acquire_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!cv_.wait_for(lock, timeout, [&] { return free_ > 0; })) return false;
  --free_;
  return true;
}

void RequestSlots::release() {
  {
    std::lock_guard lock(mutex_);
    ++free_;
  }
  cv_.notify_one();
}

std::shared_ptr<RequestSlots> request_slots(const RemoteConfig& config) {
  return std::make_shared<RequestSlots>(jobs(config));
}

void run_on_free_slots(RequestSlots& slots, std::size_t n, const std::function<void(std::size_t)>& fn) {
  if (n == 0) return;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first;
  std::mutex error_mutex;
  auto run = [&](std::size_t i) {
    try {
      fn(i);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!first) first = std::current_exception();
      failed = true;
    }
  };
  auto more = [&] { return !failed.load() && next.load() < n; };
  auto helper = [&] {
    while (more()) {
      // A short wait, so that a helper notices when the caller has taken
      // the last item while no slot came free.
      if (!slots.try_acquire_for(std::chrono::milliseconds(20))) continue;
      std::size_t i = more() ? next.fetch_add(1) : n;
      if (i < n) run(i);
      slots.release();
    }
  };
  std::size_t helpers = std::min<std::size_t>(static_cast<std::size_t>(slots.capacity() - 1), n - 1);
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(helper);
  for (std::size_t i; more() && (i = next.fetch_add(1)) < n;) run(i);
  for (auto& t : threads) t.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace dvx::remote
