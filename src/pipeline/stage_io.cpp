#include "pipeline/stage_io.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

extern char** environ;

namespace dvx::pipeline::detail {

namespace {

// environ with `env` replacing or adding variables; `storage` owns the strings.
std::vector<char*> environment(const StageEnv& env, std::vector<std::string>& storage) {
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (env.count(std::string(entry.substr(0, eq)))) continue;
    storage.emplace_back(entry);
  }
  for (const auto& [k, v] : env) storage.push_back(k + "=" + v);
  std::vector<char*> out;
  for (auto& s : storage) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int run_shell(const fs::path& cwd, const std::string& cmd, const StageEnv& env) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::string sh = "/bin/sh";
  std::string dash_c = "-c";
  std::string command = cmd;
  char* argv[] = {sh.data(), dash_c.data(), command.data(), nullptr};
  std::vector<std::string> storage;
  auto envp = environment(env, storage);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) fail_errno("cannot start /bin/sh", rc);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) fail_errno("waitpid", errno);
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

void remove_path(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
  if (ec) fail(ErrorKind::permanent, "cannot remove {}: {}", p.string(), ec.message());
}

}  // namespace

StageEnv stage_env(const fs::path& root, const std::string& head_commit, const Stage& stage,
                   const LockStage& current) {
  nlohmann::json deps = nlohmann::json::object();
  for (const auto& d : current.deps) deps[d.path] = d.oid;
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [file, keys] : current.params)
    for (const auto& [k, v] : keys) params[file][k] = v;
  // Absolute, symlinks resolved, no trailing '/': what `pwd -P` prints there.
  std::error_code ec;
  std::string root_text = fs::weakly_canonical(root, ec).string();
  if (ec) root_text = root.string();
  while (root_text.size() > 1 && root_text.back() == '/') root_text.pop_back();
  return {{"DVX_COMMIT", head_commit},
          {"DVX_STAGE", stage.name},
          {"DVX_DEPS_JSON", deps.dump()},
          {"DVX_PARAMS_JSON", params.dump()},
          {"DVX_REPO_ROOT", root_text}};
}

int run_stage_commands(const fs::path& root, const Stage& stage, const StageEnv& env) {
  fs::path cwd = stage.wdir.empty() ? root : root / stage.wdir;
  std::error_code ec;
  if (!fs::is_directory(cwd, ec))
    fail(ErrorKind::usage, "stage '{}': wdir '{}' is not a folder", stage.name, stage.wdir);
  for (const auto& cmd : stage.cmd) {
    int rc = run_shell(cwd, cmd, env);
    if (rc != 0) return rc;
  }
  return 0;
}

void prepare_outputs(const fs::path& root, const Stage& stage) {
  for (const auto* list : {&stage.outs, &stage.metrics}) {
    for (const auto& o : *list) {
      fs::path p = root / o.path;
      remove_path(p);
      std::error_code ec;
      fs::create_directories(p.parent_path(), ec);
      if (ec)
        fail(ErrorKind::permanent, "cannot create folder {}: {}", p.parent_path().string(), ec.message());
    }
  }
}

void save_outputs(const fs::path& root, const Stage& stage, cache::ObjectStore& store, Hasher& hasher,
                  LockStage& entry) {
  entry.outs.clear();
  entry.metrics.clear();
  auto save = [&](const PathDecl& o, std::vector<LockEntry>& dest) {
    fs::path abs = root / o.path;
    std::error_code ec;
    auto st = fs::status(abs, ec);
    if (ec || !fs::exists(st))
      fail(ErrorKind::usage, "stage '{}' did not produce its out '{}'", stage.name, o.path);
    LockEntry e;
    e.path = o.path;
    if (fs::is_directory(st)) {
      if (!o.cache) {
        e = *hasher.hash(o.path);
      } else {
        std::vector<DirFile> files;
        for (auto it = fs::recursive_directory_iterator(abs); it != fs::recursive_directory_iterator();
             ++it) {
          if (!it->is_regular_file()) continue;
          std::string rel = it->path().lexically_relative(abs).generic_string();
          auto ptr = store.insert_file(it->path());
          hasher.remember(it->path(), o.path + "/" + rel, ptr.oid);
          files.push_back({rel, ptr.oid, ptr.size});
        }
        std::string manifest = folder_manifest(files);
        std::size_t off = 0;
        auto ptr = store.insert([&](char* buf, std::size_t size) {
          std::size_t n = std::min(size, manifest.size() - off);
          std::memcpy(buf, manifest.data() + off, n);
          off += n;
          return n;
        });
        e.oid = ptr.oid;
        e.nfiles = files.size();
        e.size = 0;
        for (const auto& f : files) e.size += f.size;
      }
    } else if (o.cache) {
      auto ptr = store.insert_file(abs);
      hasher.remember(abs, o.path, ptr.oid);
      e.oid = ptr.oid;
      e.size = ptr.size;
    } else {
      e = *hasher.hash(o.path);
    }
    dest.push_back(std::move(e));
  };
  for (const auto& o : stage.outs) save(o, entry.outs);
  for (const auto& m : stage.metrics) save(PathDecl{m.path, true, m.line}, entry.metrics);
}

