#include "remote/s3/s3_url.hpp"

#include <cctype>

#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::remote::s3 {

namespace {

bool dns_compatible(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '-'))
      return false;  // dots break TLS wildcard certificates: use path-style
  return bucket.front() != '-' && bucket.back() != '-';
}
}  // namespace

Location parse_s3_url(std::string_view url) {
  if (url.substr(0, 5) != "s3://" && util::lower(url.substr(0, 5)) != "s3://")
    fail(ErrorKind::usage, "'{}' is not an s3:// URL", url);
  std::string_view rest = url.substr(5);
  auto slash = rest.find('/');
  Location loc;
  loc.bucket = std::string(rest.substr(0, slash));
  if (loc.bucket.empty())
    fail(ErrorKind::usage, "S3 URL '{}' has no bucket name (expected s3://bucket/prefix)", url);
  for (char c : loc.bucket)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'))
      fail(ErrorKind::usage, "S3 URL '{}': invalid character '{}' in the bucket name", url, c);
  if (slash != std::string_view::npos) {
    std::string_view p = rest.substr(slash + 1);
    while (!p.empty() && p.front() == '/') p.remove_prefix(1);
    while (!p.empty() && p.back() == '/') p.remove_suffix(1);
    loc.prefix = std::string(p);
  }
  if (loc.prefix.find("//") != std::string::npos)
    fail(ErrorKind::usage, "S3 URL '{}': empty path segment in the prefix", url);
  return loc;
}

std::string uri_encode(std::string_view s, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Endpoint make_endpoint(std::string_view endpoint_option, std::string_view region, std::string_view bucket,
                       const bool* path_style_option) {
  Endpoint ep;
  std::string_view e = endpoint_option;
  if (e.empty()) {
    ep.scheme = "https";
    ep.host = fmt::format("s3.{}.amazonaws.com", region.empty() ? "us-east-1" : region);
  } else {
    auto pos = e.find("://");
    if (pos != std::string_view::npos) {
      ep.scheme = util::lower(e.substr(0, pos));
      e = e.substr(pos + 3);
      if (ep.scheme != "http" && ep.scheme != "https")
        fail(ErrorKind::usage, "endpoint '{}': only http:// and https:// are supported", endpoint_option);
    } else {
      ep.scheme = "https";
    }
    auto slash = e.find('/');
    std::string host = util::lower(e.substr(0, slash));
    if (host.empty()) fail(ErrorKind::usage, "endpoint '{}' has no host name", endpoint_option);
    if (host.find('@') != std::string::npos)
      fail(ErrorKind::usage,
           "endpoint '{}': credentials do not belong in the URL (use AWS_ACCESS_KEY_ID or a profile)",
           endpoint_option);
    // Drop a default port, as botocore does for the Host header.
    auto colon = host.rfind(':');
    if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
      std::string port = host.substr(colon + 1);
      if ((ep.scheme == "http" && port == "80") || (ep.scheme == "https" && port == "443")) host.erase(colon);
    }
    ep.host = host;
    if (slash != std::string_view::npos) {
      std::string_view p = e.substr(slash);
      while (!p.empty() && p.back() == '/') p.remove_suffix(1);
      ep.base_path = std::string(p);
    }
  }
  if (path_style_option)
    ep.path_style = *path_style_option;
  else
    ep.path_style = !endpoint_option.empty() || !dns_compatible(bucket);
  return ep;
}

RequestTarget request_target(const Endpoint& ep, std::string_view bucket, std::string_view key,
                             const QueryParams& query) {
  // Appends piece by piece: GCC 12 at -O3 reports a false -Wrestrict for
  // `"/" + std::string` temporaries.
  RequestTarget t;
  std::string path = ep.base_path;
  auto append_segment = [&path](std::string_view segment, bool keep_slash) {
    path += '/';
    path += uri_encode(segment, keep_slash);
  };
  if (ep.path_style) {
    t.host = ep.host;
    append_segment(bucket, false);
    if (!key.empty()) append_segment(key, true);
  } else {
    t.host = bucket;
    t.host += '.';
    t.host += ep.host;
    append_segment(key, true);
  }
  t.canonical_uri = path;
  t.url = ep.scheme;
  t.url += "://";
  t.url += t.host;
  t.url += path;
  char sep = '?';
  for (const auto& [k, v] : query) {
    t.url += sep;
    t.url += uri_encode(k, false);
    if (!v.empty()) {
      t.url += '=';
      t.url += uri_encode(v, false);
    }
    sep = '&';
  }
  return t;
}

}  // namespace dvx::remote::s3
