// S3 backend against a real s3rver: error codes in messages, fail-fast on
// 403, retries through a fault-injecting proxy, SSE headers, multipart abort,
// and interop with boto3 (the third-party client and oracle).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "dvx/remote/batch.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/remote/request_slots.hpp"
#include "dvx/remote/wrap.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"
#include "remote/s3/s3_credentials.hpp"
#include "remote/test_support.hpp"

namespace dvx::remote {
namespace {

using testing::TempDir;

class S3Remote : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::use_test_credentials();
    server = std::make_unique<testing::S3rver>("dvx-bucket");
  }
  static void TearDownTestSuite() { server.reset(); }

  RemoteConfig config(const std::string& endpoint, const std::string& prefix,
                      std::map<std::string, std::string> extra = {}) {
    extra["endpoint"] = endpoint;
    extra["region"] = "us-east-1";
    return {"test", "s3://dvx-bucket/" + prefix, std::move(extra)};
  }

  // Runs python with boto3 against s3rver directly (not through any proxy).
  std::string boto3(const std::string& body, const std::string& input = "") {
    std::string script =
        "import boto3, botocore.config, hashlib, json, sys\n"
        "s3 = boto3.client('s3', endpoint_url='" +
        server->endpoint() +
        "', region_name='us-east-1',\n"
        "    aws_access_key_id='S3RVER', aws_secret_access_key='S3RVER',\n"
        "    config=botocore.config.Config(s3={'addressing_style': 'path'}))\n" +
        body;
    return testing::run_capture({testing::kPython, "-c", script}, input);
  }

  fs::path file(const std::string& name, std::size_t size, unsigned seed) {
    auto p = tmp.path() / name;
    testing::write_random_file(p, size, seed);
    return p;
  }

  static inline std::unique_ptr<testing::S3rver> server;
  TempDir tmp;
};

std::string message_of(const std::function<void()>& fn, ErrorKind* kind = nullptr) {
  try {
    fn();
  } catch (const Error& e) {
    if (kind) *kind = e.kind();
    return e.what();
  }
  return "(no error)";
}

TEST_F(S3Remote, MissingBucketNamesTheS3ErrorCodeAndKey) {
  RemoteConfig c{
      "test", "s3://no-such-bucket/pre", {{"endpoint", server->endpoint()}, {"region", "us-east-1"}}};
  auto r = open_remote_wrapped(c);
  auto src = file("x", 10, 1);
  ErrorKind kind{};
  auto msg = message_of([&] { testing::put_file(*r, "aa/bb/cafe", src); }, &kind);
  EXPECT_EQ(kind, ErrorKind::permanent) << msg;
  EXPECT_NE(msg.find("NoSuchBucket"), std::string::npos) << msg;
  EXPECT_NE(msg.find("no-such-bucket/pre/aa/bb/cafe"), std::string::npos) << msg;
  msg = message_of([&] { r->get("aa/bb/cafe", tmp.path() / "out"); }, &kind);
  EXPECT_EQ(kind, ErrorKind::permanent) << msg;  // a missing bucket is not a missing object
  EXPECT_NE(msg.find("NoSuchBucket"), std::string::npos) << msg;
  msg = message_of([&] { r->list(""); }, &kind);
  EXPECT_NE(msg.find("NoSuchBucket"), std::string::npos) << msg;
}

TEST_F(S3Remote, WrongCredentialsNameTheS3ErrorCode) {
  // s3rver knows only the S3RVER key pair: another key id is refused.
  setenv("AWS_ACCESS_KEY_ID", "WRONGKEY", 1);
  auto r = open_remote_wrapped(config(server->endpoint(), "creds"));
  ErrorKind kind{};
  auto put_msg = message_of([&] { testing::put_file(*r, "aa/bb/obj", file("x", 10, 1)); }, &kind);
  auto stat_msg = message_of([&] { r->stat("aa/bb/obj"); });
  testing::use_test_credentials();
  EXPECT_EQ(kind, ErrorKind::permanent) << put_msg;
  EXPECT_NE(put_msg.find("InvalidAccessKeyId"), std::string::npos) << put_msg;
  EXPECT_NE(put_msg.find("dvx-bucket/creds/aa/bb/obj"), std::string::npos) << put_msg;
  EXPECT_NE(stat_msg.find("InvalidAccessKeyId"), std::string::npos) << stat_msg;
  EXPECT_EQ(put_msg.find("WRONGKEY"), std::string::npos) << "credential in message: " << put_msg;
}

