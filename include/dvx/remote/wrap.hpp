#pragma once
// Policies that wrap any Remote (ARCHITECTURE.md, "Remotes": a backend never
// reimplements them): retry with exponential backoff and jitter on transient
// errors, a limit on concurrent operations, and optional logging.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dvx/remote/remote.hpp"
#include "dvx/util/error.hpp"

namespace dvx::remote {

struct RetryPolicy {
  int max_attempts = 6;  // first try included
  std::chrono::milliseconds base_delay{200};
  std::chrono::milliseconds max_delay{10'000};
  // Injected for tests; default: std::this_thread::sleep_for and a uniform
  // random number in [0, 1).
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<double()> random;
  // Called before each retry with the attempt that failed (1-based), the
  // delay chosen and the error.
  std::function<void(int, std::chrono::milliseconds, const Error&)> on_retry;

  // Delay before retry number `attempt` (1-based): d = min(max, base * 2^(attempt-1)),
  // uniformly jittered in [d/2, d].
  std::chrono::milliseconds delay_for(int attempt) const;
};

// The `retries` option (extra attempts after the first; default 5).
RetryPolicy retry_policy(const RemoteConfig& config);

// Runs fn(); on Error(transient) sleeps and tries again, up to
// policy.max_attempts in total. Other errors propagate at once. When the
// attempts are exhausted the last error is rethrown (still transient) with
// " (gave up after N attempts)" appended.
template <typename Fn>
auto with_retry(const RetryPolicy& policy, Fn&& fn) -> decltype(fn());

[[noreturn]] void rethrow_exhausted(const Error& e, int attempts);
void retry_pause(const RetryPolicy& policy, int attempt, const Error& e);

template <typename Fn>
auto with_retry(const RetryPolicy& policy, Fn&& fn) -> decltype(fn()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return fn();
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::transient) throw;
      if (attempt >= policy.max_attempts) rethrow_exhausted(e, attempt);
      retry_pause(policy, attempt, e);
    }
  }
}

std::unique_ptr<Remote> make_retrying(std::unique_ptr<Remote> inner, RetryPolicy policy);
// Each operation of the wrapped remote holds one of `slots` (request_slots.hpp)
// while it runs; callers beyond that block until a slot frees up. The
// backend below runs its parallel requests on the same slots.
std::unique_ptr<Remote> make_limited(std::unique_ptr<Remote> inner, std::shared_ptr<RequestSlots> slots);
// One line per operation to `sink`: "remote <describe>: PUT <key> <bytes> B <ms> ms ok|<error>".
std::unique_ptr<Remote> make_logging(std::unique_ptr<Remote> inner,
                                     std::function<void(const std::string&)> sink);

struct WrapOptions {
  // Log every operation to stderr: also turned on by the remote option
  // `log = true` or the environment variable DVX_REMOTE_LOG=1.
  bool log = false;
  std::function<void(const std::string&)> log_sink;  // default: stderr
  // The remote's request slots; default: request_slots(config). A caller
  // that sizes its own thread pool by them passes them in.
  std::shared_ptr<RequestSlots> slots;
};

// What transfers should use: retry(limit(log(backend))) built from the
// config: `retries`, `jobs` (request_slots(): the limit, shared with the
// backend), `log`. The retry wrapper is the only place that repeats a call.
std::unique_ptr<Remote> open_remote_wrapped(const RemoteConfig& config, WrapOptions options = {});

}  // namespace dvx::remote
