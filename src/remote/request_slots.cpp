// The request slots of a remote and the parallel runner on free slots.
#include "dvx/remote/request_slots.hpp"

#include <algorithm>
#include <atomic>

#include "dvx/remote/options.hpp"
#include "dvx/util/thread_pool.hpp"

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
  auto claim = [&] { return failed.load() ? n : next.fetch_add(1); };
  auto run = [&](std::size_t i) {
    try {
      fn(i);
    } catch (...) {
      failed = true;  // no new items; parallel_for rethrows the first error
      throw;
    }
  };
  struct Release {
    RequestSlots& slots;
    ~Release() { slots.release(); }
  };
  const auto helpers = std::min<std::size_t>(static_cast<std::size_t>(slots.capacity() - 1), n - 1);
  // Role 0 runs on the slot the caller holds; each helper role takes a free
  // slot per item, waiting briefly so that it notices when the items are
  // gone while no slot came free.
  util::parallel_for(helpers + 1, helpers + 1, [&](std::size_t role) {
    if (role == 0) {
      for (std::size_t i; (i = claim()) < n;) run(i);
      return;
    }
    while (!failed.load() && next.load() < n) {
      if (!slots.try_acquire_for(std::chrono::milliseconds(20))) continue;
      Release release{slots};
      if (std::size_t i = claim(); i < n) run(i);
    }
  });
}

}  // namespace dvx::remote