bool can_restore(const LockStage& record, cache::ObjectStore& store) {
  for (const auto* list : {&record.outs, &record.metrics}) {
    for (const auto& e : *list) {
      if (!store.contains(e.oid)) return false;
      if (e.is_dir()) {
        auto manifest = util::read_file(store.object_path(e.oid));
        for (const auto& f : parse_folder_manifest(manifest, e.oid))
          if (!store.contains(f.oid)) return false;
      }
    }
  }
  return true;
}

void restore_outputs(const fs::path& root, const LockStage& record, cache::ObjectStore& store,
                     Hasher& hasher) {
  for (const auto* list : {&record.outs, &record.metrics}) {
    for (const auto& e : *list) {
      fs::path abs = root / e.path;
      remove_path(abs);
      if (e.is_dir()) {
        auto manifest = util::read_file(store.object_path(e.oid));
        std::error_code ec;
        fs::create_directories(abs, ec);
        for (const auto& f : parse_folder_manifest(manifest, e.oid)) {
          fs::path dest = abs / f.relpath;
          fs::create_directories(dest.parent_path(), ec);
          store.materialize({f.oid, f.size}, dest);
          hasher.remember(dest, e.path + "/" + f.relpath, f.oid);
        }
      } else {
        std::error_code ec;
        fs::create_directories(abs.parent_path(), ec);
        store.materialize({e.oid, e.size}, abs);
        hasher.remember(abs, e.path, e.oid);
      }
    }
  }
}

std::string RunCache::key(const Stage& stage, const LockStage& current) {
  nlohmann::json j;
  j["cmd"] = stage.cmd;
  j["wdir"] = stage.wdir;
  nlohmann::json deps = nlohmann::json::array();
  for (const auto& d : current.deps) deps.push_back({d.path, d.oid});
  j["deps"] = deps;
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [file, keys] : current.params)
    for (const auto& [k, v] : keys) params[file][k] = v;
  j["params"] = params;
  nlohmann::json outs = nlohmann::json::array();
  for (const auto& o : stage.outs) outs.push_back(o.path);
  j["outs"] = outs;
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& m : stage.metrics) metrics.push_back(m.path);
  j["metrics"] = metrics;
  return util::sha256_hex(j.dump());
}

std::optional<LockStage> RunCache::lookup(const std::string& key) const {
  auto text = util::read_file_if_exists(dir_ / key.substr(0, 2) / key);
  if (!text) return std::nullopt;
  try {
    auto lock = parse_lock(*text, (dir_ / key).string());
    auto it = lock.stages.find("run");
    if (it == lock.stages.end()) return std::nullopt;
    return it->second;
  } catch (const Error&) {
    return std::nullopt;  // a damaged record is a cache miss
  }
}

void RunCache::store(const std::string& key, const LockStage& entry) const {
  LockFile lock;
  lock.stages["run"] = entry;
  fs::path dir = dir_ / key.substr(0, 2);
  std::error_code ec;
  fs::create_directories(dir, ec);
  util::write_file_atomic(dir / key, format_lock(lock));
}

}  // namespace dvx::pipeline::detail
