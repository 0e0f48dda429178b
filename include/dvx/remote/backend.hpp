#pragma once
// How a storage backend plugs in: its URL scheme, its options (name, type,
// validation, help) and its factory, registered together so that nothing
// else (remote_config.cpp, `remote modify --help`, the open path) has a
// closed list of backends. docs/writing-a-backend.md is the recipe.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/remote/options.hpp"
#include "dvx/remote/remote.hpp"

namespace dvx::remote {

// How a value is written: `text` and `url` are strings; `integer` and
// `boolean` are TOML integers/booleans in .dvxconfig; `size` is an integer of
// bytes or a string with a unit ("64MiB").
enum class OptionType { text, url, integer, boolean, size };

struct OptionSpec {
  std::string key;
  OptionType type;
  std::string description;  // one line, shown by `git dvx remote modify --help`
  // Checks a value beyond its type (the type is checked first, by the
  // caller): throws Error(usage) with a message that names the option and
  // never repeats a secret. Empty: any value of the type.
  std::function<void(const std::string& value)> check = {};
};

struct Backend {
  std::string scheme;               // "s3": URLs s3://...; "file" also takes plain paths
  std::string label;                // "S3", "directory": used in messages
  std::vector<OptionSpec> options;  // its own; the common ones (url, jobs, ...) are added
  // Checks a URL of this scheme without network access (bucket, prefix, ...);
  // throws Error(usage). Empty: any URL.
  std::function<void(const std::string& url)> check_url = {};
  RemoteFactory open;
  // The `jobs` option's default: requests in flight when it is not set.
  int default_jobs = kDefaultJobs;
};

// Adds or replaces the backend of `backend.scheme` (a test fake, a plug-in).
// The built-in backends (src/remote/backends.hpp) are registered on first use.
void register_backend(Backend backend);
// The backend registered for `scheme`, or nullopt.
std::optional<Backend> find_backend(std::string_view scheme);

}  // namespace dvx::remote
