#pragma once
// AWS Signature Version 4 for S3 (header auth), signed in the project with
// OpenSSL HMAC-SHA256 (Debian's libcurl 7.88 CURLOPT_AWS_SIGV4 mis-signs
// unsorted query strings and value-less keys such as ?uploads).
// Matches botocore.auth.S3SigV4Auth: every header passed in is signed
// (except user-agent, expect, x-amzn-trace-id), plus host, x-amz-date,
// x-amz-content-sha256 and, with a session token, x-amz-security-token.
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "remote/s3/s3_url.hpp"

namespace dvx::remote::s3 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // optional
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct SignInput {
  std::string method;
  std::string host;            // Host header value
  std::string canonical_uri;   // already URI-encoded path
  QueryParams query;           // decoded pairs, any order
  Headers headers;             // extra headers to send and sign
  std::string payload_sha256;  // hex; hash of the empty string for no body
  std::string region;
  std::time_t timestamp = 0;  // seconds since the epoch (UTC)
};

struct Signed {
  Headers headers;  // input headers + x-amz-date, x-amz-content-sha256, [x-amz-security-token], authorization
  std::string authorization;
  std::string canonical_request;  // for debugging and tests
  std::string string_to_sign;
};

Signed sign_v4(const SignInput& in, const Credentials& creds);

std::string canonical_query_string(const QueryParams& query);
std::string amz_date(std::time_t t);  // "20261122T220500Z"

inline constexpr const char* kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace dvx::remote::s3
