#include "dvx/gc/last_seen.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <unordered_map>

#include "dvx/core/pointer.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/git/history.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/util/error.hpp"

namespace dvx::gc {

namespace {

// Unreachable commits are walked only up to this many (newest listed first
// is not guaranteed: fsck lists by object id). Labels are a convenience.
constexpr std::size_t kMaxCommits = 2000;

}  // namespace

void describe_unreachable(const git::Repo& repo, std::vector<Candidate>& candidates) {
  std::unordered_map<std::string, Candidate*> unlabeled;
  for (auto& c : candidates)
    if (c.where.empty()) unlabeled[c.oid] = &c;
  if (unlabeled.empty()) return;

  git::UnreachableObjects unreachable;
  try {
    unreachable = git::fsck_unreachable(repo.common_dir());
  } catch (const Error&) {
    return;
  }
  auto& commits = unreachable.commits;
  if (commits.size() > kMaxCommits) commits.resize(kMaxCommits);
  // Newest first, so that the label names the last commit that had it.
  std::vector<std::pair<std::int64_t, std::string>> dated;
  for (const auto& c : commits) {
    try {
      dated.emplace_back(git::commit_info(repo, c).author_time, c);
    } catch (const Error&) {
    }
  }
  std::sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [time, commit] : dated) {
    std::vector<transfer::Item> items;
    try {
      items = transfer::pointers_in_revs(repo, {commit});
    } catch (const Error&) {
      continue;
    }
    for (const auto& item : items)
      if (auto it = unlabeled.find(item.pointer.oid); it != unlabeled.end() && it->second->where.empty())
        it->second->where = fmt::format("{} at {} (unreachable commit)", item.label, commit.substr(0, 10));
  }
  // fsck lists the blobs of unreachable commits too: those are labelled by
  // now; a pointer blob left unlabelled was staged and never committed.
  for (const auto& id : unreachable.blobs) {
    try {
      auto text = repo.read_blob_id(id);
      if (text.size() >= core::kMaxPointerSize) continue;
      auto pointer = core::parse_pointer(text);
      if (!pointer) continue;
      if (auto it = unlabeled.find(pointer->oid); it != unlabeled.end() && it->second->where.empty())
        it->second->where = fmt::format("staged once, in no commit or index (blob {})", id.substr(0, 10));
    } catch (const Error&) {
    }
  }
}

}  // namespace dvx::gc
