// git dvx diff [REV1 [REV2]] [--json] [[--] PATH...]: tracked data files
// added, removed and modified between two revisions or a revision and the
// working tree, optionally only those at or under the given paths.
// git dvx diff PATH --rows [--key COL...] [REV1 [REV2]]: the rows of one
// CSV or Parquet file (quality/row_diff.hpp, docs/quality.md).
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/lineage/data_diff.hpp"
#include "dvx/lineage/format.hpp"
#include "dvx/quality/row_diff.hpp"
#include "dvx/quality/row_diff_render.hpp"
#include "dvx/quality/version_file.hpp"
#include "dvx/remote/options.hpp"
#include "dvx/stats/dataset.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/human_size.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::cli {
namespace {

nlohmann::json content_json(const lineage::Content& c) {
  return {{"oid", c.oid}, {"size", c.size}};
}

nlohmann::json diff_json(const lineage::DataDiff& diff) {
  nlohmann::json j;
  j["from"] = diff.from;
  j["to"] = diff.to.empty() ? nlohmann::json("worktree") : nlohmann::json(diff.to);
  j["added"] = nlohmann::json::array();
  j["removed"] = nlohmann::json::array();
  j["modified"] = nlohmann::json::array();
  for (const auto& c : diff.added) {
    auto e = content_json(*c.after);
    e["path"] = c.path;
    j["added"].push_back(e);
  }
  for (const auto& c : diff.removed) {
    auto e = content_json(*c.before);
    e["path"] = c.path;
    j["removed"].push_back(e);
  }
  for (const auto& c : diff.modified)
    j["modified"].push_back(
        {{"path", c.path}, {"old", content_json(*c.before)}, {"new", content_json(*c.after)}});
  return j;
}

void print_text(const lineage::DataDiff& diff) {
  std::size_t width = 0;
  for (const auto* list : {&diff.added, &diff.removed, &diff.modified})
    for (const auto& c : *list) width = std::max(width, c.path.size());
  auto section = [&](const char* title, const std::vector<lineage::DataChange>& list, auto line) {
    if (list.empty()) return;
    fmt::print("{}:\n", title);
    for (const auto& c : list) fmt::print("    {:<{}}  {}\n", c.path, width, line(c));
  };
  auto one = [](const lineage::Content& c) {
    return fmt::format("{}  {}", c.oid.substr(0, 10), util::human_size(c.size));
  };
  section("Added", diff.added, [&](const lineage::DataChange& c) { return one(*c.after); });
  section("Removed", diff.removed, [&](const lineage::DataChange& c) { return one(*c.before); });
  section("Modified", diff.modified, [&](const lineage::DataChange& c) {
    auto delta = static_cast<std::int64_t>(c.after->size) - static_cast<std::int64_t>(c.before->size);
    std::string change = delta ? fmt::format(" ({})", util::human_size_change(delta)) : "";
    return fmt::format("{} -> {}  {} -> {}{}", c.before->oid.substr(0, 10), c.after->oid.substr(0, 10),
                       util::human_size(c.before->size), util::human_size(c.after->size), change);
  });
  std::size_t total = diff.added.size() + diff.removed.size() + diff.modified.size();
  if (total == 0) {
    fmt::print("no tracked data changed\n");
    return;
  }
  fmt::print("\nfiles summary: {} added, {} removed, {} modified\n", diff.added.size(), diff.removed.size(),
             diff.modified.size());
}

// Whether `arg` names a commit (a range's ends are checked by the diff).
bool is_revision(const git::Repo& repo, const std::string& arg) {
  if (arg.find("..") != std::string::npos) return true;
  try {
    repo.resolve_commit(arg);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// --rows: one file's rows between `revs` (none: HEAD and the worktree; one:
// it and the worktree; two: both revisions).
int row_diff(const git::Repo& repo, const std::vector<std::string>& revs,
             const std::vector<std::string>& paths, const po::variables_map& vars) {
  if (paths.size() != 1)
    fail(ErrorKind::usage,
         "diff --rows compares one file (usage: git dvx diff PATH --rows [--key COL...] [REV1 [REV2]])");
  std::string format = vars.count("json") ? "json" : vars["format"].as<std::string>();
  if (format == "markdown") format = "md";
  if (format != "text" && format != "md" && format != "json" && format != "html")
    fail(ErrorKind::usage, "--format must be text, md, json or html, not '{}'", format);
  const std::string path = lineage::repo_path(repo, paths[0]);
  const std::string from = revs.empty() ? "HEAD" : revs[0];
  const std::string to = revs.size() == 2 ? revs[1] : "";
  repo.resolve_commit(from);
  if (!to.empty()) repo.resolve_commit(to);
  quality::RowDiffOptions o;
  if (vars.count("key"))
    for (const auto& k : vars["key"].as<std::vector<std::string>>())
      for (auto& part : util::split_nonempty(k, ',')) o.keys.push_back(part);
  o.sample = vars["sample"].as<std::size_t>();
  if (vars.count("memory")) o.memory_limit = remote::parse_size(vars["memory"].as<std::string>(), "--memory");
  if (vars.count("delimiter")) o.csv.delimiter = stats::parse_delimiter(vars["delimiter"].as<std::string>());
  o.spill_dir = git::temp_dir(repo);
  const auto before = quality::open_file_version(repo, from, path);
  const auto after = quality::open_file_version(repo, to, path);
  auto diff = quality::diff_rows({path, before.local, before.label}, {path, after.local, after.label}, o);
  const quality::RowDiffLabels labels{path, from, to.empty() ? "worktree" : to};
  const std::string text =
      format == "json"
          ? quality::to_json(diff, labels).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                "\n"
      : format == "md"   ? quality::render_markdown(diff, labels)
      : format == "html" ? quality::render_html(diff, labels)
                         : quality::render_text(diff, labels);
  if (vars.count("output")) {
    util::write_file_atomic(vars["output"].as<std::string>(), text);
    fmt::print(stderr, "row diff written to {}\n", vars["output"].as<std::string>());
  } else {
    fmt::print("{}", text);
  }
  return 0;
}

int run_diff(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("json", "print JSON")("revs", po::value<std::vector<std::string>>(), "revisions")(
      "rows", "compare the rows of one CSV or Parquet file")(
      "key", po::value<std::vector<std::string>>()->composing(),
      "--rows: key column(s) matching rows (repeat or a,b)")(
      "format", po::value<std::string>()->default_value("text"), "--rows: text, md, json or html")(
      "output,o", po::value<std::string>(), "--rows: write the report to this file")(
      "sample", po::value<std::size_t>()->default_value(10), "--rows: rows shown per kind of change")(
      "memory", po::value<std::string>(),
      "--rows: memory for reading both versions whole, else spill (e.g. 2GiB)")(
      "delimiter", po::value<std::string>(), "--rows: CSV delimiter (default: detected)");
  po::positional_options_description positional;
  positional.add("revs", -1);
  // As in git: paths after "--", or from the first argument that is not a
  // revision but exists in the working tree.
  auto dashes = std::find(args.begin(), args.end(), "--");
  std::vector<std::string> paths(dashes == args.end() ? dashes : dashes + 1, args.end());
  auto parsed =
      parse_args({args.begin(), dashes},
                 "diff [REV1 [REV2]] [--json] [[--] PATH...]\n       git dvx diff PATH --rows [--key COL...] "
                 "[REV1 [REV2]] [--json | --format md]",
                 options, positional);
  if (parsed.help) return 0;
  std::vector<std::string> revs;
  if (parsed.vars.count("revs")) revs = parsed.vars["revs"].as<std::vector<std::string>>();
  auto repo = git::Repo::discover();
  if (parsed.vars.count("rows")) {  // PATH and revisions in any order
    std::vector<std::string> rrevs;
    for (const auto& r : revs) (is_revision(repo, r) ? rrevs : paths).push_back(r);
    if (rrevs.size() == 1) rrevs = lineage::range_ends(rrevs[0]);
    if (rrevs.size() > 2) fail(ErrorKind::usage, "diff --rows takes at most two revisions");
    return row_diff(repo, rrevs, paths, parsed.vars);
  }
  if (dashes == args.end()) {
    auto first_path = std::find_if(revs.begin(), revs.end(), [&](const std::string& r) {
      return !is_revision(repo, r) && std::filesystem::exists(r);
    });
    paths.insert(paths.begin(), first_path, revs.end());
    revs.erase(first_path, revs.end());
  }
  if (revs.size() > 2)
    throw Error(ErrorKind::usage,
                "diff takes at most two revisions (usage: git dvx diff [REV1 [REV2]] [[--] PATH...])");
  // "A..B" is accepted as a spelling of "A B".
  if (revs.size() == 1) revs = lineage::range_ends(revs[0]);
  lineage::DataDiff diff = revs.size() == 2 ? lineage::diff_revisions(repo, revs[0], revs[1])
                                            : lineage::diff_worktree(repo, revs.empty() ? "HEAD" : revs[0]);
  for (auto& path : paths) path = lineage::repo_path(repo, path);
  lineage::keep_paths(diff, paths);
  if (parsed.vars.count("json"))
    print_json(diff_json(diff));
  else
    print_text(diff);
  return 0;
}

DVX_COMMAND("diff", "tracked data added, removed and modified between revisions or the worktree", run_diff);

}  // namespace
}  // namespace dvx::cli
