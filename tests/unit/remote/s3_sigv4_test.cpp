// SigV4 signatures and URL encoding against botocore.auth.S3SigV4Auth,
// computed during the test by /usr/bin/python3 (tests/unit/remote/sigv4_oracle.py).
#include "remote/s3/s3_sigv4.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"
#include "remote/s3/s3_url.hpp"
#include "remote/test_support.hpp"

namespace dvx::remote::s3 {
namespace {

struct Case {
  std::string method;
  std::string endpoint;
  std::string bucket;
  std::string key;
  QueryParams query;  // "" value = no value (?uploads)
  Headers headers;
  std::string body;
  std::string token;
  std::string region = "us-east-1";
  bool virtual_host = false;
  std::time_t timestamp = 1795385100;  // 2026-11-22T21:25:00Z
};

std::vector<Case> cases() {
  std::string big(70000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 + 7);
  return {
      {"GET", "http://127.0.0.1:4568", "bucket", "data/0a/1b/0a1b2c", {}, {}, "", ""},
      {"HEAD", "http://127.0.0.1:4568", "bucket", "key with spaces/and  double", {}, {}, "", ""},
      {"PUT",
       "http://127.0.0.1:4568",
       "bucket",
       "unicode/d\xc3\xa9j\xc3\xa0 vu/\xe2\x9c\x93\xf0\x9f\x98\x80.csv",
       {},
       {{"Content-Type", "application/octet-stream"}},
       "hello, world\n",
       ""},
      {"PUT",
       "https://s3.eu-west-1.amazonaws.com",
       "my-bucket",
       "special/a+b=c&d;e,f@g$h!(i)'j*k%l:m?n#o[p]",
       {},
       {},
       big,
       "",
       "eu-west-1"},
      {"DELETE", "http://localhost:9000", "b", "x/y/z", {}, {}, "", "session/token+with=odd&chars"},
      {"POST",
       "http://127.0.0.1:4568",
       "bucket",
       "big/object",
       {{"uploads", ""}},
       {{"x-amz-server-side-encryption", "aws:kms"},
        {"x-amz-server-side-encryption-aws-kms-key-id", "key-1"}},
       "",
       ""},
      {"PUT",
       "http://127.0.0.1:4568",
       "bucket",
       "big/object",
       {{"uploadId", "abc/def=="}, {"partNumber", "1"}},
       {},
       "part one bytes",
       ""},
      {"PUT",
       "http://127.0.0.1:4568",
       "bucket",
       "big/object",
       {{"partNumber", "10"}, {"uploadId", "x"}},
       {},
       "part ten",
       "tok"},
      {"POST",
       "http://127.0.0.1:4568",
       "bucket",
       "big/object",
       {{"uploadId", "x"}},
       {{"Content-Type", "application/xml"}},
       "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"e\"</ETag></Part></"
       "CompleteMultipartUpload>",
       ""},
      {"GET",
       "http://127.0.0.1:4568",
       "bucket",
       "",
       {{"prefix", "team/a b/\xc3\xa9"}, {"list-type", "2"}, {"continuation-token", "1/+=x"}},
       {},
       "",
       ""},
      {"GET",
       "https://s3.us-west-2.amazonaws.com",
       "vhost-bucket",
       "path/to/object",
       {},
       {{"Range", "bytes=0-99"}},
       "",
       "",
       "us-west-2",
       true},
      {"GET",
       "https://minio.example.com:9443",
       "bucket",
       "k",
       {},
       {{"X-Amz-Meta-Note", "  spaced   value  "}},
       "",
       "",
       "us-east-1"},
  };
}

TEST(S3SigV4, MatchesBotocoreForEveryRequest) {
  auto all = cases();
  nlohmann::json in = nlohmann::json::array();
  Credentials base{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
  for (const auto& c : all) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& [k, v] : c.query)
      params.push_back({k, v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v)});
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [k, v] : c.headers) headers[k] = v;
    in.push_back({{"method", c.method},
                  {"endpoint", c.endpoint},
                  {"bucket", c.bucket},
                  {"key", c.key},
                  {"params", params},
                  {"headers", headers},
                  {"body_hex",
                   util::hex_encode({reinterpret_cast<const unsigned char*>(c.body.data()), c.body.size()})},
                  {"access_key", base.access_key_id},
                  {"secret_key", base.secret_access_key},
                  {"token", c.token},
                  {"region", c.region},
                  {"virtual_host", c.virtual_host},
                  {"timestamp", amz_date(c.timestamp)}});
  }
  auto out = nlohmann::json::parse(testing::run_capture(
      {testing::kPython, testing::source_dir() + "/tests/unit/remote/sigv4_oracle.py"}, in.dump()));
  ASSERT_EQ(out.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    bool path_style = !c.virtual_host;
    auto ep = make_endpoint(c.endpoint, c.region, c.bucket, &path_style);
    auto target = request_target(ep, c.bucket, c.key, c.query);
    EXPECT_EQ(target.url, out[i]["url"].get<std::string>()) << "case " << i;
    SignInput s;
    s.method = c.method;
    s.host = target.host;
    s.canonical_uri = target.canonical_uri;
    s.query = c.query;
    s.headers = c.headers;
    s.payload_sha256 = util::sha256_hex(c.body);
    s.region = c.region;
    s.timestamp = c.timestamp;
    Credentials creds = base;
    creds.session_token = c.token;
    auto signed_req = sign_v4(s, creds);
    EXPECT_EQ(s.payload_sha256, out[i]["content_sha256"].get<std::string>()) << "case " << i;
    EXPECT_EQ(signed_req.authorization, out[i]["authorization"].get<std::string>())
        << "case " << i << " " << c.method << " " << target.url << "\ncanonical request:\n"
        << signed_req.canonical_request;
    if (!c.token.empty()) {
      bool has_token = false;
      for (const auto& [k, v] : signed_req.headers) has_token |= k == "X-Amz-Security-Token" && v == c.token;
      EXPECT_TRUE(has_token) << "case " << i;
    }
  }
}

