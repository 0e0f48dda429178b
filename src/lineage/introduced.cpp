// "The commit that introduced that version" of a file, with an on-disk cache.
#include <fmt/format.h>

#include <set>
#include <sstream>

#include "dvx/git/dvx_paths.hpp"
#include "dvx/lineage/graph.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::lineage {

namespace {

// <state>/lineage/introduced.tsv: "<commit>\t<path>\t<oid>\t<introducing commit or ->"
// The history below a commit never changes, so answers never go stale.
fs::path cache_file(const git::Repo& repo) {
  return git::state_dir(repo) / "lineage" / "introduced.tsv";
}

using Key = std::pair<std::string, std::string>;

std::map<Key, std::string> load_cache(const fs::path& file, const std::string& commit) {
  std::map<Key, std::string> out;
  std::optional<std::string> text;
  try {
    text = util::read_file_if_exists(file);
  } catch (const Error&) {
    return out;  // an unreadable cache is no cache
  }
  if (!text) return out;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
      std::size_t tab = line.find('\t', start);
      f.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (f.size() != 4 || f[0] != commit) continue;
    out[{f[1], f[2]}] = f[3];
  }
  return out;
}

void save_cache(const fs::path& file, const std::string& commit, const std::map<Key, std::string>& fresh) {
  try {
    std::string text = util::read_file_if_exists(file).value_or("");
    for (const auto& [key, intro] : fresh) {
      if (key.first.find_first_of("\t\n") != std::string::npos) continue;
      text += fmt::format("{}\t{}\t{}\t{}\n", commit, key.first, key.second, intro);
    }
    fs::create_directories(file.parent_path());
    util::write_file_atomic(file, text);
  } catch (const std::exception&) {
    // A read-only repository still answers; it just does not remember.
  }
}

}  // namespace

std::map<Key, Introduced> find_introductions(const git::Repo& repo, const std::string& commit_id,
                                             const std::vector<Key>& path_oids) {
  fs::path file = cache_file(repo);
  auto cached = load_cache(file, commit_id);
  std::map<Key, std::string> answers;
  std::set<std::string> missing_paths;
  for (const auto& key : path_oids) {
    if (auto it = cached.find(key); it != cached.end())
      answers[key] = it->second;
    else
      missing_paths.insert(key.first);
  }
  if (!missing_paths.empty()) {
    std::vector<std::string> paths(missing_paths.begin(), missing_paths.end());
    auto changes = git::path_changes(repo, commit_id, paths, git::MergeMode::full);
    ContentReader reader(repo);
    std::map<Key, std::string> fresh;
    for (const auto& path : paths) {
      std::map<std::string, std::string> oldest;  // oid -> commit; changes are newest first
      for (const auto& change : changes[path])
        if (change.blob_id) oldest[reader.of_blob(*change.blob_id).oid] = change.commit;
      for (const auto& key : path_oids) {
        if (key.first != path || answers.count(key)) continue;
        auto it = oldest.find(key.second);
        answers[key] = fresh[key] = it == oldest.end() ? "-" : it->second;
      }
    }
    save_cache(file, commit_id, fresh);
  }
  auto tags = git::tags_by_commit(repo);
  std::map<Key, Introduced> out;
  std::map<std::string, std::int64_t> times;
  for (const auto& [key, commit] : answers) {
    if (commit == "-") continue;
    auto t = times.find(commit);
    if (t == times.end()) t = times.emplace(commit, git::commit_info(repo, commit).author_time).first;
    Introduced intro{commit, {}, t->second};
    if (auto it = tags.find(commit); it != tags.end()) intro.tags = it->second;
    out[key] = std::move(intro);
  }
  return out;
}

}  // namespace dvx::lineage
