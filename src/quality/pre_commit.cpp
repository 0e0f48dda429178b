#include "dvx/quality/pre_commit.hpp"

#include <fmt/format.h>

#include "dvx/quality/validate.hpp"
#include "dvx/quality/validate_render.hpp"
#include "dvx/util/error.hpp"

namespace dvx::quality {

int pre_commit(const git::Repo& repo, std::ostream& err) {
  if (repo.is_bare()) return 0;
  ValidateRequest req;
  req.source = Source::staged;
  req.changed_only = true;
  ValidationReport report;
  try {
    report = validate(repo, req);
  } catch (const Error& e) {
    err << fmt::format(
        "git-dvx: pre-commit: {}\ngit-dvx: commit blocked (git commit --no-verify skips this check)\n",
        e.what());
    return 1;
  }
  if (report.ok()) return 0;
  err << "git-dvx: pre-commit: the staged data fails its checks (dvx.toml [checks]):\n"
      << render_text(report)
      << "git-dvx: commit blocked (fix the data or the checks; git commit --no-verify skips this check)\n";
  return 1;
}

}  // namespace dvx::quality
