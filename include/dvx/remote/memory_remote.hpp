#pragma once
// A Remote held in memory, for unit tests of what sits above the Remote
// contract (the transfer queue, the wrappers): it keeps the contract (keys,
// not_found, sorted listings, digest check on put like S3) and lets a test
// script failures, count calls and watch concurrency. Not registered as a
// scheme: tests construct it (or register it under a scheme of their own).
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dvx/remote/remote.hpp"
#include "dvx/util/error.hpp"

namespace dvx::remote {

class MemoryRemote final : public Remote {
 public:
  explicit MemoryRemote(std::string name = "memory://test") : name_(std::move(name)) {}

  std::string describe() const override { return name_; }
  std::optional<std::uint64_t> stat(const std::string& key) override;
  util::FileDigest get(const std::string& key, const fs::path& dest) override;
  // Refuses (permanent, like S3's XAmzContentSHA256Mismatch) a body whose
  // SHA-256 or size differs from `digest`.
  void put(const std::string& key, const fs::path& src, const util::FileDigest& digest) override;
  std::vector<ObjectInfo> list(const std::string& prefix) override;
  void remove(const std::string& key) override;

  // Test controls (thread-safe).
  // Outcomes of the next calls, of any operation, in order: nullopt lets
  // the call run, a kind makes it throw Error(kind) naming the key.
  void script(std::vector<std::optional<ErrorKind>> outcomes);
  // Every put throws Error(kind) "injected ..." while set.
  void fail_puts(std::optional<ErrorKind> kind);
  // Each call sleeps this long (to make concurrency observable).
  void set_delay(std::chrono::milliseconds delay) { delay_ = delay; }
  void set_object(const std::string& key, std::string bytes);
  std::optional<std::string> object(const std::string& key) const;

  // "PUT <key>", "GET <key>", "HEAD <key>", "LIST <prefix>", "DELETE <key>", in call order.
  std::vector<std::string> calls() const;
  int count(std::string_view verb) const;  // calls of one verb
  void clear_calls();
  int max_in_flight() const { return max_in_flight_; }

 private:
  // Records the call, applies the script; throws a scripted failure.
  void begin(const char* verb, const std::string& key);
  void end() { --in_flight_; }

  std::string name_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> objects_;
  std::deque<std::optional<ErrorKind>> script_;
  std::optional<ErrorKind> fail_puts_;
  std::vector<std::string> calls_;
  std::chrono::milliseconds delay_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
};

}  // namespace dvx::remote
