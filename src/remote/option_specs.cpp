// The options of a remote: the common ones, then its backend's (registered
// with the backend, backend.hpp), and the generic value checks.
#include "dvx/remote/option_specs.hpp"

#include <algorithm>
#include <limits>
#include <regex>

#include "dvx/remote/options.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/util/error.hpp"

namespace dvx::remote {

namespace {

// `key`'s value as an integer in [lo, hi], else Error(usage) naming the option.
auto int_in(const char* key, long long lo, long long hi) {
  return [key, lo, hi](const std::string& value) { int_option({"", "", {{key, value}}}, key, 0, lo, hi); };
}

// Read by the wrappers (wrap/) and the transfer queue, so valid for every backend.
const std::vector<OptionSpec>& common_specs() {
  static const std::vector<OptionSpec> specs = {
      {"url", OptionType::url, "s3://bucket/prefix, a directory path or file:///path"},
      {"jobs", OptionType::integer, "parallel transfers (1-256, default 8; 64 for S3)",
       int_in("jobs", 1, 256)},
      {"retries", OptionType::integer, "retries of a failed request on transient errors (0-100, default 5)",
       int_in("retries", 0, 100)},
      {"log", OptionType::boolean, "true: log every remote operation to stderr"},
  };
  return specs;
}

// The backends whose options apply to `scheme` (all of them for "").
std::vector<Backend> backends_for(std::string_view scheme) {
  std::vector<Backend> out;
  if (!scheme.empty()) {
    if (auto b = find_backend(scheme)) out.push_back(std::move(*b));
    return out;
  }
  for (const auto& s : registered_schemes())
    if (auto b = find_backend(s)) out.push_back(std::move(*b));
  return out;
}

std::string key_list(const std::vector<OptionSpec>& specs) {
  std::string list;
  for (const auto& s : specs) list += (list.empty() ? "" : ", ") + s.key;
  return list;
}

void check_url(const std::string& value) {
  if (value.empty()) fail(ErrorKind::usage, "the remote URL is empty");
  auto scheme = url_scheme(value);
  if (scheme != "file" && value.find('@') != std::string::npos)
    fail(ErrorKind::usage, "remote URL '{}': credentials do not belong in the URL; {}", redact_url(value),
         credentials_hint());
  auto backend = find_backend(scheme);
  if (!backend) {
    std::string list;
    for (const auto& k : registered_schemes()) list += (list.empty() ? "" : ", ") + k + "://";
    fail(ErrorKind::usage, "unsupported URL scheme '{}' in '{}' (supported: {}, or a directory path)", scheme,
         value, list);
  }
  if (backend->check_url) backend->check_url(value);  // no network access
}

}  // namespace

std::vector<OptionSpec> option_specs(std::string_view scheme) {
  std::vector<OptionSpec> out = common_specs();
  for (const auto& b : backends_for(scheme))
    for (const auto& spec : b.options)
      if (std::none_of(out.begin(), out.end(), [&](const OptionSpec& s) { return s.key == spec.key; }))
        out.push_back(spec);
  return out;
}

std::optional<OptionSpec> find_option_spec(std::string_view scheme, std::string_view key) {
  for (const auto& s : option_specs(scheme))
    if (s.key == key) return s;
  return std::nullopt;
}

std::string backend_label(std::string_view scheme) {
  auto b = find_backend(scheme);
  return b ? b->label : std::string(scheme);
}

bool is_credential_key(std::string_view key) {
  static const std::regex credential(
      ".*(secret|password|passwd|token|credential|session|private[-_]?key|access[-_]?key).*",
      std::regex::icase);
  return std::regex_match(key.begin(), key.end(), credential);
}

std::string credentials_hint() {
  return "credentials never go into .dvxconfig or git config: they come from the environment "
         "(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN) or a profile in ~/.aws "
         "(set the 'profile' option to choose one)";
}

void check_option_key(std::string_view scheme, const std::string& key) {
  if (is_credential_key(key)) fail(ErrorKind::usage, "'{}' is refused: {}", key, credentials_hint());
  if (find_option_spec(scheme, key)) return;
  if (scheme.empty())
    fail(ErrorKind::usage, "unknown remote option '{}' (valid: {})", key, key_list(option_specs()));
  fail(ErrorKind::usage, "unknown remote option '{}' for {} remotes (valid: {})", key, backend_label(scheme),
       key_list(option_specs(scheme)));
}

std::string redact_url(std::string_view url) {
  auto start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  auto slash = url.find('/', start);
  auto at = url.rfind('@', slash == std::string_view::npos ? url.size() : slash);
  if (at == std::string_view::npos || at < start) return std::string(url);
  return std::string(url.substr(0, start)) + "***" + std::string(url.substr(at));
}

void check_option_value(std::string_view scheme, const std::string& key, const std::string& value) {
  check_option_key(scheme, key);
  const auto spec = *find_option_spec(scheme, key);
  const std::string what = fmt::format("option '{}'", key);
  switch (spec.type) {
    case OptionType::url: check_url(value); break;
    case OptionType::boolean: parse_bool(value, what); break;
    case OptionType::size: parse_size(value, what); break;
    case OptionType::integer:
      int_option({"", "", {{key, value}}}, key, 0, std::numeric_limits<long long>::min(),
                 std::numeric_limits<long long>::max());
      break;
    case OptionType::text: break;
  }
  if (spec.check) spec.check(value);
}

}  // namespace dvx::remote
