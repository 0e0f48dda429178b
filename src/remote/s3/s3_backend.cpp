// The S3 backend's registration: its scheme, its options with their checks
// (the only place they are written down), and its factory.
#include <algorithm>
#include <cctype>

#include "dvx/remote/option_specs.hpp"
#include "dvx/remote/options.hpp"
#include "dvx/remote/request_slots.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"
#include "remote/backends.hpp"
#include "remote/s3/s3_credentials.hpp"
#include "remote/s3/s3_remote.hpp"

namespace dvx::remote::s3 {

namespace {

void check_sse(const std::string& value) {
  if (value != "AES256" && value != "aws:kms")
    fail(ErrorKind::usage, "option 'sse' must be AES256 or aws:kms, not '{}'", value);
}

// multipart-threshold and part-size.
auto check_part_bound(const char* key) {
  return [key](const std::string& value) {
    auto size = parse_size(value, fmt::format("option '{}'", key));
    if (size < kMinPartSize)
      fail(ErrorKind::usage, "option '{}' must be at least 5MiB (S3's minimum part size)", key);
    if (std::string_view(key) == "part-size" && size > kMaxPartSize)
      fail(ErrorKind::usage, "option 'part-size' must be at most 5GiB");
  };
}

void check_endpoint(const std::string& value) {
  if (value.find('@') != std::string::npos)
    fail(ErrorKind::usage, "endpoint '{}': credentials do not belong in the URL; {}", redact_url(value),
         credentials_hint());
  auto pos = value.find("://");
  if (pos == std::string::npos) return;
  std::string scheme = util::lower(std::string_view(value).substr(0, pos));
  if (scheme != "http" && scheme != "https")
    fail(ErrorKind::usage, "endpoint '{}': only http:// and https:// are supported", value);
}

std::vector<OptionSpec> s3_options() {
  return {
      {"region", OptionType::text, "AWS region (default: AWS_REGION, the profile's region, else us-east-1)"},
      {"endpoint", OptionType::text,
       "S3-compatible endpoint URL, e.g. http://127.0.0.1:9000 (MinIO, Ceph, R2)", check_endpoint},
      {"profile", OptionType::text, "AWS profile in ~/.aws/credentials and ~/.aws/config"},
      {"path-style", OptionType::boolean, "true: https://host/bucket/key; false: https://bucket.host/key"},
      {"sse", OptionType::text, "server-side encryption: AES256 or aws:kms", check_sse},
      {"sse-kms-key-id", OptionType::text, "KMS key id or ARN (with sse = aws:kms)"},
      {"multipart-threshold", OptionType::size, "size from which uploads are multipart (default 64MiB)",
       check_part_bound("multipart-threshold")},
      {"part-size", OptionType::size, "multipart part size (default 16MiB, at least 5MiB)",
       check_part_bound("part-size")},
  };
}

// Runs the checks of the options that are set (a config built in code has
// not been through remote_config), naming the remote.
void check_options(const RemoteConfig& config, const std::vector<OptionSpec>& specs) {
  for (const auto& spec : specs) {
    auto value = option(config, spec.key);
    if (!value || !spec.check) continue;
    try {
      spec.check(*value);
    } catch (const Error& e) {
      fail(e.kind(), "remote '{}': {}", config.name, e.what());
    }
  }
}

}  // namespace

S3Settings s3_settings(const RemoteConfig& config) {
  static const auto specs = s3_options();
  check_options(config, specs);
  S3Settings s;
  s.location = parse_s3_url(config.url);
  s.profile = option_or(config, "profile", "");
  s.region = resolve_region(option_or(config, "region", ""), s.profile);
  std::optional<bool> path_style;
  if (option(config, "path-style")) path_style = bool_option(config, "path-style", false);
  s.endpoint = make_endpoint(option_or(config, "endpoint", ""), s.region, s.location.bucket,
                             path_style ? &*path_style : nullptr);
  s.sse = option_or(config, "sse", "");
  s.sse_kms_key_id = option_or(config, "sse-kms-key-id", "");
  if (!s.sse_kms_key_id.empty() && s.sse != "aws:kms")
    fail(ErrorKind::usage, "remote '{}': sse-kms-key-id needs sse = aws:kms", config.name);
  s.multipart_threshold = size_option(config, "multipart-threshold", kDefaultMultipartThreshold);
  s.part_size = size_option(config, "part-size", kDefaultPartSize);
  s.multipart_threshold = std::max<std::uint64_t>(s.multipart_threshold, kMinPartSize);
  return s;
}

}  // namespace dvx::remote::s3

namespace dvx::remote {

Backend s3_backend() {
  return {"s3",
          "S3",
          s3::s3_options(),
          [](const std::string& url) { s3::parse_s3_url(url); },
          [](const RemoteConfig& config, const BackendContext& context) -> std::unique_ptr<Remote> {
            return std::make_unique<s3::S3Remote>(s3::s3_settings(config), context.slots);
          },
          kDefaultS3Jobs};
}

}  // namespace dvx::remote
