#include "support/scratch_dir.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace dvx::test_support {

namespace fs = std::filesystem;

ScratchDir::ScratchDir(const std::string& area) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = "dvx-" + area + "-" + std::to_string(::getpid());
  if (test) name += std::string("-") + test->test_suite_name() + "." + test->name();
  for (char& c : name)
    if (c == '/') c = '_';  // parameterised test names carry slashes
  path_ = fs::temp_directory_path() / name;
  fs::remove_all(path_);
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace dvx::test_support
