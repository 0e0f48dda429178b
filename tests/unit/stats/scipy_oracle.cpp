#include "stats/scipy_oracle.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace dvx::stats::testing {

std::filesystem::path temp_dir() {
  static std::filesystem::path dir = [] {
    auto base = std::filesystem::temp_directory_path() / ("dvx-stats-test-" + std::to_string(::getpid()) +
                                                          "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(base);
    return base;
  }();
  static struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } cleanup{dir};
  return dir;
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string run_python(const std::string& script, const std::string& arg) {
  static int counter = 0;
  auto script_path = temp_dir() / ("oracle" + std::to_string(counter++) + ".py");
  std::ofstream(script_path) << script;
  auto out_path = script_path;
  out_path += ".out";
  std::string cmd =
      "/usr/bin/python3 '" + script_path.string() + "' '" + arg + "' > '" + out_path.string() + "'";
  int rc = std::system(cmd.c_str());
  EXPECT_EQ(rc, 0) << "oracle failed: " << cmd;
  return read_all(out_path);
}

std::vector<double> parse_numbers(const std::string& text) {
  std::vector<double> out;
  std::istringstream in(text);
  std::string tok;
  while (in >> tok) {
    out.push_back(std::strtod(tok.c_str(), nullptr));  // accepts nan, inf, subnormals
  }
  return out;
}

::testing::AssertionResult near_p(double ours, double theirs, double rel, double abs) {
  if (std::isnan(ours) && std::isnan(theirs)) return ::testing::AssertionSuccess();
  const double diff = std::fabs(ours - theirs);
  if (diff <= abs || diff <= rel * std::fabs(theirs)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "ours=" << ours << " scipy=" << theirs << " diff=" << diff;
}

std::string fmt17(double v) {
  if (std::isnan(v)) return "nan";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace dvx::stats::testing
