#include "dvx/quality/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "dvx/quality/version_file.hpp"
#include "dvx/stats/read_table.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::quality {
namespace {

namespace fs = std::filesystem;
constexpr const char* kConfig = "dvx.toml";

struct Version {
  Source source;
  std::string rev;
  std::map<std::string, std::string> index_blobs;  // staged: path -> blob id

  std::string label(const std::string& path) const {
    if (source == Source::worktree) return path;
    return fmt::format("{} at {}", path, source == Source::staged ? "the index" : rev);
  }
  VersionFile open(const git::Repo& repo, const std::string& path) const {
    if (source == Source::revision) return open_file_version(repo, rev, path);
    if (source == Source::worktree) return open_file_version(repo, "", path);
    auto it = index_blobs.find(path);
    if (it == index_blobs.end()) fail(ErrorKind::not_found, "{} does not exist", label(path));
    return open_blob(repo, repo.read_blob_id(it->second), label(path));
  }
};

stats::Table read_version(const git::Repo& repo, const Version& v, const std::string& path) {
  const VersionFile f = v.open(repo, path);
  stats::TableReadOptions opts;
  opts.label = v.label(path);
  return stats::read_table(path, f.local, opts);
}

FileResult validate_file(const git::Repo& repo, const Version& v, const std::string& path,
                         const std::vector<const CheckSet*>& sets, std::size_t sample, bool profile_columns) {
  FileResult res;
  res.path = path;
  for (const auto* s : sets) res.patterns.push_back(s->pattern);
  try {
    stats::Table table = read_version(repo, v, path);
    res.rows = table.rows;
    if (profile_columns)
      for (const auto& c : table.columns) res.columns.push_back(stats::profile_column(c));
    for (const auto* s : sets) {
      auto found = check_table(table, *s, sample);
      res.violations.insert(res.violations.end(), found.begin(), found.end());
    }
    for (const auto* s : sets) {
      if (!s->drift) continue;
      Version ref{Source::revision, s->drift->rev, {}};
      repo.resolve_commit(ref.rev);
      auto drifted = check_drift(read_version(repo, ref, path), table, *s->drift);
      res.violations.insert(res.violations.end(), drifted.begin(), drifted.end());
    }
  } catch (const Error& e) {
    res.error = e.what();
  }
  return res;
}

std::optional<std::string> config_text(const git::Repo& repo, const Version& v) {
  if (v.source == Source::worktree) {
    fs::path file = repo.workdir() / kConfig;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    return util::read_file(file);
  }
  if (v.source == Source::revision) return repo.read_blob(v.rev, kConfig);
  auto it = v.index_blobs.find(kConfig);
  if (it == v.index_blobs.end()) return std::nullopt;
  return repo.read_blob_id(it->second);
}

std::string config_label(const Version& v) {
  if (v.source == Source::worktree) return kConfig;
  return fmt::format("{} at {}", kConfig, v.source == Source::staged ? "the index" : v.rev);
}

// Files in the worktree (tracked or not) that a pattern may match.
std::vector<std::string> worktree_files(const git::Repo& repo) {
  std::vector<std::string> out;
  const fs::path root = repo.workdir();
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) out.push_back(it->path().lexically_relative(root).generic_string());
  }
  return out;
}

ValidationReport run(const git::Repo& repo, const Version& v, const Checks& checks,
                     std::vector<std::string> candidates, const std::vector<std::string>& requested,
                     std::size_t sample, bool profile_columns) {
  ValidationReport report;
  report.source = v.source == Source::worktree ? "worktree" : v.source == Source::staged ? "index" : v.rev;
  report.has_checks = !checks.empty();
  if (!requested.empty()) candidates = requested;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (const auto& path : candidates) {
    auto sets = checks.for_path(path);
    if (sets.empty()) {
      if (!requested.empty()) report.unmatched.push_back(path);
      continue;
    }
    report.files.push_back(validate_file(repo, v, path, sets, sample, profile_columns));
  }
  return report;
}

}  // namespace

bool ValidationReport::ok() const {
  return std::all_of(files.begin(), files.end(), [](const FileResult& f) { return f.ok(); });
}

Checks worktree_checks(const git::Repo& repo) {
  Version v{Source::worktree, "", {}};
  auto text = config_text(repo, v);
  return text ? parse_checks(*text, kConfig) : Checks{};
}

ValidationReport validate_worktree_files(const git::Repo& repo, const Checks& checks,
                                         const std::vector<std::string>& paths) {
  Version v{Source::worktree, "", {}};
  std::vector<std::string> matched;
  for (const auto& p : paths)
    if (!checks.for_path(p).empty()) matched.push_back(p);
  if (matched.empty()) return ValidationReport{"worktree", {}, {}, !checks.empty()};
  return run(repo, v, checks, {}, matched, kDefaultSample, false);
}

ValidationReport validate(const git::Repo& repo, const ValidateRequest& req) {
  Version v{req.source, req.rev, {}};
  if (req.source == Source::revision) repo.resolve_commit(req.rev);
  std::vector<std::string> candidates;
  if (req.source == Source::staged) {
    for (auto& e : repo.list_index()) v.index_blobs.emplace(e.path, e.blob_id);
  }
  auto text = config_text(repo, v);
  Checks checks = text ? parse_checks(*text, config_label(v)) : Checks{};
  if (checks.empty()) {
    ValidationReport none;
    none.source = req.source == Source::worktree ? "worktree"
                  : req.source == Source::staged ? "index"
                                                 : req.rev;
    none.unmatched = req.paths;
    return none;
  }
  if (req.source == Source::worktree) {
    if (req.paths.empty()) candidates = worktree_files(repo);
  } else if (req.source == Source::revision) {
    for (auto& e : repo.list_tree(req.rev)) candidates.push_back(std::move(e.path));
  } else {
    std::map<std::string, std::string> head;
    if (req.changed_only && repo.has_head())
      for (auto& e : repo.list_tree("HEAD")) head.emplace(std::move(e.path), std::move(e.blob_id));
    auto head_config = head.find(kConfig);
    const bool config_changed =
        !req.changed_only || head_config == head.end() || head_config->second != v.index_blobs.at(kConfig);
    for (const auto& [path, blob] : v.index_blobs) {
      auto it = head.find(path);
      if (config_changed || it == head.end() || it->second != blob) candidates.push_back(path);
    }
  }
  return run(repo, v, checks, std::move(candidates), req.paths, req.sample, req.profile_columns);
}

}  // namespace dvx::quality
