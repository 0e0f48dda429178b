// Each backend's options (one table per backend) and the value checks.
#include "dvx/remote/option_specs.hpp"

#include <algorithm>
#include <regex>

#include "dvx/remote/options.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/util/error.hpp"
#include "remote/s3/s3_url.hpp"

namespace dvx::remote {

namespace {

// Read by the wrappers (wrap/) and the transfer queue, so valid for every backend.
const std::vector<OptionSpec>& common_specs() {
  static const std::vector<OptionSpec> specs = {
      {"url", OptionType::url, "s3://bucket/prefix, a directory path or file:///path"},
      {"jobs", OptionType::integer, "parallel transfers (1-256, default 8)"},
      {"retries", OptionType::integer, "retries of a failed request on transient errors (0-100, default 5)"},
      {"log", OptionType::boolean, "true: log every remote operation to stderr"},
  };
  return specs;
}

// The directory backend (local/local_remote.cpp) has no options of its own.
const std::vector<OptionSpec>& file_specs() {
  static const std::vector<OptionSpec> specs;
  return specs;
}

// Read by s3/s3_remote.cpp (s3_settings).
const std::vector<OptionSpec>& s3_specs() {
  static const std::vector<OptionSpec> specs = {
      {"region", OptionType::text, "AWS region (default: AWS_REGION, the profile's region, else us-east-1)"},
      {"endpoint", OptionType::text,
       "S3-compatible endpoint URL, e.g. http://127.0.0.1:9000 (MinIO, Ceph, R2)"},
      {"profile", OptionType::text, "AWS profile in ~/.aws/credentials and ~/.aws/config"},
      {"path-style", OptionType::boolean, "true: https://host/bucket/key; false: https://bucket.host/key"},
      {"sse", OptionType::text, "server-side encryption: AES256 or aws:kms"},
      {"sse-kms-key-id", OptionType::text, "KMS key id or ARN (with sse = aws:kms)"},
      {"multipart-threshold", OptionType::size, "size from which uploads are multipart (default 64MiB)"},
      {"part-size", OptionType::size, "multipart part size (default 16MiB, at least 5MiB)"},
  };
  return specs;
}

struct Backend {
  std::string_view scheme;
  const std::vector<OptionSpec>& (*specs)();
};
constexpr Backend kBackends[] = {{"file", file_specs}, {"s3", s3_specs}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string key_list(const std::vector<OptionSpec>& specs) {
  std::string list;
  for (const auto& s : specs) list += (list.empty() ? "" : ", ") + s.key;
  return list;
}

}  // namespace

std::vector<OptionSpec> option_specs(std::string_view scheme) {
  std::vector<OptionSpec> out = common_specs();
  for (const auto& b : kBackends)
    if (scheme.empty() || b.scheme == scheme) {
      const auto& own = b.specs();
      out.insert(out.end(), own.begin(), own.end());
    }
  return out;
}

const OptionSpec* find_option_spec(std::string_view scheme, std::string_view key) {
  for (const auto& s : common_specs())
    if (s.key == key) return &s;
  for (const auto& b : kBackends)
    if (scheme.empty() || b.scheme == scheme)
      for (const auto& s : b.specs())
        if (s.key == key) return &s;
  return nullptr;
}

std::string backend_label(std::string_view scheme) {
  if (scheme == "file") return "directory";
  if (scheme == "s3") return "S3";
  return std::string(scheme);
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

void check_option_value(const std::string& key, const std::string& value) {
  const auto* spec = find_option_spec("", key);
  if (!spec) check_option_key("", key);
  const std::string what = fmt::format("option '{}'", key);
  RemoteConfig probe{"", "", {{key, value}}};
  if (key == "url") {
    if (value.empty()) fail(ErrorKind::usage, "the remote URL is empty");
    auto scheme = url_scheme(value);
    if (scheme == "file") return;
    if (value.find('@') != std::string::npos)
      fail(ErrorKind::usage, "remote URL '{}': credentials do not belong in the URL; {}", redact_url(value),
           credentials_hint());
    if (scheme == "s3") {
      s3::parse_s3_url(value);  // the bucket and prefix; no network access
      return;
    }
    auto known = registered_schemes();
    if (std::find(known.begin(), known.end(), scheme) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k + "://";
      fail(ErrorKind::usage, "unsupported URL scheme '{}' in '{}' (supported: {}, or a directory path)",
           scheme, value, list);
    }
  } else if (spec->type == OptionType::boolean) {
    parse_bool(value, what);
  } else if (key == "sse") {
    if (value != "AES256" && value != "aws:kms")
      fail(ErrorKind::usage, "option 'sse' must be AES256 or aws:kms, not '{}'", value);
  } else if (key == "jobs") {
    int_option(probe, key, 0, 1, 256);
  } else if (key == "retries") {
    int_option(probe, key, 0, 0, 100);
  } else if (spec->type == OptionType::size) {
    auto size = parse_size(value, what);
    if (size < kMinPartSize)
      fail(ErrorKind::usage, "option '{}' must be at least 5MiB (S3's minimum part size)", key);
    if (key == "part-size" && size > (5ull << 30))
      fail(ErrorKind::usage, "option 'part-size' must be at most 5GiB");
  } else if (key == "endpoint") {
    if (value.find('@') != std::string::npos)
      fail(ErrorKind::usage, "endpoint '{}': credentials do not belong in the URL; {}", redact_url(value),
           credentials_hint());
    auto pos = value.find("://");
    if (pos != std::string::npos && lower(value.substr(0, pos)) != "http" &&
        lower(value.substr(0, pos)) != "https")
      fail(ErrorKind::usage, "endpoint '{}': only http:// and https:// are supported", value);
  }
}

}  // namespace dvx::remote
