#include "dvx/hooks/hook_install.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using namespace dvx;

namespace {
const std::string kScript = "#!/bin/sh\n# git-dvx hook\n";
const std::string kForeign = "#!/bin/sh\necho mine\n";

class HookInstallTest : public testing::Test {
 protected:
  std::string read(const std::string& name) {
    return util::read_file_if_exists(dir_ / name).value_or("<none>");
  }
  unsigned mode(const std::string& name) {
    struct stat st {};
    EXPECT_EQ(0, ::stat((dir_ / name).c_str(), &st)) << name;
    return st.st_mode & 07777;
  }
  dvx::test_support::ScratchDir scratch_{"hooks"};
  const fs::path& dir_ = scratch_.path();
};
}  // namespace

TEST_F(HookInstallTest, WritesEveryHookExecutableIntoAMissingFolder) {
  fs::path hooks_dir = dir_ / "nested" / "hooks";
  auto names = hooks::install_hooks(hooks_dir, kScript, hooks::ExistingHook::refuse);
  EXPECT_EQ((std::vector<std::string>{"pre-commit", "pre-push", "post-checkout", "post-merge"}), names);
  for (const auto& name : names) {
    EXPECT_EQ(kScript, util::read_file(hooks_dir / name)) << name;
    struct stat st {};
    ASSERT_EQ(0, ::stat((hooks_dir / name).c_str(), &st));
    EXPECT_EQ(0755u, st.st_mode & 07777) << name;
    EXPECT_TRUE(hooks::is_dvx_hook(hooks_dir / name));
  }
  // Only the hooks: no chained copies, no temporaries.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(hooks_dir)) ++entries;
  EXPECT_EQ(4u, entries);
}

TEST_F(HookInstallTest, RefuseLeavesAForeignHookAndWritesNothing) {
  util::write_file_atomic(dir_ / "post-merge", kForeign, 0700);
  try {
    hooks::install_hooks(dir_, kScript, hooks::ExistingHook::refuse);
    FAIL() << "a foreign hook was overwritten";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(
        std::string(e.what()).find((dir_ / "post-merge").string() + " already exists and is not git-dvx's"),
        std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--chain"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read("post-merge"), kForeign);
  EXPECT_EQ(mode("post-merge"), 0700u);
  EXPECT_EQ(read("pre-push"), "<none>");  // checked before anything is written
  EXPECT_EQ(read("post-checkout"), "<none>");
  EXPECT_FALSE(hooks::is_dvx_hook(dir_ / "post-merge"));
}

TEST_F(HookInstallTest, ReinstallOverOurOwnHooksUpdatesThem) {
  util::write_file_atomic(dir_ / "pre-push", "#!/bin/sh\n# git-dvx hook (old version)\n", 0755);
  hooks::install_hooks(dir_, kScript, hooks::ExistingHook::refuse);
  EXPECT_EQ(read("pre-push"), kScript);
  EXPECT_EQ(read("pre-push.pre-dvx"), "<none>");  // our own hook is not chained
}

TEST_F(HookInstallTest, ReplaceOverwritesOnlyWhenAskedTo) {
  util::write_file_atomic(dir_ / "post-checkout", kForeign, 0755);
  hooks::install_hooks(dir_, kScript, hooks::ExistingHook::replace);
  EXPECT_EQ(read("post-checkout"), kScript);
  EXPECT_EQ(read("post-checkout.pre-dvx"), "<none>");
}

TEST_F(HookInstallTest, UninstallRemovesOursAndPutsChainedHooksBack) {
  util::write_file_atomic(dir_ / "pre-push", kForeign, 0755);
  hooks::install_hooks(dir_, kScript, hooks::ExistingHook::chain);
  util::write_file_atomic(dir_ / "applypatch-msg", kForeign, 0755);  // not ours, not one of ours
  auto removed = hooks::uninstall_hooks(dir_);
  EXPECT_EQ((std::vector<std::string>{"pre-commit", "pre-push", "post-checkout", "post-merge"}), removed);
  EXPECT_EQ(read("pre-push"), kForeign);
  EXPECT_EQ(read("pre-push.pre-dvx"), "<none>");
  EXPECT_EQ(read("post-checkout"), "<none>");
  EXPECT_EQ(read("post-merge"), "<none>");
  EXPECT_EQ(read("applypatch-msg"), kForeign);
  EXPECT_TRUE(hooks::uninstall_hooks(dir_).empty());  // a foreign pre-push is left alone
  EXPECT_EQ(read("pre-push"), kForeign);
}

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
