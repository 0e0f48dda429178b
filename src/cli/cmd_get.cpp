// `git dvx get URL PATH [--rev REV] [-o OUT]` (as `dvc get`): one file or
// folder of another git-dvx repository at a revision, without cloning it.
// git fetches that one commit into a temporary bare repository (`--depth 1`,
// `--filter=blob:limit=1024`: pointers and small files come, large plain
// blobs only when read; a server that does not filter sends them all); the
// data comes from the store that commit's `.dvxconfig` names, each object
// verified by SHA-256 before it gets its name.
#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdlib>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/remote/remote_config.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = (fs::path(base && *base ? base : "/tmp") / "git-dvx-get.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) fail(ErrorKind::permanent, "cannot create a temporary folder in {}", tmpl);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

bool is_local_url(const std::string& url) {
  return url.find("://") == std::string::npos && url.find(':') == std::string::npos;
}

// The default store of the fetched commit's .dvxconfig.
remote::RemoteConfig source_store(const fs::path& bare, const std::string& commit, const std::string& url,
                                  const fs::path& scratch) {
  auto entries = git::ls_tree(bare, commit, remote::kDvxConfigFile);
  if (entries.empty())
    fail(ErrorKind::usage, "{} has no {} at {}: no store to get data from", url, remote::kDvxConfigFile,
         commit.substr(0, 12));
  fs::create_directories(scratch);
  util::write_file_atomic(scratch / remote::kDvxConfigFile, git::read_blob_text(bare, entries[0].blob_id));
  auto set = remote::load_remotes(scratch, remote::GitConfigValues{});
  auto config = remote::select_remote(set);
  // A relative directory store is relative to the source repository's root.
  if (const auto* r = set.find(config.name);
      r && is_local_url(url) && remote::url_scheme(r->raw_url) == "file" &&
      !r->raw_url.starts_with("file://") && fs::path(r->raw_url).is_relative())
    config.url = (fs::absolute(url) / r->raw_url).lexically_normal().string();
  return config;
}

int run_get(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("url", po::value<std::string>(), "the repository (any URL git can fetch)")(
      "path", po::value<std::string>(), "file or folder in it")("rev", po::value<std::string>(),
                                                                "branch, tag or commit (default: its HEAD)")(
      "out,o", po::value<std::string>(), "where to write it (default: the name of PATH here)")(
      "force,f", "replace OUT when it exists");
  po::positional_options_description pos;
  pos.add("url", 1).add("path", 1);
  auto parsed = parse_args(args, "get URL PATH [--rev REV] [-o OUT] [--force]", options, pos);
  if (parsed.help) return 0;
  if (!parsed.vars.count("url") || !parsed.vars.count("path"))
    fail(ErrorKind::usage, "usage: git dvx get URL PATH");
  std::string url = parsed.vars["url"].as<std::string>();
  std::string path = parsed.vars["path"].as<std::string>();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  std::string rev = parsed.vars.count("rev") ? parsed.vars["rev"].as<std::string>() : "HEAD";
  fs::path out =
      parsed.vars.count("out") ? fs::path(parsed.vars["out"].as<std::string>()) : fs::path(path).filename();

  TempDir tmp;
  fs::path bare = tmp.path / "repo.git";
  auto commit = git::fetch_one_commit(bare, url, rev, core::kMaxPointerSize);
  auto entries = git::ls_tree(bare, commit, path);
  if (entries.empty()) fail(ErrorKind::not_found, "'{}' is not in {} at {}", path, url, rev);
  bool single = entries.size() == 1 && entries[0].path == path;
  if (single && fs::is_directory(out)) out /= fs::path(path).filename();
  std::error_code ec;
  if (fs::exists(out, ec) && !parsed.vars.count("force"))
    fail(ErrorKind::usage, "'{}' exists: remove it or use --force", out.string());

  std::optional<transfer::OpenRemote> store;
  std::uint64_t bytes = 0;
  std::size_t from_store = 0;
  fs::path staging = tmp.path / "files";
  for (const auto& e : entries) {
    fs::path dest = staging / (single ? fs::path("file") : fs::path(e.path).lexically_relative(path));
    fs::create_directories(dest.parent_path());
    std::optional<core::Pointer> pointer;
    if (e.size < core::kMaxPointerSize) {
      auto text = git::read_blob_text(bare, e.blob_id);
      pointer = core::parse_pointer(text);
      if (!pointer) util::write_file_atomic(dest, text);
    } else {
      git::read_blob_to_file(bare, e.blob_id, dest);
    }
    if (pointer && pointer->size > 0) {
      if (!store)
        store = transfer::open_transfer_remote(source_store(bare, commit, url, tmp.path / "config"));
      auto digest = store->remote->get(remote::object_key(pointer->oid), dest);
      if (digest.hex != pointer->oid || digest.size != pointer->size)
        fail(ErrorKind::corrupt, "{}: object {} of '{}' is corrupt (got sha256 {}, {} bytes)",
             store->remote->describe(), pointer->oid, e.path, digest.hex, digest.size);
      ++from_store;
    } else if (pointer) {
      util::write_file_atomic(dest, "");
    }
    ::chmod(dest.c_str(), (e.mode & 0111) ? 0755 : 0644);
    bytes += fs::file_size(dest);
  }
  // Everything arrived and was verified: only now does OUT appear.
  if (fs::exists(out, ec)) fs::remove_all(out);
  if (!out.parent_path().empty()) fs::create_directories(out.parent_path());
  fs::rename(single ? staging / "file" : staging, out, ec);
  if (ec) {  // another filesystem
    fs::copy(single ? staging / "file" : staging, out, fs::copy_options::recursive);
  }
  fmt::print("{} file{} ({}) of {} at {} -> {}{}\n", entries.size(), entries.size() == 1 ? "" : "s",
             util::human_size(bytes), url, commit.substr(0, 12), out.string(),
             store ? fmt::format(" ({} from store '{}')", from_store, store->config.name) : "");
  return 0;
}

DVX_COMMAND("get",
            "download a file or folder of another git-dvx repository at a revision, without cloning it",
            run_get);

}  // namespace
}  // namespace dvx::cli
