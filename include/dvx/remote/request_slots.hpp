#pragma once
// The one limit on requests in flight to a remote: its `jobs` option (see
// request_slots() below, the only place that turns the option into a count).
// The limit wrapper (wrap.hpp) takes a slot for each operation; a backend
// that splits one operation into parallel requests (S3 multipart parts,
// ranged GETs) runs them with run_on_free_slots(): the first on the caller's
// slot, the others only on slots that are free, so all requests together
// never exceed `jobs` and an operation never waits for a slot it holds.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

#include "dvx/remote/remote.hpp"

namespace dvx::remote {

class RequestSlots {
 public:
  explicit RequestSlots(int count);
  int capacity() const { return capacity_; }
  void acquire();
  // Waits at most `timeout` for a slot; false when none came free.
  bool try_acquire_for(std::chrono::milliseconds timeout);
  void release();

  // Holds one slot for its lifetime.
  class Held {
   public:
    explicit Held(RequestSlots& slots) : slots_(slots) { slots_.acquire(); }
    ~Held() { slots_.release(); }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

   private:
    RequestSlots& slots_;
  };

 private:
  const int capacity_;
  std::mutex mutex_;
  std::condition_variable cv_;
  int free_;
};

// The slots of a remote: `jobs` (default kDefaultJobs, 1-256) of them.
std::shared_ptr<RequestSlots> request_slots(const RemoteConfig& config);

// Runs fn(i) for every i < n: on the calling thread (which is assumed to
// hold a slot already) and on up to capacity-1 helper threads, each of which
// takes a free slot for every item it runs. The first exception stops the
// items not yet started and is rethrown once the running ones are done.
void run_on_free_slots(RequestSlots& slots, std::size_t n, const std::function<void(std::size_t)>& fn);

}  // namespace dvx::remote
