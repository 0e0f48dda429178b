// `git dvx track [PATTERN...]` / `git dvx untrack PATTERN...`: edit the
// repository's root .gitattributes; with no pattern, list what is tracked.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "dvx/core/attributes.hpp"
#include "dvx/core/control_files.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {
namespace {

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& i : items) quoted.push_back(fmt::format("\"{}\"", i));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

ParsedArgs parse_patterns(const std::vector<std::string>& args, const std::string& usage) {
  po::options_description options("options");
  options.add_options()("pattern", po::value<std::vector<std::string>>()->default_value({}, ""), "patterns");
  po::positional_options_description positional;
  positional.add("pattern", -1);
  return parse_args(args, usage, options, positional);
}

// Files already in the index that the patterns now route through git-dvx
// but whose staged blob is plain content: `git add` alone does not convert
// them (git sees no change), so say how to.
std::vector<std::string> committed_as_plain_blobs() {
  auto repo = git::Repo::discover();  // opened anew: the attributes just changed
  std::vector<std::string> plain;
  for (const auto& entry : repo.list_index()) {
    if (core::is_control_file(entry.path)) continue;
    if (repo.attribute(entry.path, "filter") != std::optional<std::string>("dvx")) continue;
    if (entry.size == 0) continue;  // the empty file stays empty
    if (entry.size < core::kMaxPointerSize && core::parse_pointer(repo.read_blob_id(entry.blob_id))) continue;
    plain.push_back(entry.path);
  }
  return plain;
}

void print_renormalize_hint(const std::vector<std::string>& plain) {
  if (plain.empty()) return;
  constexpr std::size_t kShown = 5;
  std::vector<std::string> shown(plain.begin(), plain.begin() + std::min(kShown, plain.size()));
  std::string more = plain.size() > kShown ? fmt::format(" and {} more", plain.size() - kShown) : "";
  fmt::print(
      "{} already in git as plain content ({}{}); to store {} with git-dvx, run\n"
      "  git add --renormalize .\n"
      "and commit\n",
      util::count_of(plain.size(), "file"), fmt::join(shown, ", "), more, plain.size() == 1 ? "it" : "them");
}

int run_track(const std::vector<std::string>& args) {
  auto parsed = parse_patterns(args, "track [<pattern>...]");
  if (parsed.help) return 0;
  auto repo = git::Repo::discover();
  auto file = repo.workdir() / ".gitattributes";
  auto patterns = parsed.vars["pattern"].as<std::vector<std::string>>();
  if (patterns.empty()) {
    auto tracked = core::tracked_patterns(util::read_file_if_exists(file).value_or(""));
    if (tracked.empty()) fmt::print("nothing is tracked by git-dvx yet (git dvx track '<pattern>')\n");
    for (const auto& p : tracked) fmt::print("{}\n", p);
    return 0;
  }
  // Refused before anything is written: one bad pattern leaves the file as it was.
  std::vector<std::string> known;
  for (const auto& entry : repo.list_index())
    if (core::is_control_file(entry.path)) known.push_back(entry.path);
  for (const auto& p : patterns)
    core::refuse_pattern_capturing_control_files(core::escape_attribute_pattern(p), known);
  auto added = core::track_patterns(file, patterns);
  if (added.empty())
    fmt::print("already tracked: {}\n", quoted_list(patterns));
  else
    fmt::print("tracking {} (.gitattributes updated)\n", quoted_list(added));
  print_renormalize_hint(committed_as_plain_blobs());
  return 0;
}

int run_untrack(const std::vector<std::string>& args) {
  auto parsed = parse_patterns(args, "untrack <pattern>...");
  if (parsed.help) return 0;
  auto patterns = parsed.vars["pattern"].as<std::vector<std::string>>();
  if (patterns.empty()) fail(ErrorKind::usage, "untrack needs at least one pattern");
  auto repo = git::Repo::discover();
  auto removed = core::untrack_patterns(repo.workdir() / ".gitattributes", patterns);
  if (removed.empty()) fail(ErrorKind::usage, "not tracked: {}", quoted_list(patterns));
  fmt::print("untracked {} (.gitattributes updated)\n", quoted_list(removed));
  return 0;
}

DVX_COMMAND("track", "track file patterns with git-dvx (.gitattributes), or list them", run_track);
DVX_COMMAND("untrack", "stop tracking file patterns with git-dvx", run_untrack);

}  // namespace
}  // namespace dvx::cli
