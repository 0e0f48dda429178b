#include "dvx/migrate/lfs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::migrate {

namespace {

bool is_hex(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// The attribute words of one line after its pattern, or nothing for a
// comment or blank line. Patterns may be quoted ("a b.bin"); git-lfs escapes
// spaces as [[:space:]], so the first unquoted blank ends the pattern.
std::string switch_line(const std::string& line, std::vector<std::string>& patterns) {
  std::size_t start = line.find_first_not_of(" \t");
  if (start == std::string::npos || line[start] == '#') return line;
  std::size_t end = start;
  if (line[start] == '"') {
    end = line.find('"', start + 1);
    end = end == std::string::npos ? line.size() : end + 1;
  } else {
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
  }
  std::string pattern = line.substr(start, end - start);
  std::istringstream words(line.substr(end));
  std::vector<std::string> attrs;
  bool lfs = false;
  bool minus_text = false;
  for (std::string w; words >> w;) {
    if (w == "filter=lfs") {
      lfs = true;
      w = "filter=dvx";
    } else if (w == "diff=lfs" || w == "merge=lfs") {
      continue;
    }
    minus_text = minus_text || w == "-text";
    attrs.push_back(w);
  }
  if (!lfs) return line;
  patterns.push_back(pattern);
  if (!minus_text) attrs.push_back("-text");
  std::string out = line.substr(0, end);
  for (const auto& a : attrs) out += " " + a;
  return out;
}

}  // namespace

AttributesSwitch switch_lfs_attributes(std::string_view text) {
  AttributesSwitch result;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t stop = nl == std::string_view::npos ? text.size() : nl;
    std::string line(text.substr(pos, stop - pos));
    bool cr = !line.empty() && line.back() == '\r';
    if (cr) line.pop_back();
    result.text += switch_line(line, result.patterns);
    if (cr) result.text += '\r';
    if (nl != std::string_view::npos) result.text += '\n';
    pos = stop + 1;
  }
  return result;
}

AdoptResult adopt_lfs_objects(const fs::path& lfs_objects, const cache::ObjectStore& store) {
  AdoptResult result;
  std::error_code ec;
  if (!fs::is_directory(lfs_objects, ec)) return result;
  for (auto it = fs::recursive_directory_iterator(lfs_objects); it != fs::recursive_directory_iterator();
       ++it) {
    if (!it->is_regular_file()) continue;
    std::string oid = it->path().filename().string();
    // git-lfs keeps partial downloads in lfs/incomplete and lfs/tmp, never here.
    if (!is_hex(oid, 64) || it->path().parent_path().filename() != oid.substr(2, 2)) continue;
    if (store.contains(oid)) {
      ++result.present;
      continue;
    }
    const fs::path& src = it->path();
    fs::path dest = store.download_path(oid);
    fs::create_directories(dest.parent_path());
    bool linked = false;
    if (::link(src.c_str(), dest.c_str()) == 0) {
      linked = true;
    } else {
      util::FileReader in(src);
      int out = ::open(dest.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444);
      if (out < 0) fail(ErrorKind::permanent, "cannot create {}: {}", dest.string(), std::strerror(errno));
      bool ok = util::copy_in_kernel(in.fd(), out, fs::file_size(src));
      ::close(out);
      if (!ok) fail(ErrorKind::permanent, "cannot copy {} into the cache", src.string());
    }
    auto digest = util::sha256_file(dest);
    try {
      store.adopt({oid, digest.size}, dest, digest, src.string());
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::corrupt) throw;
      result.corrupt.push_back(src.string());
      continue;
    }
    ++result.adopted;
    result.linked += linked ? 1 : 0;
    result.bytes += digest.size;
  }
  return result;
}

std::string hook_tool(std::string_view script) {
  if (script.find("git lfs ") != std::string_view::npos || script.find("git-lfs") != std::string_view::npos)
    return "git-lfs";
  if (script.find("dvc git-hook") != std::string_view::npos) return "DVC";
  return "";
}

}  // namespace dvx::migrate
