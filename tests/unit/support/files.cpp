#include "support/files.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dvx::test_support {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& text) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sha256sum(const fs::path& path) {
  std::string quoted;
  for (char c : path.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  FILE* pipe = ::popen(("sha256sum -b '" + quoted + "'").c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run sha256sum");
  char digest[64];
  std::size_t got = std::fread(digest, 1, sizeof digest, pipe);
  int status = ::pclose(pipe);
  if (got != sizeof digest || status != 0) throw std::runtime_error("sha256sum failed on " + path.string());
  return std::string(digest, sizeof digest);
}

}  // namespace dvx::test_support
