#include "dvx/hooks/auto_install.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/stat.h>

#include "dvx/hooks/hook_install.hpp"
#include "dvx/util/error.hpp"

namespace dvx::hooks {

namespace fs = std::filesystem;

namespace {

// A hook of the script's exact size is taken as ours without reading it, so
// the common case (all in place) is one stat per hook; any other size is read.
bool in_place(const fs::path& hook, std::size_t script_size) {
  struct stat st {};
  if (::stat(hook.c_str(), &st) != 0 || !(st.st_mode & S_IXUSR)) return false;
  return static_cast<std::size_t>(st.st_size) == script_size || is_dvx_hook(hook);
}

}  // namespace

void ensure_hooks(const git::Repo& repo, const std::string& script, std::ostream& err) {
  fs::path dir;
  try {
    if (repo.is_bare()) return;
    dir = repo.hooks_dir();
    std::vector<std::string> foreign;
    bool missing = false;
    for (const auto& name : kHookNames) {
      fs::path hook = dir / name;
      if (in_place(hook, script.size())) continue;
      missing = true;
      std::error_code ec;
      if (fs::exists(hook, ec) && !is_dvx_hook(hook)) foreign.push_back(name);
    }
    if (!missing) return;
    if (!repo.config_bool(std::string(kAutoInstallKey)).value_or(true)) return;
    if (!repo.config_set_beyond_repo("filter.dvx.process")) return;
    install_hooks(dir, script, ExistingHook::chain);
    if (!foreign.empty())
      err << fmt::format(
          "git-dvx: installed git-dvx's hooks in {}; your {} hook{} now run{} first from <name>.pre-dvx "
          "(set 'git config {} false' to manage hooks yourself)\n",
          dir.string(), fmt::join(foreign, ", "), foreign.size() == 1 ? "" : "s",
          foreign.size() == 1 ? "s" : "", kAutoInstallKey);
  } catch (const std::exception& e) {
    err << fmt::format(
        "git-dvx: warning: could not install git-dvx's hooks{}: {}; 'git push' will not upload data "
        "until they are there (run 'git dvx install --local --chain', or set 'git config {} false' if "
        "you manage hooks yourself)\n",
        dir.empty() ? "" : " in " + dir.string(), e.what(), kAutoInstallKey);
  }
}

}  // namespace dvx::hooks