TEST_F(S3Remote, AccessDeniedFailsFastWithCodeAndKey) {
  testing::FaultProxy proxy(server->port(), {"--deny"});
  auto r = open_remote_wrapped(config(proxy.endpoint(), "team/data"));
  auto src = file("x", 1000, 2);
  ErrorKind kind{};
  auto msg = message_of([&] { testing::put_file(*r, "ab/cd/abcdef", src); }, &kind);
  EXPECT_EQ(kind, ErrorKind::permanent) << msg;
  EXPECT_NE(msg.find("AccessDenied"), std::string::npos) << msg;
  EXPECT_NE(msg.find("403"), std::string::npos) << msg;
  EXPECT_NE(msg.find("dvx-bucket/team/data/ab/cd/abcdef"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("S3RVER"), std::string::npos) << "a credential leaked into: " << msg;
  msg = message_of([&] { r->stat("ab/cd/abcdef"); }, &kind);
  EXPECT_EQ(kind, ErrorKind::permanent) << msg;
  EXPECT_NE(msg.find("403"), std::string::npos) << msg;
  // HEAD answers carry no body: the code comes from a one-byte GET.
  EXPECT_NE(msg.find("AccessDenied"), std::string::npos) << msg;
  // No retries on 403: one PUT, then one HEAD + its diagnostic GET.
  std::istringstream log(proxy.log());
  int requests = 0;
  for (std::string line; std::getline(log, line);) ++requests;
  EXPECT_EQ(requests, 3);
}

TEST_F(S3Remote, FlakyServerEverythingArrivesIntact) {
  testing::FaultProxy proxy(server->port(), {"--fail-rate", "0.2", "--drop-rate", "0.1", "--seed", "7"});
  // Only the wrapper retries; a failed range fails that get(), and the next
  // attempt fetches only the ranges still missing.
  auto c = config(proxy.endpoint(), "flaky",
                  {{"multipart-threshold", "6MiB"}, {"part-size", "5MiB"}, {"jobs", "4"}, {"retries", "10"}});
  // Short backoff keeps the test fast; the policy itself is tested in remote_wrap_test.
  RetryPolicy fast = retry_policy(c);
  fast.base_delay = std::chrono::milliseconds(5);
  fast.max_delay = std::chrono::milliseconds(50);
  auto slots = std::make_shared<RequestSlots>(4);
  auto r = make_retrying(make_limited(open_remote(c, {slots}), slots), fast);

  std::vector<fs::path> files;
  std::vector<std::string> keys;
  for (int i = 0; i < 30; ++i) files.push_back(file("small" + std::to_string(i), 1000 + i * 977, 100 + i));
  files.push_back(file("large", (23u << 20) + 3, 99));  // 5 parts; read back as 1 GET + 4 ranges
  for (const auto& f : files) keys.push_back(object_key(testing::sha256sum(f)));
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (std::size_t i = t; i < files.size(); i += 4) testing::put_file(*r, keys[i], files[i]);
      });
    for (auto& t : threads) t.join();
  }
  EXPECT_TRUE(missing_keys(*r, keys, 8).empty());
  // Read back through the faulty proxy: every byte right (sha256sum is the
  // oracle), and the digest get() computed on the way (the large object's
  // ranges hashed in order while retried ones arrive late) says the same.
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto out = tmp.path() / ("back" + std::to_string(i));
    auto written = r->get(keys[i], out);
    std::string oracle = testing::sha256sum(out);
    EXPECT_EQ(object_key(oracle), keys[i]) << keys[i];
    EXPECT_EQ(written.hex, oracle) << keys[i];
    EXPECT_EQ(written.size, fs::file_size(files[i])) << keys[i];
  }
  // And directly from s3rver with boto3 + hashlib: each object's sha256 is its key's oid.
  auto out = boto3(
      "bad = []\n"
      "n = 0\n"
      "for page in s3.get_paginator('list_objects_v2').paginate(Bucket='dvx-bucket', Prefix='flaky/'):\n"
      "    for o in page.get('Contents', []):\n"
      "        n += 1\n"
      "        data = s3.get_object(Bucket='dvx-bucket', Key=o['Key'])['Body'].read()\n"
      "        if hashlib.sha256(data).hexdigest() != o['Key'].rsplit('/', 1)[1]: bad.append(o['Key'])\n"
      "print(json.dumps({'count': n, 'bad': bad}))\n");
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["count"].get<std::size_t>(), files.size());
  EXPECT_TRUE(j["bad"].empty()) << out;
  // The proxy really did inject faults.
  auto log = proxy.log();
  std::istringstream in(log);
  int total = 0, faults = 0;
  for (std::string line; std::getline(in, line);) {
    ++total;
    auto e = nlohmann::json::parse(line);
    if (e["action"] != "forward") ++faults;
  }
  EXPECT_GT(faults, 5) << "of " << total << " requests";
}