TEST(S3SigV4, EmptyPayloadHashConstantIsSha256OfNothing) {
  EXPECT_EQ(util::sha256_hex(""), kEmptySha256);
}

TEST(S3Url, ParsesBucketAndPrefix) {
  auto a = parse_s3_url("s3://bucket/some/prefix/");
  EXPECT_EQ(a.bucket, "bucket");
  EXPECT_EQ(a.prefix, "some/prefix");
  auto b = parse_s3_url("s3://bucket");
  EXPECT_EQ(b.prefix, "");
  EXPECT_THROW(parse_s3_url("s3:///prefix"), Error);
  EXPECT_THROW(parse_s3_url("s3://bu cket/x"), Error);
  EXPECT_THROW(parse_s3_url("http://bucket/x"), Error);
}

TEST(S3Url, AddressingDefaults) {
  auto aws = make_endpoint("", "eu-west-1", "my-bucket", nullptr);
  EXPECT_FALSE(aws.path_style);
  EXPECT_EQ(request_target(aws, "my-bucket", "a/b", {}).url,
            "https://my-bucket.s3.eu-west-1.amazonaws.com/a/b");
  auto dotted = make_endpoint("", "eu-west-1", "my.bucket", nullptr);
  EXPECT_TRUE(dotted.path_style);
  auto custom = make_endpoint("http://127.0.0.1:4568/", "us-east-1", "b", nullptr);
  EXPECT_TRUE(custom.path_style);
  EXPECT_EQ(request_target(custom, "b", "k", {{"uploads", ""}}).url, "http://127.0.0.1:4568/b/k?uploads");
  auto default_port = make_endpoint("https://minio.local:443", "us-east-1", "b", nullptr);
  EXPECT_EQ(default_port.host, "minio.local");
  EXPECT_THROW(make_endpoint("ftp://x", "us-east-1", "b", nullptr), Error);
  EXPECT_THROW(make_endpoint("http://user:pw@host", "us-east-1", "b", nullptr), Error);
}

}  // namespace
}  // namespace dvx::remote::s3
