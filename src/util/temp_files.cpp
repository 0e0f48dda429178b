#include "dvx/util/temp_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <ctime>
#include <vector>

#include "dvx/util/subprocess.hpp"

namespace dvx::util {

std::optional<pid_t> temp_name_pid(std::string_view name) {
  // ".<name>.<pid>.<n>.download" (downloads), ".dvx-<name>.<pid>.<n>.<hex>.tmp" (AtomicFile).
  std::vector<std::string_view> fields;
  for (std::size_t pos = 0; pos <= name.size();) {
    std::size_t dot = name.find('.', pos);
    if (dot == std::string_view::npos) dot = name.size();
    fields.push_back(name.substr(pos, dot - pos));
    pos = dot + 1;
  }
  std::size_t back = name.ends_with(".tmp") ? 4 : 3;
  if (fields.size() < back + 1) return std::nullopt;
  std::string_view digits = fields[fields.size() - back];
  pid_t pid = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc() || digits.empty() || ptr != digits.data() + digits.size() || pid <= 0)
    return std::nullopt;
  return pid;
}

bool is_atomic_temp_name(std::string_view name) {
  return name.size() > 9 && name.substr(0, 5) == ".dvx-" && name.substr(name.size() - 4) == ".tmp";
}

std::vector<TempFile> find_temporaries(const fs::path& dir,
                                       const std::function<bool(std::string_view)>& is_temp) {
  std::vector<TempFile> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  std::time_t now = std::time(nullptr);
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!is_temp(name)) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    out.push_back({it->path(), static_cast<std::uint64_t>(st.st_size),
                   static_cast<std::int64_t>(now - st.st_mtim.tv_sec), temp_name_pid(name)});
  }
  return out;
}

bool temp_is_stale(const TempFile& file, std::chrono::seconds grace) {
  if (file.age_seconds < grace.count()) return false;
  // A live process with that pid (ours, or a reused pid): keep the file.
  if (file.pid && process_alive(*file.pid)) return false;
  return true;
}

bool remove_if_stale(const TempFile& file, std::chrono::seconds grace) {
  return temp_is_stale(file, grace) && ::unlink(file.path.c_str()) == 0;
}

}  // namespace dvx::util