TEST_F(S3Remote, InteropWithBoto3BothWays) {
  auto r = open_remote_wrapped(
      config(server->endpoint(), "interop/set", {{"multipart-threshold", "5MiB"}, {"part-size", "5MiB"}}));
  auto small = file("small", 123457, 5);
  auto large = file("large", (11u << 20) + 77, 6);  // multipart: 3 parts
  std::vector<std::string> oids = {testing::sha256sum(small), testing::sha256sum(large)};
  testing::put_file(*r, object_key(oids[0]), small);
  testing::put_file(*r, object_key(oids[1]), large);
  auto out = boto3(
      "res = {}\n"
      "for oid in json.load(sys.stdin):\n"
      "    key = 'interop/set/%s/%s/%s' % (oid[0:2], oid[2:4], oid)\n"
      "    obj = s3.get_object(Bucket='dvx-bucket', Key=key)\n"
      "    res[oid] = {'sha': hashlib.sha256(obj['Body'].read()).hexdigest()}\n"
      "print(json.dumps(res))\n",
      nlohmann::json(oids).dump());
  auto j = nlohmann::json::parse(out);
  for (const auto& oid : oids) EXPECT_EQ(j[oid]["sha"], oid);
  // (s3rver gives multipart objects a plain MD5 ETag, so that the large one
  // went up in parts is checked through the proxy log in ServerSideEncryptionHeadersAreSent.)
  // boto3 puts an object; our get() reads it back with the bytes boto3 hashed.
  out = boto3(
      "import os\n"
      "data = os.urandom(300001)\n"
      "oid = hashlib.sha256(data).hexdigest()\n"
      "s3.put_object(Bucket='dvx-bucket', Key='interop/set/%s/%s/%s' % (oid[0:2], oid[2:4], oid), "
      "Body=data)\n"
      "print(oid)\n");
  std::string oid = out.substr(0, 64);
  auto dest = tmp.path() / "from-boto3";
  r->get(object_key(oid), dest);
  EXPECT_EQ(testing::sha256sum(dest), oid);
  EXPECT_EQ(r->stat(object_key(oid)), std::optional<std::uint64_t>(300001));
}

