#pragma once
// Helpers for the remote tests: temporary folders, child processes (s3rver,
// the fault-injecting proxy, python oracles) and free loopback ports.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dvx/remote/remote.hpp"
#include "dvx/util/sha256.hpp"
#include "support/files.hpp"

namespace dvx::remote::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// remote.put(key, src) with src's digest, which callers of put know (the
// transfer queue passes the pointer's oid and size).
inline void put_file(Remote& remote, const std::string& key, const fs::path& src) {
  remote.put(key, src, util::sha256_file(src));
}

// Writes `size` pseudo-random bytes (seeded) to `path`.
void write_random_file(const fs::path& path, std::size_t size, unsigned seed);

// Runs argv, feeding `input` on stdin; returns stdout. Fails the test (throws
// std::runtime_error with stderr) when the exit status is not 0.
std::string run_capture(const std::vector<std::string>& argv, const std::string& input = "");
using test_support::sha256sum;  // coreutils' digest of a file (a third-party oracle)

int free_port();
bool wait_for_port(int port, int timeout_ms);

class ChildProcess {
 public:
  ChildProcess() = default;
  explicit ChildProcess(const std::vector<std::string>& argv, const fs::path& log = {});
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  void stop();
  bool running() const { return pid_ > 0; }
  int pid() const { return pid_; }

 private:
  int pid_ = -1;
};

// A real s3rver on 127.0.0.1 with bucket `bucket`, in a temporary folder.
// Throws std::runtime_error (the test fails, never skips) if it cannot start.
class S3rver {
 public:
  explicit S3rver(const std::string& bucket = "dvx-test");
  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& bucket() const { return bucket_; }
  const fs::path& data_dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::string bucket_;
  int port_ = 0;
  ChildProcess process_;
};

// tests/support/s3_fault_proxy.py in front of `upstream_port`.
class FaultProxy {
 public:
  FaultProxy(int upstream_port, const std::vector<std::string>& extra_args);
  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const fs::path& log_file() const { return log_; }
  std::string log() const;

 private:
  TempDir dir_;
  fs::path log_;
  int port_ = 0;
  ChildProcess process_;
};

// Sets the fixed dummy credentials s3rver accepts (it does not check them).
void use_test_credentials();

// Ceph's RADOS Gateway (tests/support/rgw.sh) with bucket `bucket`, the
// stricter S3 peer: it checks signatures. Sets AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY to its user's keys. Throws std::runtime_error if it
// cannot start (the test fails, never skips).
class Rgw {
 public:
  explicit Rgw(const std::string& bucket = "dvx-test");
  ~Rgw();
  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& bucket() const { return bucket_; }

 private:
  TempDir dir_;
  std::string bucket_;
  int port_ = 0;
};

std::string source_dir();
inline const char* kPython = "/usr/bin/python3";

}  // namespace dvx::remote::testing
