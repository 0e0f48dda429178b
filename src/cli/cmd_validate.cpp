// git dvx validate [PATH...] [--rev REV | --staged] [--json | --format text|md|json|html] [-o FILE]
// Applies the [checks."GLOB"] rules of dvx.toml (docs/quality.md) to the
// files they match: in the worktree, at a revision, or as staged (what the
// pre-commit hook runs). Exit codes: 0 = every file passes, 1 = a violation
// (or a file that cannot be read), 2 = bad checks or usage.
#include <fmt/core.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/lineage/versions.hpp"
#include "dvx/quality/validate.hpp"
#include "dvx/quality/validate_render.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::cli {
namespace {

int run(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("paths", po::value<std::vector<std::string>>(),
                     "files to validate (default: all with checks)")(
      "rev", po::value<std::string>(), "validate the files and checks of this revision")(
      "staged", po::bool_switch(), "validate the staged (index) versions, as the pre-commit hook does")(
      "json", po::bool_switch(), "print JSON (same as --format json)")(
      "format", po::value<std::string>()->default_value("text"), "text, md (markdown), json or html")(
      "output,o", po::value<std::string>(), "write the report to this file (default: standard output)")(
      "sample", po::value<std::size_t>()->default_value(quality::kDefaultSample),
      "offending rows shown per rule");
  po::positional_options_description pos;
  pos.add("paths", -1);
  auto parsed =
      parse_args(args, "validate [PATH...] [--rev REV | --staged] [--json | --format md]", opts, pos);
  if (parsed.help) return 0;
  auto& vars = parsed.vars;
  std::string format = vars["json"].as<bool>() ? "json" : vars["format"].as<std::string>();
  if (format == "markdown") format = "md";
  if (format != "text" && format != "md" && format != "json" && format != "html")
    fail(ErrorKind::usage, "--format must be text, md, json or html, not '{}'", format);
  const bool staged = vars["staged"].as<bool>();
  if (staged && vars.count("rev")) fail(ErrorKind::usage, "--rev and --staged exclude each other");

  auto repo = git::Repo::discover();
  quality::ValidateRequest req;
  req.sample = vars["sample"].as<std::size_t>();
  req.profile_columns = format == "html";
  if (staged) req.source = quality::Source::staged;
  if (vars.count("rev")) {
    req.source = quality::Source::revision;
    req.rev = vars["rev"].as<std::string>();
  }
  if (vars.count("paths"))
    for (const auto& p : vars["paths"].as<std::vector<std::string>>())
      req.paths.push_back(lineage::repo_path(repo, p));

  auto report = quality::validate(repo, req);
  const std::string text =
      format == "json"
          ? quality::to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
      : format == "md"   ? quality::render_markdown(report)
      : format == "html" ? quality::render_html(report)
                         : quality::render_text(report);
  if (vars.count("output")) {
    util::write_file_atomic(vars["output"].as<std::string>(), text);
    std::cerr << fmt::format("validation report written to {}\n", vars["output"].as<std::string>());
  } else {
    std::cout << text << std::flush;
  }
  return report.ok() ? 0 : 1;
}

// Every error exits 2 (1 is reserved for "a check failed").
int run_validate(const std::vector<std::string>& args) {
  try {
    return run(args);
  } catch (const Error& e) {
    print_error(e.what());
  } catch (const std::exception& e) {
    print_error(fmt::format("validate: {}", e.what()));
  }
  return 2;
}

DVX_COMMAND("validate", "check datasets against the [checks] rules of dvx.toml", run_validate);

}  // namespace
}  // namespace dvx::cli