TEST_F(S3Remote, ServerSideEncryptionHeadersAreSent) {
  testing::FaultProxy proxy(server->port(), {});
  auto r = open_remote(config(proxy.endpoint(), "sse",
                              {{"sse", "aws:kms"},
                               {"sse-kms-key-id", "alias/dvx"},
                               {"multipart-threshold", "5MiB"},
                               {"part-size", "5MiB"}}));
  testing::put_file(*r, "aa/bb/small", file("s", 100, 1));
  auto large = file("l", (6u << 20) + 5, 2);
  testing::put_file(*r, "aa/bb/large", large);
  // A download larger than part-size: the first GET is cut at 5 MiB and the
  // rest comes by a ranged GET; the bytes must be the same.
  r->get("aa/bb/large", tmp.path() / "large.back");
  EXPECT_EQ(testing::sha256sum(tmp.path() / "large.back"), testing::sha256sum(large));
  int ranged = 0;
  std::istringstream in(proxy.log());
  int single = 0, create = 0, parts = 0;
  for (std::string line; std::getline(in, line);) {
    auto e = nlohmann::json::parse(line);
    auto h = e["headers"];
    bool has_sse = h.contains("x-amz-server-side-encryption") &&
                   h["x-amz-server-side-encryption"] == "aws:kms" &&
                   h.contains("x-amz-server-side-encryption-aws-kms-key-id") &&
                   h["x-amz-server-side-encryption-aws-kms-key-id"] == "alias/dvx";
    std::string q = e["query"];
    if (e["method"] == "PUT" && q.empty()) {
      ++single;
      EXPECT_TRUE(has_sse) << line;
    } else if (e["method"] == "POST" && q == "uploads") {
      ++create;
      EXPECT_TRUE(has_sse) << line;
    } else if (e["method"] == "PUT" && q.find("partNumber=") != std::string::npos) {
      ++parts;
      EXPECT_FALSE(h.contains("x-amz-server-side-encryption")) << line;  // S3 rejects SSE headers on parts
    }
    if (e["method"] == "GET" && h.contains("range")) {
      ++ranged;
      EXPECT_EQ(h["range"], "bytes=5242880-6291460") << line;
    }
    // Every request is signed and carries its payload hash.
    EXPECT_NE(h["authorization"].get<std::string>().find("AWS4-HMAC-SHA256 Credential=S3RVER/"),
              std::string::npos);
    EXPECT_TRUE(h.contains("x-amz-content-sha256"));
  }
  EXPECT_EQ(single, 1);
  EXPECT_EQ(create, 1);
  EXPECT_EQ(parts, 2);
  EXPECT_EQ(ranged, 1);
}

TEST_F(S3Remote, FailedMultipartUploadIsAborted) {
  testing::FaultProxy proxy(server->port(), {"--deny-parts"});
  auto r = open_remote_wrapped(
      config(proxy.endpoint(), "abort", {{"multipart-threshold", "5MiB"}, {"part-size", "5MiB"}}));
  ErrorKind kind{};
  auto msg = message_of([&] { testing::put_file(*r, "aa/bb/big", file("big", 12u << 20, 3)); }, &kind);
  EXPECT_EQ(kind, ErrorKind::permanent) << msg;
  EXPECT_NE(msg.find("AccessDenied"), std::string::npos) << msg;
  EXPECT_NE(msg.find("UploadPart"), std::string::npos) << msg;
  std::istringstream in(proxy.log());
  std::string upload_id;
  bool aborted = false, completed = false;
  for (std::string line; std::getline(in, line);) {
    auto e = nlohmann::json::parse(line);
    std::string q = e["query"];
    if (e["method"] == "DELETE" && q.rfind("uploadId=", 0) == 0) aborted = true;
    if (e["method"] == "POST" && q.rfind("uploadId=", 0) == 0) completed = true;
  }
  EXPECT_TRUE(aborted) << proxy.log();
  EXPECT_FALSE(completed);
  EXPECT_EQ(r->stat("aa/bb/big"), std::nullopt);
}

// Bytes this process has read with read()/pread() so far (/proc/self/io).
std::uint64_t bytes_read_so_far() {
  std::ifstream io("/proc/self/io");
  for (std::string field; io >> field;) {
    std::uint64_t value = 0;
    io >> value;
    if (field == "rchar:") return value;
  }
  throw std::runtime_error("no rchar in /proc/self/io");
}

// put() is handed the digest (the key is the content's SHA-256), so neither
// a single PUT nor a multipart upload reads the file a second time to sign
// its payload: bytes read ≈ bytes uploaded, not twice that.
TEST_F(S3Remote, PutReadsTheFileOnce) {
  auto r = open_remote_wrapped(
      config(server->endpoint(), "once", {{"multipart-threshold", "8MiB"}, {"part-size", "5MiB"}}));
  const std::vector<std::pair<std::string, std::uint64_t>> cases = {{"single", (6u << 20) + 1},
                                                                    {"multipart", (17u << 20) + 3}};
  for (const auto& [name, size] : cases) {
    auto src = file(name, size, 11);
    auto digest = util::sha256_file(src);  // what the caller knows already
    auto before = bytes_read_so_far();
    r->put(object_key(digest.hex), src, digest);
    auto read = bytes_read_so_far() - before;
    EXPECT_GE(read, size) << name;
    EXPECT_LT(read, size + size / 20)
        << name << ": the file was read " << double(read) / double(size) << " times";
    auto back = tmp.path() / (name + ".back");
    EXPECT_EQ(r->get(object_key(digest.hex), back).hex, digest.hex) << name;
    EXPECT_EQ(testing::sha256sum(back), digest.hex) << name;
  }
}

