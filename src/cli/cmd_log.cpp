// git dvx log PATH [REV-RANGE] [--json] [--first-parent]: every version of a
// tracked file, or of every tracked file under a folder, across history.
#include <fmt/core.h>

#include <array>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/lineage/format.hpp"
#include "dvx/lineage/versions.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/human_size.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::cli {
namespace {

nlohmann::json version_json(const lineage::Version& v) {
  nlohmann::json j;
  j["path"] = v.path;
  j["commit"] = v.commit.id;
  j["date"] = lineage::iso_date(v.commit);
  j["author"] = {{"name", v.commit.author_name}, {"email", v.commit.author_email}};
  j["removed"] = !v.content;
  j["oid"] = v.content ? nlohmann::json(v.content->oid) : nlohmann::json(nullptr);
  j["size"] = v.content ? v.content->size : 0;
  j["pointer"] = v.content && v.content->pointer;
  j["previous_oid"] = v.previous ? nlohmann::json(v.previous->oid) : nlohmann::json(nullptr);
  j["size_change"] = v.size_change();
  j["tags"] = v.tags;
  j["subject"] = v.commit.subject;
  return j;
}

// One row per version; a folder's log has a column naming each file.
void print_table(const std::vector<lineage::Version>& versions, const std::string& path) {
  std::vector<std::array<std::string, 9>> rows;
  for (const auto& v : versions) {
    rows.push_back(
        {v.commit.id.substr(0, 7), lineage::short_date(v.commit), v.commit.author_name,
         v.path == path ? "" : v.path, v.content ? v.content->oid.substr(0, 10) : "(removed)",
         v.content ? util::human_size(v.content->size) : "-",
         v.previous || !v.content ? fmt::format("({})", util::human_size_change(v.size_change())) : "",
         util::join(v.tags, ","), v.commit.subject});
    if (rows.back()[6] == "()") rows.back()[6] = "";
  }
  std::array<std::size_t, 9> width{};
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width[i] == 0) continue;
      bool right = i == 5;  // sizes right-aligned
      std::string cell = i + 1 == r.size() ? r[i]
                         : right           ? fmt::format("{:>{}}", r[i], width[i])
                                           : fmt::format("{:<{}}", r[i], width[i]);
      line += (line.empty() ? "" : "  ") + cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
  }
}

int run_log(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("json", "print JSON")("first-parent",
                                              "follow only the first parent of merges (the mainline)")(
      "path", po::value<std::string>(), "tracked file or folder")("range", po::value<std::string>(),
                                                                  "revision or range");
  po::positional_options_description positional;
  positional.add("path", 1).add("range", 1);
  auto parsed =
      parse_args(args, "log PATH [REV | REV1..REV2] [--json] [--first-parent]", options, positional);
  if (parsed.help) return 0;
  if (!parsed.vars.count("path"))
    throw Error(ErrorKind::usage, "log needs a PATH (usage: git dvx log PATH [REV-RANGE])");
  auto repo = git::Repo::discover();
  std::string path = lineage::repo_path(repo, parsed.vars["path"].as<std::string>());
  std::string range = parsed.vars.count("range") ? parsed.vars["range"].as<std::string>() : "HEAD";
  auto mode = parsed.vars.count("first-parent") ? git::MergeMode::first_parent : git::MergeMode::full;
  auto versions = lineage::file_log(repo, path, range, mode);
  if (parsed.vars.count("json")) {
    nlohmann::json out;
    out["path"] = path;
    out["range"] = range;
    out["versions"] = nlohmann::json::array();
    for (const auto& v : versions) out["versions"].push_back(version_json(v));
    print_json(out);
  } else {
    print_table(versions, path);
  }
  return 0;
}

DVX_COMMAND("log", "every version of a tracked file (or of the files under a folder) across history",
            run_log);

}  // namespace
}  // namespace dvx::cli
