#include "dvx/hooks/hook_install.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace fs = std::filesystem;
using namespace dvx;

namespace {
const std::string kScript = "#!/bin/sh\n# git-dvx hook\n";
const std::string kForeign = "#!/bin/sh\necho mine\n";

class HookInstallTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dvx-hooks-test-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string read(const std::string& name) {
    return util::read_file_if_exists(dir_ / name).value_or("<none>");
  }
  fs::path dir_;
};
}  // namespace

TEST_F(HookInstallTest, ChainKeepsAForeignHookAndRunsOurs) {
  util::write_file_atomic(dir_ / "pre-push", kForeign, 0755);
  hooks::install_hooks(dir_, kScript, hooks::ExistingHook::chain);
  EXPECT_EQ(read("pre-push"), kScript);
  EXPECT_EQ(read("pre-push.pre-dvx"), kForeign);
  EXPECT_TRUE(hooks::is_dvx_hook(dir_ / "post-merge"));
  EXPECT_FALSE(hooks::is_dvx_hook(dir_ / "pre-push.pre-dvx"));
}

TEST_F(HookInstallTest, ChainNeverReplacesAnEarlierChainedHook) {
  util::write_file_atomic(dir_ / "pre-push", kForeign, 0755);
  util::write_file_atomic(dir_ / "pre-push.pre-dvx", "#!/bin/sh\necho first\n", 0755);
  try {
    hooks::install_hooks(dir_, kScript, hooks::ExistingHook::chain);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("pre-push.pre-dvx"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read("pre-push"), kForeign);
  EXPECT_EQ(read("pre-push.pre-dvx"), "#!/bin/sh\necho first\n");
  EXPECT_EQ(read("post-checkout"), "<none>") << "a refusal writes nothing";
}