// Retry lives in the wrapper only: with every part answered 503 SlowDown and
// retries = 2, each part is sent at most 3 times (once per put() attempt;
// the upload is resumed, not restarted) and the upload is aborted at the end.
TEST_F(S3Remote, TransientPartFailuresAreRetriedOnlyByTheWrapper) {
  testing::FaultProxy proxy(server->port(), {"--slow-parts"});
  auto src = file("big", (12u << 20) + 5, 8);  // 3 parts of 5 MiB
  ErrorKind kind{};
  std::string msg;
  {
    auto r = open_remote_wrapped(
        config(proxy.endpoint(), "bounded",
               {{"multipart-threshold", "5MiB"}, {"part-size", "5MiB"}, {"retries", "2"}}));
    msg = message_of([&] { testing::put_file(*r, "aa/bb/big", src); }, &kind);
  }  // closing the remote aborts the upload left pending
  EXPECT_EQ(kind, ErrorKind::transient) << msg;
  EXPECT_NE(msg.find("UploadPart"), std::string::npos) << msg;
  EXPECT_NE(msg.find("SlowDown"), std::string::npos) << msg;
  EXPECT_NE(msg.find("gave up after 3 attempts"), std::string::npos) << msg;
  std::map<std::string, int> part_attempts;
  int creates = 0, aborts = 0, completes = 0, parts = 0;
  std::istringstream in(proxy.log());
  for (std::string line; std::getline(in, line);) {
    auto e = nlohmann::json::parse(line);
    std::string q = e["query"];
    if (e["method"] == "POST" && q == "uploads") ++creates;
    if (e["method"] == "POST" && q.rfind("uploadId=", 0) == 0) ++completes;
    if (e["method"] == "DELETE" && q.rfind("uploadId=", 0) == 0) ++aborts;
    if (auto pos = q.find("partNumber="); pos != std::string::npos) {
      ++parts;
      ++part_attempts[q.substr(pos, q.find('&', pos) - pos)];
    }
  }
  EXPECT_EQ(creates, 1) << proxy.log();
  EXPECT_EQ(completes, 0);
  EXPECT_EQ(aborts, 1) << proxy.log();
  EXPECT_GE(parts, 3);  // at least one part per attempt
  for (const auto& [part, n] : part_attempts) EXPECT_LE(n, 3) << part << " was sent " << n << " times";
}

// A retried GET resumes: with the 3rd ranged GET answered 503 once, the
// wrapper's second attempt fetches only that range and the one after it;
// the first part_size bytes and the ranges already in the file are not
// requested again, and the bytes and digest are right.
TEST_F(S3Remote, RetriedRangedGetFetchesOnlyTheMissingRanges) {
  auto src = file("big", (23u << 20) + 3, 5);  // 1 GET of 5 MiB + 4 ranges
  const std::string digest = testing::sha256sum(src);
  auto direct = open_remote_wrapped(config(server->endpoint(), "resume", {{"part-size", "5MiB"}}));
  testing::put_file(*direct, object_key(digest), src);

  testing::FaultProxy proxy(server->port(), {"--fail-range", "3"});
  auto c = config(proxy.endpoint(), "resume", {{"part-size", "5MiB"}, {"jobs", "1"}, {"retries", "2"}});
  RetryPolicy fast = retry_policy(c);
  fast.base_delay = std::chrono::milliseconds(5);
  auto slots = std::make_shared<RequestSlots>(1);
  auto r = make_retrying(make_limited(open_remote(c, {slots}), slots), fast);
  auto back = tmp.path() / "big.back";
  EXPECT_EQ(r->get(object_key(digest), back).hex, digest);
  EXPECT_EQ(testing::sha256sum(back), digest);

  std::map<std::string, int> gets;  // Range header ("" for the plain GET) -> requests
  std::istringstream in(proxy.log());
  for (std::string line; std::getline(in, line);) {
    auto e = nlohmann::json::parse(line);
    if (e["method"] != "GET") continue;
    gets[e["headers"].value("range", "")]++;
  }
  const std::uint64_t part = 5u << 20;
  std::map<std::string, int> expected{{"", 1}};
  for (int i = 1; i <= 4; ++i) {
    std::uint64_t from = part * i, to = std::min<std::uint64_t>(part * (i + 1), (23u << 20) + 3) - 1;
    expected["bytes=" + std::to_string(from) + "-" + std::to_string(to)] = i == 3 ? 2 : 1;
  }
  EXPECT_EQ(gets, expected) << proxy.log();
}

