#include <algorithm>
#include <random>
#include <thread>

#include "dvx/remote/options.hpp"
#include "dvx/remote/wrap.hpp"

namespace dvx::remote {

std::chrono::milliseconds RetryPolicy::delay_for(int attempt) const {
  double d = static_cast<double>(base_delay.count());
  for (int i = 1; i < attempt && d < static_cast<double>(max_delay.count()); ++i) d *= 2;
  d = std::min(d, static_cast<double>(max_delay.count()));
  double r;
  if (random) {
    r = random();
  } else {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    r = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  }
  return std::chrono::milliseconds(static_cast<long long>(d / 2 + r * d / 2));
}

RetryPolicy retry_policy(const RemoteConfig& config) {
  RetryPolicy p;
  p.max_attempts = static_cast<int>(int_option(config, "retries", p.max_attempts - 1, 0, 100)) + 1;
  return p;
}

void rethrow_exhausted(const Error& e, int attempts) {
  if (attempts <= 1) throw e;
  throw Error(e.kind(), fmt::format("{} (gave up after {} attempts)", e.what(), attempts));
}

void retry_pause(const RetryPolicy& policy, int attempt, const Error& e) {
  auto delay = policy.delay_for(attempt);
  if (policy.on_retry) policy.on_retry(attempt, delay, e);
  if (policy.sleep)
    policy.sleep(delay);
  else
    std::this_thread::sleep_for(delay);
}

namespace {
class RetryingRemote final : public Remote {
 public:
  RetryingRemote(std::unique_ptr<Remote> inner, RetryPolicy policy)
      : inner_(std::move(inner)), policy_(std::move(policy)) {}
  std::string describe() const override { return inner_->describe(); }
  std::optional<std::uint64_t> stat(const std::string& key) override {
    return with_retry(policy_, [&] { return inner_->stat(key); });
  }
  util::FileDigest get(const std::string& key, const fs::path& dest) override {
    return with_retry(policy_, [&] { return inner_->get(key, dest); });
  }
  void put(const std::string& key, const fs::path& src, const util::FileDigest& digest) override {
    with_retry(policy_, [&] { inner_->put(key, src, digest); });
  }
  std::vector<ObjectInfo> list(const std::string& prefix) override {
    return with_retry(policy_, [&] { return inner_->list(prefix); });
  }
  void remove(const std::string& key) override {
    with_retry(policy_, [&] { inner_->remove(key); });
  }
  void remove_many(const std::vector<std::string>& keys) override {
    with_retry(policy_, [&] { inner_->remove_many(keys); });
  }
  std::vector<Temporary> stale_temporaries(std::int64_t age) override {
    return with_retry(policy_, [&] { return inner_->stale_temporaries(age); });
  }
  void remove_temporary(const Temporary& t) override {
    with_retry(policy_, [&] { inner_->remove_temporary(t); });
  }

 private:
  std::unique_ptr<Remote> inner_;
  RetryPolicy policy_;
};
}  // namespace

std::unique_ptr<Remote> make_retrying(std::unique_ptr<Remote> inner, RetryPolicy policy) {
  return std::make_unique<RetryingRemote>(std::move(inner), std::move(policy));
}

}  // namespace dvx::remote
