// The in-memory Remote for unit tests (see memory_remote.hpp).
#include "dvx/remote/memory_remote.hpp"

#include <algorithm>
#include <thread>

#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::remote {

namespace {
// Runs `end` when the call returns or throws.
template <typename F>
struct OnExit {
  F f;
  ~OnExit() { f(); }
};
template <typename F>
OnExit(F) -> OnExit<F>;
}  // namespace

void MemoryRemote::begin(const char* verb, const std::string& key) {
  std::optional<ErrorKind> outcome;
  {
    std::lock_guard lock(mutex_);
    calls_.push_back(fmt::format("{} {}", verb, key));
    if (!script_.empty()) {
      outcome = script_.front();
      script_.pop_front();
    }
  }
  int now = ++in_flight_;
  int prev = max_in_flight_.load();
  while (now > prev && !max_in_flight_.compare_exchange_weak(prev, now)) {
  }
  if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
  if (outcome) {
    --in_flight_;
    throw Error(*outcome,
                fmt::format("scripted {} failure of {} {} on {}", to_string(*outcome), verb, key, name_));
  }
}

std::optional<std::uint64_t> MemoryRemote::stat(const std::string& key) {
  begin("HEAD", key);
  OnExit done{[this] { end(); }};
  std::lock_guard lock(mutex_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::nullopt;
  return it->second.size();
}

util::FileDigest MemoryRemote::get(const std::string& key, const fs::path& dest) {
  begin("GET", key);
  OnExit done{[this] { end(); }};
  auto bytes = object(key);
  if (!bytes) fail(ErrorKind::not_found, "object {} not found in {}", key, name_);
  util::write_file_atomic(dest, *bytes);
  return {util::sha256_hex(*bytes), bytes->size()};
}

void MemoryRemote::put(const std::string& key, const fs::path& src, const util::FileDigest& digest) {
  begin("PUT", key);
  OnExit done{[this] { end(); }};
  {
    std::lock_guard lock(mutex_);
    if (fail_puts_) fail(*fail_puts_, "injected: 403 AccessDenied for {} on {}", key, name_);
  }
  std::string bytes = util::read_file(src);
  if (bytes.size() != digest.size || util::sha256_hex(bytes) != digest.hex)
    fail(ErrorKind::permanent,
         "PUT {} to {}: the body ({} bytes) does not match the digest given ({}, {} bytes)", key, name_,
         bytes.size(), digest.hex, digest.size);
  set_object(key, std::move(bytes));
}

std::vector<ObjectInfo> MemoryRemote::list(const std::string& prefix) {
  begin("LIST", prefix);
  OnExit done{[this] { end(); }};
  std::lock_guard lock(mutex_);
  std::vector<ObjectInfo> out;
  for (auto it = objects_.lower_bound(prefix); it != objects_.end() && it->first.rfind(prefix, 0) == 0; ++it)
    out.push_back({it->first, it->second.size(), 0});
  return out;  // a std::map: sorted by key
}

void MemoryRemote::remove(const std::string& key) {
  begin("DELETE", key);
  OnExit done{[this] { end(); }};
  std::lock_guard lock(mutex_);
  objects_.erase(key);
}

void MemoryRemote::script(std::vector<std::optional<ErrorKind>> outcomes) {
  std::lock_guard lock(mutex_);
  script_.assign(outcomes.begin(), outcomes.end());
}

void MemoryRemote::fail_puts(std::optional<ErrorKind> kind) {
  std::lock_guard lock(mutex_);
  fail_puts_ = kind;
}

void MemoryRemote::set_object(const std::string& key, std::string bytes) {
  std::lock_guard lock(mutex_);
  objects_[key] = std::move(bytes);
}

std::optional<std::string> MemoryRemote::object(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> MemoryRemote::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

int MemoryRemote::count(std::string_view verb) const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(calls_.begin(), calls_.end(), [&](const std::string& c) {
    return c.size() > verb.size() && c.compare(0, verb.size(), verb) == 0 && c[verb.size()] == ' ';
  }));
}

void MemoryRemote::clear_calls() {
  std::lock_guard lock(mutex_);
  calls_.clear();
}

}  // namespace dvx::remote
