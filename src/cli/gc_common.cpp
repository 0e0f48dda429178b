#include "cli/gc_common.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <ctime>
#include <iostream>

#include "dvx/transfer/progress.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {

GcMode gc_mode(bool dry_run, bool force, bool default_dry, const std::string& verb) {
  if (dry_run && force) fail(ErrorKind::usage, "{}: --dry-run and --force exclude each other", verb);
  if (dry_run) return GcMode::dry_run;
  if (force) return GcMode::force;
  if (default_dry) return GcMode::dry_run;
  if (::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO)) return GcMode::ask;
  fail(ErrorKind::usage,
       "{}: not on a terminal, so not asking and not deleting: pass --force to delete, or --dry-run to list "
       "what would go (nothing was deleted)",
       verb);
}

bool confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes";
}

void print_candidates(const std::vector<gc::Candidate>& candidates) {
  for (const auto& c : candidates)
    std::cout << fmt::format("  {}  {:>9}  {}\n", c.oid, util::human_size(c.size),
                             c.where.empty() ? "(not referenced anywhere)" : c.where);
  std::cout << std::flush;
}

nlohmann::json candidates_json(const std::vector<gc::Candidate>& candidates) {
  auto out = nlohmann::json::array();
  for (const auto& c : candidates) {
    nlohmann::json j{{"oid", c.oid}, {"size", c.size}, {"mtime", c.mtime}};
    j["where"] = c.where.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.where);
    out.push_back(std::move(j));
  }
  return out;
}

std::string count_bytes(std::size_t n, std::uint64_t bytes) {
  return fmt::format("{} ({})", util::count_of(n, "object"), util::human_size(bytes));
}

std::int64_t now_seconds() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

}  // namespace dvx::cli
