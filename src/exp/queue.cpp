// The queue of `git dvx exp run --queue`: one JSON file per variant in
// <state_dir>/exp-queue/, named <nanoseconds>-<name>.json so that a
// listing sorted by name is the queue's order.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "dvx/exp/experiments.hpp"
#include "dvx/exp/run.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::exp {

namespace {

fs::path queue_dir(const git::Repo& repo) {
  return git::state_dir(repo) / "exp-queue";
}

struct Entry {
  fs::path file;
  Variant variant;
};

std::vector<Entry> entries(const git::Repo& repo) {
  std::vector<Entry> out;
  std::error_code ec;
  fs::path dir = queue_dir(repo);
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (f.path().extension() != ".json") continue;
    try {
      auto j = nlohmann::json::parse(util::read_file(f.path()));
      out.push_back({f.path(),
                     {j.at("name").get<std::string>(), j.at("baseline").get<std::string>(),
                      j.at("set_params").get<std::vector<std::string>>(), j.value("start", std::string())}});
    } catch (const nlohmann::json::exception& e) {
      fail(ErrorKind::corrupt, "queued experiment {}: {}", f.path().string(), e.what());
    }
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.file < b.file; });
  return out;
}

}  // namespace

void enqueue(const git::Repo& repo, const Variant& v) {
  check_name(v.name);
  if (find_experiment(repo, v.name))
    fail(ErrorKind::usage, "an experiment named '{}' exists already (git dvx exp remove {} first)", v.name,
         v.name);
  for (const auto& e : entries(repo))
    if (e.variant.name == v.name) fail(ErrorKind::usage, "a variant named '{}' is queued already", v.name);
  nlohmann::json j{{"name", v.name}, {"baseline", v.baseline}, {"set_params", v.set_params}};
  if (!v.start.empty() && v.start != v.baseline) j["start"] = v.start;
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  std::error_code ec;
  fs::create_directories(queue_dir(repo), ec);
  util::write_file_atomic(queue_dir(repo) / fmt::format("{:020}-{}.json", ns, v.name), j.dump(2) + "\n");
}

std::vector<Variant> queued(const git::Repo& repo) {
  std::vector<Variant> out;
  for (auto& e : entries(repo)) out.push_back(std::move(e.variant));
  return out;
}

bool unqueue(const git::Repo& repo, const std::string& name) {
  for (const auto& e : entries(repo))
    if (e.variant.name == name) {
      std::error_code ec;
      fs::remove(e.file, ec);
      return !ec;
    }
  return false;
}

}  // namespace dvx::exp
