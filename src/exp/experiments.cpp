#include "dvx/exp/experiments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "dvx/git/refs.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::exp {

namespace {

constexpr std::array<std::string_view, 32> kAdjectives = {
    "agile", "bold",  "brave",  "bright", "calm",  "clever", "cosy",  "crisp", "curly", "eager", "fair",
    "famed", "fancy", "fleet",  "gentle", "glad",  "grand",  "happy", "jolly", "keen",  "lucky", "merry",
    "mild",  "neat",  "nimble", "noble",  "proud", "quick",  "quiet", "sunny", "swift", "witty"};
constexpr std::array<std::string_view, 32> kNouns = {
    "auk",  "bass",  "bear", "crow",  "deer",  "dove", "eel",  "finch", "fox",  "frog", "gnu",
    "hare", "heron", "ibis", "jay",   "kite",  "lark", "lynx", "mink",  "moth", "newt", "orca",
    "owl",  "pika",  "puma", "quail", "robin", "seal", "swan", "toad",  "vole", "wren"};

bool usable_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}

}  // namespace

void check_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 100 && name[0] != '-' && name[0] != '.' &&
            name.find("..") == std::string::npos && !name.ends_with(".lock") && !name.ends_with(".") &&
            std::all_of(name.begin(), name.end(), usable_char);
  if (!ok)
    fail(
        ErrorKind::usage,
        "bad experiment name '{}': use letters, digits, '-', '_' and '.' (not first), at most 100 characters",
        name);
}

std::vector<Experiment> list_experiments(const git::Repo& repo) {
  std::vector<Experiment> out;
  for (bool failed : {false, true}) {
    std::string_view prefix = failed ? kFailedRefs : kExpsRefs;
    for (auto& r : git::list_refs(repo, std::string(prefix) + "*"))
      out.push_back({r.name.substr(prefix.size()), r.name, r.commit, failed});
  }
  return out;
}

std::optional<Experiment> find_experiment(const git::Repo& repo, const std::string& name) {
  check_name(name);
  for (bool failed : {false, true}) {
    std::string ref = std::string(failed ? kFailedRefs : kExpsRefs) + name;
    if (auto commit = git::ref_commit(repo, ref)) return Experiment{name, ref, *commit, failed};
  }
  return std::nullopt;
}

Experiment require_experiment(const git::Repo& repo, const std::string& name) {
  auto e = find_experiment(repo, name);
  if (!e) fail(ErrorKind::not_found, "no experiment '{}' (git dvx exp show lists them)", name);
  return *e;
}

std::string auto_name(const git::Repo& repo, const std::string& seed, const std::vector<std::string>& taken) {
  std::string h = util::sha256_hex(seed);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    unsigned v = static_cast<unsigned>(std::stoul(h.substr(0, 6), nullptr, 16));
    std::string name =
        fmt::format("{}-{}", kAdjectives[v % kAdjectives.size()], kNouns[(v >> 5) % kNouns.size()]);
    if (static_cast<std::size_t>(attempt) >= kAdjectives.size() * kNouns.size() / 2)
      name += fmt::format("-{}", h.substr(6, 4));
    bool used = std::find(taken.begin(), taken.end(), name) != taken.end() || find_experiment(repo, name);
    if (!used) return name;
    h = util::sha256_hex(h);
  }
  fail(ErrorKind::permanent, "cannot find an unused experiment name; give one with --name");
}

}  // namespace dvx::exp
