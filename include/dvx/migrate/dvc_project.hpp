#pragma once
// The data of a DVC project, for `git dvx migrate dvc`: what DVC tracks (the
// outs of every .dvc file, the cached outs of dvc.lock's stages), filling the
// workspace with their bytes, the .gitignore lines DVC wrote for them, and
// which stages dvc.lock says are up to date.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dvx/dvc/dvc_files.hpp"
#include "dvx/dvc/dvc_objects.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::migrate {

namespace fs = std::filesystem;

struct DataOutput {
  std::string path;    // relative to the repository root, '/' separated
  dvc::DvcOut out;     // what DVC recorded (md5, folder or file, 2.x or 3.x)
  std::string origin;  // "data/raw.csv.dvc" or "dvc.lock: stage 'train'"
};

struct DvcProject {
  std::vector<std::string> dvc_files;  // the .dvc files git tracks, relative to the root
  std::vector<DataOutput> outputs;
  std::vector<std::string> unsupported;  // keys of .dvc files not converted (imports' deps, ...)
};

// `wdirs`: dvc.yaml stage name -> wdir (dvc.lock's paths are relative to it).
// Outs git tracks itself (cache: false) are left out: they stay plain files.
DvcProject scan_dvc_project(const git::Repo& repo, const std::map<std::string, std::string>& wdirs);

// Makes the output's bytes be in the workspace as plain files (not links
// into DVC's cache): kept when there, else copied from the DVC cache or
// downloaded from the DVC remote, each verified by md5. Returns where the
// bytes came from ("workspace", "DVC cache", "DVC remote 'x' (...)"; for a
// folder the first source that was needed). A file that differs from what
// DVC recorded is kept as it is, with a warning. Throws Error(not_found)
// naming the output, its origin and where it was looked for.
std::string fill_output(const fs::path& root, const DataOutput& output, dvc::ObjectSource& objects,
                        std::vector<std::string>& warnings);

// The "/name" lines DVC wrote into the .gitignore beside each output,
// removed (a .gitignore left empty is deleted). Returns (file, line) pairs,
// the file relative to the root.
std::vector<std::pair<std::string, std::string>> remove_gitignore_entries(
    const fs::path& root, const std::vector<DataOutput>& outputs, bool dry_run);

// The stages of dvc.lock whose deps, outs and params (YAML/JSON files) match
// the workspace, i.e. that DVC would call up to date; the others with why not.
struct LockCheck {
  std::vector<std::string> up_to_date;
  std::map<std::string, std::string> changed;
};
LockCheck check_dvc_lock(const fs::path& root, std::string_view lock_text, const std::string& filename,
                         const std::map<std::string, std::string>& wdirs, dvc::ObjectSource& objects);

}  // namespace dvx::migrate
