#pragma once
// S3 URLs and addressing: s3://bucket/prefix parsing, URI encoding as SigV4
// wants it, and request URLs in path-style or virtual-hosted form.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dvx::remote::s3 {

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // decoded; "" value = no value

struct Location {
  std::string bucket;
  std::string prefix;  // no leading or trailing '/'; may be empty
};
// Throws Error(usage) naming the URL.
Location parse_s3_url(std::string_view url);

// RFC 3986 encoding as SigV4 requires: A-Z a-z 0-9 - _ . ~ stay, everything
// else (UTF-8 bytes included) becomes %XX (upper-case hex); '/' stays when
// `keep_slash`.
std::string uri_encode(std::string_view s, bool keep_slash);

struct Endpoint {
  std::string scheme;     // "https" or "http"
  std::string host;       // lower-case, ":port" when not the scheme's default
  std::string base_path;  // "" or "/something" (no trailing '/')
  bool path_style = false;
};

// endpoint_option: "" for AWS (https://s3.<region>.amazonaws.com), else
// "http://127.0.0.1:4568", "https://minio.example:9000" or "host:port" (https).
// path_style: the option's value when set, else true with a custom endpoint
// or a bucket name that is not DNS-compatible, false otherwise.
Endpoint make_endpoint(std::string_view endpoint_option, std::string_view region, std::string_view bucket,
                       const bool* path_style_option);

struct RequestTarget {
  std::string url;            // full URL, query in the given order
  std::string host;           // Host header value
  std::string canonical_uri;  // encoded path, as signed
};
// `key` is the full object key (prefix included), "" for the bucket itself.
RequestTarget request_target(const Endpoint& ep, std::string_view bucket, std::string_view key,
                             const QueryParams& query);

}  // namespace dvx::remote::s3
