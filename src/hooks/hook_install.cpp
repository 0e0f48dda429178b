#include "dvx/hooks/hook_install.hpp"

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::hooks {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kMarker = "git-dvx hook";
}  // namespace

bool is_dvx_hook(const fs::path& hook) {
  auto text = util::read_file_if_exists(hook);
  return text && text->find(kMarker) != std::string::npos;
}

std::vector<std::string> install_hooks(const fs::path& hooks_dir, const std::string& script,
                                       ExistingHook policy) {
  std::error_code ec;
  fs::create_directories(hooks_dir, ec);
  if (ec) fail(ErrorKind::permanent, "cannot create hooks folder {}: {}", hooks_dir.string(), ec.message());
  // Check every hook first so that a refusal writes nothing.
  for (const auto& name : kHookNames) {
    fs::path hook = hooks_dir / name;
    if (!fs::exists(hook) || is_dvx_hook(hook)) continue;
    if (policy == ExistingHook::refuse)
      fail(ErrorKind::usage,
           "{} already exists and is not git-dvx's; rerun with --chain to keep it and run it first, "
           "or --force to replace it",
           hook.string());
    fs::path kept = hooks_dir / (name + ".pre-dvx");
    if (policy == ExistingHook::chain && fs::exists(kept))
      fail(ErrorKind::usage,
           "{} is not git-dvx's and {} (a hook chained earlier) exists too; merge them into {} and "
           "rerun, or use --force to replace {}",
           hook.string(), kept.string(), kept.string(), hook.string());
  }
  for (const auto& name : kHookNames) {
    fs::path hook = hooks_dir / name;
    if (policy == ExistingHook::chain && fs::exists(hook) && !is_dvx_hook(hook)) {
      fs::path kept = hooks_dir / (name + ".pre-dvx");
      fs::rename(hook, kept, ec);
      if (ec)
        fail(ErrorKind::permanent, "cannot keep {} as {}: {}", hook.string(), kept.string(), ec.message());
    }
    util::write_file_atomic(hook, script, 0755);
  }
  return kHookNames;
}

std::vector<std::string> uninstall_hooks(const fs::path& hooks_dir) {
  std::vector<std::string> removed;
  for (const auto& name : kHookNames) {
    fs::path hook = hooks_dir / name;
    if (!is_dvx_hook(hook)) continue;
    fs::remove(hook);
    fs::path kept = hooks_dir / (name + ".pre-dvx");
    std::error_code ec;
    if (fs::exists(kept)) fs::rename(kept, hook, ec);
    removed.push_back(name);
  }
  return removed;
}

}  // namespace dvx::hooks
