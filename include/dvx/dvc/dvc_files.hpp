#pragma once
// DVC's own formats, read so that a DVC project can move to git-dvx
// (docs/coming-from-dvc.md): `.dvc` files of DVC 2.x (`md5:`) and 3.x
// (`hash: md5`), the `.dir` manifests of tracked folders, `.dvc/config`.
// Hashes are DVC's md5 (hex); a folder's ends in ".dir".
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::dvc {

namespace fs = std::filesystem;

// One entry of a .dvc file's `outs` (or of a dvc.lock stage's deps/outs).
struct DvcOut {
  std::string path;  // as written: relative to the .dvc file's folder
  std::string md5;   // 32 hex digits, + ".dir" for a folder; empty when not committed yet
  std::optional<std::uint64_t> size;
  std::optional<std::uint64_t> nfiles;
  // DVC 2.x hashed text files after turning CRLF into LF; 3.x ("hash: md5")
  // hashes the bytes. Its objects also live in different cache folders.
  bool legacy = true;
  bool cache = true;
  bool is_dir() const { return md5.ends_with(".dir"); }
};

struct DvcFile {
  std::vector<DvcOut> outs;
  std::vector<std::string>
      unsupported;  // top-level keys other than outs/md5/wdir/frozen (deps of imports, ...)
};

// Throws Error(corrupt) naming `filename` for YAML that is not a .dvc file.
DvcFile parse_dvc_file(std::string_view text, const std::string& filename);

// A `.dir` manifest: JSON list of {"md5": ..., "relpath": ...}.
struct DirEntry {
  std::string relpath;  // '/' separated, relative to the folder
  std::string md5;
};
std::vector<DirEntry> parse_dir_manifest(std::string_view text, const std::string& what);

// `.dvc/config` (and `.dvc/config.local` over it): INI as configobj writes it.
struct DvcRemote {
  std::string name;
  std::map<std::string, std::string> options;  // url, region, endpointurl, profile, ...
};
struct DvcConfig {
  std::string default_remote;            // [core] remote
  std::vector<DvcRemote> remotes;        // in file order
  std::optional<std::string> cache_dir;  // [cache] dir, relative to .dvc/ when relative
  const DvcRemote* find(std::string_view name) const;
};
DvcConfig parse_dvc_config(std::string_view text, const std::string& filename);
// <dvc_dir>/config, then config.local over it; empty when neither exists.
DvcConfig load_dvc_config(const fs::path& dvc_dir);

// md5 of bytes and of a file (hex), and DVC 2.x's md5 of a text file (CRLF
// read as LF; binary files are hashed as they are).
std::string md5_hex(std::string_view data);
std::string md5_file(const fs::path& file);
std::string legacy_md5_file(const fs::path& file);

}  // namespace dvx::dvc