// Credential resolution reads only the environment and the AWS files.
TEST(S3Credentials, EnvironmentThenProfileFiles) {
  TempDir tmp;
  std::ofstream(tmp.path() / "credentials")
      << "[default]\naws_access_key_id = DEFAULTID\naws_secret_access_key = "
         "defsecret\n\n[team]\naws_access_key_id=TEAMID\n"
         "aws_secret_access_key=teamsecret\naws_session_token = tok\n";
  std::ofstream(tmp.path() / "config")
      << "[default]\nregion = eu-west-1\n[profile team]\nregion = ap-south-1\n"
         "[profile cfgonly]\naws_access_key_id = CFGID\naws_secret_access_key = s\n";
  setenv("AWS_SHARED_CREDENTIALS_FILE", (tmp.path() / "credentials").c_str(), 1);
  setenv("AWS_CONFIG_FILE", (tmp.path() / "config").c_str(), 1);
  unsetenv("AWS_REGION");
  unsetenv("AWS_DEFAULT_REGION");
  unsetenv("AWS_PROFILE");
  setenv("AWS_ACCESS_KEY_ID", "ENVID", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
  setenv("AWS_SESSION_TOKEN", "envtoken", 1);
  auto c = s3::resolve_credentials("");
  EXPECT_EQ(c.access_key_id, "ENVID");
  EXPECT_EQ(c.session_token, "envtoken");
  // An explicit profile option wins over the environment (as botocore's --profile).
  EXPECT_EQ(s3::resolve_credentials("team").access_key_id, "TEAMID");
  EXPECT_EQ(s3::resolve_credentials("team").session_token, "tok");
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  unsetenv("AWS_SESSION_TOKEN");
  EXPECT_EQ(s3::resolve_credentials("").access_key_id, "DEFAULTID");
  setenv("AWS_PROFILE", "cfgonly", 1);
  EXPECT_EQ(s3::resolve_credentials("").access_key_id, "CFGID");
  setenv("AWS_PROFILE", "nobody", 1);
  auto msg = message_of([] { s3::resolve_credentials(""); });
  EXPECT_NE(msg.find("profile 'nobody' not found"), std::string::npos) << msg;
  unsetenv("AWS_PROFILE");
  EXPECT_EQ(s3::resolve_region("", ""), "eu-west-1");
  EXPECT_EQ(s3::resolve_region("", "team"), "ap-south-1");
  EXPECT_EQ(s3::resolve_region("us-west-2", "team"), "us-west-2");
  setenv("AWS_REGION", "ca-central-1", 1);
  EXPECT_EQ(s3::resolve_region("", "team"), "ca-central-1");
  unsetenv("AWS_REGION");
  setenv("AWS_SHARED_CREDENTIALS_FILE", (tmp.path() / "missing").c_str(), 1);
  setenv("AWS_CONFIG_FILE", (tmp.path() / "missing2").c_str(), 1);
  msg = message_of([] { s3::resolve_credentials(""); });
  EXPECT_NE(msg.find("no AWS credentials found"), std::string::npos) << msg;
  unsetenv("AWS_SHARED_CREDENTIALS_FILE");
  unsetenv("AWS_CONFIG_FILE");
  testing::use_test_credentials();
}

}  // namespace
}  // namespace dvx::remote
