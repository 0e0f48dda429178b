// Concurrency limit and logging wrappers, and the standard wrapper stack.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "dvx/remote/options.hpp"
#include "dvx/remote/wrap.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::remote {

namespace {

class LimitedRemote final : public Remote {
 public:
  LimitedRemote(std::unique_ptr<Remote> inner, int max) : inner_(std::move(inner)), free_(std::max(max, 1)) {}
  std::string describe() const override { return inner_->describe(); }
  std::optional<std::uint64_t> stat(const std::string& key) override {
    Slot s(*this);
    return inner_->stat(key);
  }
  util::FileDigest get(const std::string& key, const fs::path& dest) override {
    Slot s(*this);
    return inner_->get(key, dest);
  }
  void put(const std::string& key, const fs::path& src) override {
    Slot s(*this);
    inner_->put(key, src);
  }
  std::vector<ObjectInfo> list(const std::string& prefix) override {
    Slot s(*this);
    return inner_->list(prefix);
  }
  void remove(const std::string& key) override {
    Slot s(*this);
    inner_->remove(key);
  }
  void remove_many(const std::vector<std::string>& keys) override {
    Slot s(*this);
    inner_->remove_many(keys);
  }
  std::vector<Temporary> stale_temporaries(std::int64_t age) override {
    Slot s(*this);
    return inner_->stale_temporaries(age);
  }
  void remove_temporary(const Temporary& t) override {
    Slot s(*this);
    inner_->remove_temporary(t);
  }

 private:
  struct Slot {
    explicit Slot(LimitedRemote& r) : r_(r) {
      std::unique_lock lock(r_.mutex_);
      r_.cv_.wait(lock, [&] { return r_.free_ > 0; });
      --r_.free_;
    }
    ~Slot() {
      {
        std::lock_guard lock(r_.mutex_);
        ++r_.free_;
      }
      r_.cv_.notify_one();
    }
    LimitedRemote& r_;
  };
  std::unique_ptr<Remote> inner_;
  std::mutex mutex_;
  std::condition_variable cv_;
  int free_;
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
  void put(const std::string& key, const fs::path& src) override {
    run(
        "PUT", key, [&] { inner_->put(key, src); }, [&] { return size_of(src); });
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
  static std::string size_of(const fs::path& p) {
    std::error_code ec;
    auto n = fs::file_size(p, ec);
    return ec ? std::string() : fmt::format("{} B", n);
  }
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

std::unique_ptr<Remote> make_limited(std::unique_ptr<Remote> inner, int max_concurrent) {
  return std::make_unique<LimitedRemote>(std::move(inner), max_concurrent);
}

std::unique_ptr<Remote> make_logging(std::unique_ptr<Remote> inner,
                                     std::function<void(const std::string&)> sink) {
  return std::make_unique<LoggingRemote>(std::move(inner), std::move(sink));
}

std::unique_ptr<Remote> open_remote_wrapped(const RemoteConfig& config, WrapOptions options) {
  auto policy = retry_policy(config);
  int limit = jobs(config);
  bool log = options.log || bool_option(config, "log", false);
  if (const char* env = std::getenv("DVX_REMOTE_LOG"); env && *env && std::string_view(env) != "0")
    log = true;
  auto remote = open_remote(config);
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
  remote = make_limited(std::move(remote), limit);
  return make_retrying(std::move(remote), std::move(policy));
}

}  // namespace dvx::remote
