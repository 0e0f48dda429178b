#include "remote/s3/s3_sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::remote::s3 {

namespace {

std::string hmac(std::string_view key, std::string_view msg) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &len))
    fail(ErrorKind::permanent, "HMAC-SHA256 failed (OpenSSL)");
  return std::string(reinterpret_cast<char*>(out), len);
}

// botocore: ' '.join(value.split())
std::string collapse_spaces(std::string_view v) {
  std::string out;
  bool pending = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending = !out.empty();
    } else {
      if (pending) out += ' ';
      pending = false;
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string amz_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string canonical_query_string(const QueryParams& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(query.size());
  for (const auto& [k, v] : query) enc.emplace_back(uri_encode(k, false), uri_encode(v, false));
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

Signed sign_v4(const SignInput& in, const Credentials& creds) {
  Signed s;
  std::string date = amz_date(in.timestamp);
  s.headers = in.headers;
  s.headers.emplace_back("X-Amz-Date", date);
  if (!creds.session_token.empty()) s.headers.emplace_back("X-Amz-Security-Token", creds.session_token);
  s.headers.emplace_back("X-Amz-Content-SHA256", in.payload_sha256);

  std::map<std::string, std::string> canon;  // sorted by lower-case name
  bool have_host = false;
  for (const auto& [name, value] : s.headers) {
    std::string l = util::lower(name);
    if (l == "user-agent" || l == "expect" || l == "x-amzn-trace-id" || l == "authorization") continue;
    if (l == "host") have_host = true;
    auto v = collapse_spaces(value);
    auto [it, inserted] = canon.emplace(l, v);
    if (!inserted) it->second += "," + v;
  }
  if (!have_host) canon.emplace("host", in.host);

  std::string canonical_headers, signed_headers;
  for (const auto& [name, value] : canon) {
    canonical_headers += name + ":" + value + "\n";
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += name;
  }
  s.canonical_request = in.method + "\n" + in.canonical_uri + "\n" + canonical_query_string(in.query) + "\n" +
                        canonical_headers + "\n" + signed_headers + "\n" + in.payload_sha256;
  std::string day = date.substr(0, 8);
  std::string scope = day + "/" + in.region + "/s3/aws4_request";
  s.string_to_sign =
      "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + util::sha256_hex(s.canonical_request);
  std::string key = hmac("AWS4" + creds.secret_access_key, day);
  key = hmac(key, in.region);
  key = hmac(key, "s3");
  key = hmac(key, "aws4_request");
  std::string sig = hmac(key, s.string_to_sign);
  std::string sig_hex = util::hex_encode({reinterpret_cast<const unsigned char*>(sig.data()), sig.size()});
  s.authorization = "AWS4-HMAC-SHA256 Credential=" + creds.access_key_id + "/" + scope +
                    ", SignedHeaders=" + signed_headers + ", Signature=" + sig_hex;
  if (!have_host) s.headers.emplace_back("Host", in.host);
  s.headers.emplace_back("Authorization", s.authorization);
  return s;
}

}  // namespace dvx::remote::s3
