#include "remote/test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;  // NOLINT

namespace dvx::remote::testing {

namespace {
// posix_spawnp of argv with the file actions `fa` (destroyed here); the pid.
pid_t spawn(const std::vector<std::string>& argv, posix_spawn_file_actions_t& fa, const char* what) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error(std::string(what) + " " + argv[0]);
  return pid;
}
}  // namespace

TempDir::TempDir() {
  std::string templ = (fs::temp_directory_path() / "dvx-remote-test-XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

void write_random_file(const fs::path& path, std::size_t size, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::string data(size, '\0');
  for (std::size_t i = 0; i < size; i += 8) {
    auto v = rng();
    for (std::size_t j = 0; j < 8 && i + j < size; ++j) data[i + j] = static_cast<char>(v >> (8 * j));
  }
  std::ofstream(path, std::ios::binary) << data;
}

std::string run_capture(const std::vector<std::string>& argv, const std::string& input) {
  TempDir tmp;
  auto in = tmp.path() / "in", out = tmp.path() / "out", err = tmp.path() / "err";
  std::ofstream(in, std::ios::binary) << input;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = spawn(argv, fa, "cannot run");
  int status = 0;
  waitpid(pid, &status, 0);
  std::stringstream o, e;
  o << std::ifstream(out).rdbuf();
  e << std::ifstream(err).rdbuf();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(argv[0] + " " + (argv.size() > 1 ? argv[1] : "") + " failed: " + e.str());
  return o.str();
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

bool wait_for_port(int port, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const fs::path& log) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  std::string out = log.empty() ? "/dev/null" : log.string();
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_ = spawn(argv, fa, "cannot start");
}

ChildProcess::~ChildProcess() {
  stop();
}
ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) {
  other.pid_ = -1;
}
ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = other.pid_;
    other.pid_ = -1;
  }
  return *this;
}

void ChildProcess::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status;
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string source_dir() {
  return DVX_SOURCE_DIR;
}

S3rver::S3rver(const std::string& bucket) : bucket_(bucket) {
  std::string bin = source_dir() + "/.node-tools/node_modules/.bin/s3rver";
  if (const char* tools = std::getenv("DVX_NODE_TOOLS"))
    bin = std::string(tools) + "/node_modules/.bin/s3rver";
  if (!fs::exists(bin)) throw std::runtime_error("s3rver not found at " + bin + " (run install/deps.sh)");
  fs::create_directories(dir_.path() / "data");
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = free_port();
    // The legacy provider: see s3_start in tests/integration/lib_s3.sh.
    process_ = ChildProcess(
        {"/usr/bin/env", "NODE_OPTIONS=--openssl-legacy-provider", bin, "-d", (dir_.path() / "data").string(),
         "-a", "127.0.0.1", "-p", std::to_string(port_), "--silent", "--configure-bucket", bucket_},
        dir_.path() / "s3rver.log");
    if (wait_for_port(port_, 15000)) return;
    process_.stop();
  }
  std::stringstream log;
  log << std::ifstream(dir_.path() / "s3rver.log").rdbuf();
  throw std::runtime_error("s3rver did not start: " + log.str());
}

FaultProxy::FaultProxy(int upstream_port, const std::vector<std::string>& extra_args) {
  log_ = dir_.path() / "requests.log";
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = free_port();
    std::vector<std::string> argv{kPython,      source_dir() + "/tests/support/s3_fault_proxy.py",
                                  "--port",     std::to_string(port_),
                                  "--upstream", std::to_string(upstream_port),
                                  "--log",      log_.string()};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    process_ = ChildProcess(argv, dir_.path() / "proxy.out");
    if (wait_for_port(port_, 10000)) return;
    process_.stop();
  }
  std::stringstream out;
  out << std::ifstream(dir_.path() / "proxy.out").rdbuf();
  throw std::runtime_error("fault proxy did not start: " + out.str());
}

std::string FaultProxy::log() const {
  std::stringstream s;
  s << std::ifstream(log_).rdbuf();
  return s.str();
}

Rgw::Rgw(const std::string& bucket) : bucket_(bucket) {
  std::string out =
      run_capture({source_dir() + "/tests/support/rgw.sh", "start", (dir_.path() / "ceph").string()});
  std::istringstream fields(out);
  std::string access, secret;
  fields >> port_ >> access >> secret;
  if (port_ <= 0 || secret.empty()) throw std::runtime_error("tests/support/rgw.sh start printed: " + out);
  setenv("AWS_ACCESS_KEY_ID", access.c_str(), 1);
  setenv("AWS_SECRET_ACCESS_KEY", secret.c_str(), 1);
  unsetenv("AWS_SESSION_TOKEN");
  unsetenv("AWS_PROFILE");
  run_capture({kPython, "-c",
               "import boto3, botocore.config, sys\n"
               "s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',"
               " config=botocore.config.Config(s3={'addressing_style': 'path'}))\n"
               "s3.create_bucket(Bucket=sys.argv[2])\n",
               endpoint(), bucket_});
}

Rgw::~Rgw() {
  try {
    run_capture({source_dir() + "/tests/support/rgw.sh", "stop", (dir_.path() / "ceph").string()});
  } catch (const std::exception&) {
  }
}

void use_test_credentials() {
  setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
  unsetenv("AWS_SESSION_TOKEN");
  unsetenv("AWS_PROFILE");
}

}  // namespace dvx::remote::testing
