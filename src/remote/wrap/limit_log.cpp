// Concurrency limit and logging wrappers, and the standard wrapper stack.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "dvx/remote/options.hpp"
#include "dvx/remote/request_slots.hpp"
#include "dvx/remote/wrap.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::remote {

namespace {

class LimitedRemote final : public Remote {
 public:
  LimitedRemote(std::unique_ptr<Remote> inner, std::shared_ptr<RequestSlots> slots)
      : inner_(std::move(inner)), slots_(std::move(slots)) {}
  std::string describe() const override { return inner_->describe(); }
  std::optional<std::uint64_t> stat(const std::string& key) override {
    RequestSlots::Held s(*slots_);
    return inner_->stat(key);
  }
  util::FileDigest get(const std::string& key, const fs::path& dest) override {
    RequestSlots::Held s(*slots_);
    return inner_->get(key, dest);
  }
  void put(const std::string& key, const fs::path& src, const util::FileDigest& digest) override {
    RequestSlots::Held s(*slots_);
    inner_->put(key, src, digest);
  }
  std::vector<ObjectInfo> list(const std::string& prefix) override {
    RequestSlots::Held s(*slots_);
    return inner_->list(prefix);
  }
  void remove(const std::string& key) override {
    RequestSlots::Held s(*slots_);
    inner_->remove(key);
  }
  void remove_many(const std::vector<std::string>& keys) override {
    RequestSlots::Held s(*slots_);
    inner_->remove_many(keys);
  }
  std::vector<Temporary> stale_temporaries(std::int64_t age) override {
    RequestSlots::Held s(*slots_);
    return inner_->stale_temporaries(age);
  }
  void remove_temporary(const Temporary& t) override {
    RequestSlots::Held s(*slots_);
    inner_->remove_temporary(t);
  }

 private:
  std::unique_ptr<Remote> inner_;
  std::shared_ptr<RequestSlots> slots_;
};

class LoggingRemote final : public Remote {
 public:
  LoggingRemote(std::unique_ptr<Remote> inner, std::function<void(const std::string&)> sink)
      : inner_(std::move(inner)), sink_(std::move(sink)) {}
  std::string describe() const override { return inner_->describe(); }
  std::optional<std::uint64_t> stat(const std::string& key) override {
    std::optional<std::uint64_t> r;
    run(
        "HEAD", key, [&] { r = inner_->stat(key); }, [&] { return r ? fmt::format("{} B", *r) : "absent"; });
    return r;
  }
  util::FileDigest get(const std::string& key, const fs::path& dest) override {
    util::FileDigest r;
    run(
        "GET", key, [&] { r = inner_->get(key, dest); }, [&] { return fmt::format("{} B", r.size); });
    return r;
  }
  void put(const std::string& key, const fs::path& src, const util::FileDigest& digest) override {
    run(
        "PUT", key, [&] { inner_->put(key, src, digest); }, [&] { return fmt::format("{} B", digest.size); });
  }
  std::vector<ObjectInfo> list(const std::string& prefix) override {
    std::vector<ObjectInfo> r;
    run(
        "LIST", prefix, [&] { r = inner_->list(prefix); },
        [&] { return util::count_of(r.size(), "object"); });
    return r;
  }
  void remove(const std::string& key) override {
    run(
        "DELETE", key, [&] { inner_->remove(key); }, [] { return std::string(); });
  }
  void remove_many(const std::vector<std::string>& keys) override {
    run(
        "DELETE-MANY", keys.empty() ? std::string() : keys.front(), [&] { inner_->remove_many(keys); },
        [&] { return util::count_of(keys.size(), "key"); });
  }
  std::vector<Temporary> stale_temporaries(std::int64_t age) override {
    std::vector<Temporary> r;
    run(
        "LIST-TEMPORARIES", "", [&] { r = inner_->stale_temporaries(age); },
        [&] { return fmt::format("{} temporaries", r.size()); });
    return r;
  }
  void remove_temporary(const Temporary& t) override {
    run(
        "REMOVE-TEMPORARY", t.key, [&] { inner_->remove_temporary(t); }, [] { return std::string(); });
  }

 private:
  template <typename Op, typename Detail>
  void run(const char* verb, const std::string& key, Op op, Detail detail) {
    auto start = std::chrono::steady_clock::now();
    auto ms = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
          .count();
    };
    try {
      op();
    } catch (const Error& e) {
      sink_(fmt::format("remote {}: {} {} {} ms failed ({}): {}", inner_->describe(), verb, key, ms(),
                        to_string(e.kind()), e.what()));
      throw;
    }
    sink_(fmt::format("remote {}: {} {} {} ms ok {}", inner_->describe(), verb, key, ms(), detail()));
  }
  std::unique_ptr<Remote> inner_;
  std::function<void(const std::string&)> sink_;
};

}  // namespace

std::unique_ptr<Remote> make_limited(std::unique_ptr<Remote> inner, std::shared_ptr<RequestSlots> slots) {
  return std::make_unique<LimitedRemote>(std::move(inner), std::move(slots));
}

std::unique_ptr<Remote> make_logging(std::unique_ptr<Remote> inner,
                                     std::function<void(const std::string&)> sink) {
  return std::make_unique<LoggingRemote>(std::move(inner), std::move(sink));
}

std::unique_ptr<Remote> open_remote_wrapped(const RemoteConfig& config, WrapOptions options) {
  auto policy = retry_policy(config);
  // One set of slots bounds the requests of all operations, the backend's
  // parallel parts included.
  auto slots = options.slots ? options.slots : request_slots(config);
  bool log = options.log || bool_option(config, "log", false);
  if (const char* env = std::getenv("DVX_REMOTE_LOG"); env && *env && std::string_view(env) != "0")
    log = true;
  auto remote = open_remote(config, {slots});
  if (log) {
    auto sink = options.log_sink;
    if (!sink) {
      static std::mutex stderr_mutex;
      sink = [](const std::string& line) {
        std::lock_guard lock(stderr_mutex);
        std::cerr << "git-dvx: " << line << '\n';
      };
    }
    remote = make_logging(std::move(remote), std::move(sink));
  }
  remote = make_limited(std::move(remote), std::move(slots));
  return make_retrying(std::move(remote), std::move(policy));
}

}  // namespace dvx::remote
