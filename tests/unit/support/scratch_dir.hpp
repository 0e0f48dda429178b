#pragma once
// Test helper shared by every layer's unit tests: a folder of its own for
// the running test, <tmp>/dvx-<area>-<pid>-<test name>, emptied when made
// and removed when the test ends.
#include <filesystem>
#include <string>

namespace dvx::test_support {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& area);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace dvx::test_support
