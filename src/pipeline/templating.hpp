#pragma once
// Templating in dvx.toml, as DVC's dvc.yaml does it (private to the pipeline
// layer): the variables of `vars` (params files, `file:key1,key2`, inline
// tables; the default params file is read when nothing else defines a
// name) and `${a.b}` interpolation of strings.
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dvx/pipeline/pipeline_file.hpp"

namespace dvx::pipeline::detail {

using pipeline::ReadRepoFile;

class Vars {
 public:
  // The file read, on first need, for names no `vars` entry defines.
  void set_default_file(const ReadRepoFile* read, std::string path);
  // One `vars` entry naming a file (repository-relative path), with the keys
  // to take from it (empty: all). Throws Error(usage) "<what>" (the caller
  // adds the file and line) when the file is missing or a name is defined twice.
  void load_file(const ReadRepoFile& read, const std::string& path, const std::vector<std::string>& keys);
  void load_inline(const nlohmann::json& table, const std::string& source);
  // `item` and `key` of a foreach/matrix iteration (they replace any var of that name).
  void set(const std::string& name, nlohmann::json value);

  struct Found {
    nlohmann::json value;
    std::string file;  // the params file it came from; empty for inline vars, item and key
  };
  // Dotted name ("train.epochs", "item.lst.0"); nullopt when undefined.
  std::optional<Found> lookup(const std::string& name) const;
  // What defines names, for messages: "params.yaml, vars[1], item".
  std::string sources() const;

 private:
  void merge(nlohmann::json& into, const nlohmann::json& from, const std::string& source,
             const std::string& prefix);

  nlohmann::json tree_ = nlohmann::json::object();
  std::map<std::string, std::string> origin_;  // top-level name -> source
  std::vector<std::pair<std::string, nlohmann::json>> files_;
  std::set<std::string> loaded_;
  std::vector<std::string> sources_;
  const ReadRepoFile* default_read_ = nullptr;
  std::string default_file_;
  mutable std::optional<std::pair<std::string, nlohmann::json>> default_tree_;
};

struct Interpolation {
  nlohmann::json value;                                   // a string, or the whole value of an exact "${x}"
  std::vector<std::pair<std::string, std::string>> used;  // (params file, key) of the file vars used
};

// Replaces each ${name} in `text` (\${ stays a literal "${"). A text that is
// exactly one "${name}" gives that value whatever its type; otherwise values
// are written as text (booleans true/false), and in a command (`in_cmd`) a
// table unpacks as "--key value" arguments. Throws Error(usage) "<what>"
// naming the undefined name or the value that cannot be written as text.
Interpolation interpolate(const std::string& text, const Vars& vars, bool in_cmd);
bool has_interpolation(const std::string& text);

// A value as text, as DVC writes it in names and commands (true, 0.1, 1.0).
std::string to_text(const nlohmann::json& value);

}  // namespace dvx::pipeline::detail
