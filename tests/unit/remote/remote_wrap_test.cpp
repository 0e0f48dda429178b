// Retry, concurrency-limit and logging wrappers, driven by the in-memory
// remote below them, which fails on command.
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

#include "dvx/remote/memory_remote.hpp"
#include "dvx/remote/options.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/remote/request_slots.hpp"
#include "dvx/remote/wrap.hpp"
#include "dvx/util/error.hpp"

namespace dvx::remote {
namespace {

// A memory remote holding "k" (42 bytes), as the remote below the wrappers.
std::unique_ptr<MemoryRemote> scripted(std::vector<std::optional<ErrorKind>> outcomes = {}) {
  auto r = std::make_unique<MemoryRemote>("scripted");
  r->set_object("k", std::string(42, 'k'));
  r->clear_calls();
  r->script(std::move(outcomes));
  return r;
}

struct Recorder {
  std::vector<std::chrono::milliseconds> sleeps;
  RetryPolicy policy(int attempts) {
    RetryPolicy p;
    p.max_attempts = attempts;
    p.base_delay = std::chrono::milliseconds(100);
    p.max_delay = std::chrono::milliseconds(1000);
    p.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
    p.random = [] { return 1.0; };  // the top of the jitter range
    return p;
  }
};

TEST(RetryWrapper, RetriesTransientErrorsWithExponentialBackoff) {
  auto fake = scripted({ErrorKind::transient, ErrorKind::transient, ErrorKind::transient, std::nullopt});
  auto* f = fake.get();
  Recorder rec;
  auto r = make_retrying(std::move(fake), rec.policy(6));
  EXPECT_EQ(r->stat("k"), std::optional<std::uint64_t>(42));
  EXPECT_EQ(f->count("HEAD"), 4);
  ASSERT_EQ(rec.sleeps.size(), 3u);
  EXPECT_EQ(rec.sleeps[0].count(), 100);
  EXPECT_EQ(rec.sleeps[1].count(), 200);
  EXPECT_EQ(rec.sleeps[2].count(), 400);
}

TEST(RetryWrapper, BackoffIsCappedAndJittered) {
  RetryPolicy p;
  p.base_delay = std::chrono::milliseconds(100);
  p.max_delay = std::chrono::milliseconds(1000);
  p.random = [] { return 0.0; };
  EXPECT_EQ(p.delay_for(1).count(), 50);  // bottom of [d/2, d]
  EXPECT_EQ(p.delay_for(4).count(), 400);
  EXPECT_EQ(p.delay_for(10).count(), 500);  // capped at 1000, jittered down to half
  p.random = nullptr;                       // real randomness stays within [d/2, d]
  for (int i = 0; i < 100; ++i) {
    auto d = p.delay_for(3).count();
    EXPECT_GE(d, 200);
    EXPECT_LE(d, 400);
  }
}

TEST(RetryWrapper, PermanentAndNotFoundFailFast) {
  for (auto kind : {ErrorKind::permanent, ErrorKind::not_found, ErrorKind::usage, ErrorKind::corrupt}) {
    auto fake = scripted({kind, std::nullopt});
    auto* f = fake.get();
    Recorder rec;
    auto r = make_retrying(std::move(fake), rec.policy(6));
    try {
      r->put("aa/bb/key", "/nonexistent", {});
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), kind);
      EXPECT_NE(std::string(e.what()).find("aa/bb/key"), std::string::npos);
    }
    EXPECT_EQ(f->count("PUT"), 1);
    EXPECT_TRUE(rec.sleeps.empty());
  }
}

TEST(RetryWrapper, GivesUpAfterMaxAttemptsAndSaysSo) {
  auto fake = scripted(std::vector<std::optional<ErrorKind>>(10, ErrorKind::transient));
  auto* f = fake.get();
  Recorder rec;
  auto r = make_retrying(std::move(fake), rec.policy(4));
  try {
    r->get("cc/dd/obj", "/tmp/unused");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::transient);
    EXPECT_NE(std::string(e.what()).find("gave up after 4 attempts"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cc/dd/obj"), std::string::npos) << e.what();
  }
  EXPECT_EQ(f->count("GET"), 4);
  EXPECT_EQ(rec.sleeps.size(), 3u);
}

TEST(RetryWrapper, RetriesOptionSetsAttempts) {
  EXPECT_EQ(retry_policy({"r", "/x", {}}).max_attempts, 6);
  EXPECT_EQ(retry_policy({"r", "/x", {{"retries", "0"}}}).max_attempts, 1);
  EXPECT_EQ(retry_policy({"r", "/x", {{"retries", "9"}}}).max_attempts, 10);
  EXPECT_THROW(retry_policy({"r", "/x", {{"retries", "-1"}}}), Error);
  EXPECT_THROW(retry_policy({"r", "/x", {{"retries", "many"}}}), Error);
}

TEST(LimitWrapper, CapsConcurrentOperations) {
  auto fake = scripted();
  fake->set_delay(std::chrono::milliseconds(2));
  auto* f = fake.get();
  auto r = make_limited(std::move(fake), std::make_shared<RequestSlots>(3));
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) r->stat("k");
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(f->count("HEAD"), 120);
  EXPECT_LE(f->max_in_flight(), 3);
  EXPECT_GE(f->max_in_flight(), 2);  // it did run in parallel
}

TEST(LoggingWrapper, OneLinePerOperationWithOutcome) {
  auto fake = scripted();
  fake->set_object("aa/bb/one", std::string(42, '1'));
  std::vector<std::string> lines;
  auto r = make_logging(std::move(fake), [&](const std::string& l) { lines.push_back(l); });
  r->stat("aa/bb/one");
  EXPECT_THROW(r->get("aa/bb/two", "/tmp/unused"), Error);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("HEAD aa/bb/one"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("ok 42 B"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("GET aa/bb/two"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("failed (not found)"), std::string::npos) << lines[1];
}

TEST(WrappedStack, RegistryFactoryAndOptions) {
  std::atomic<int> opened{0};
  register_scheme("scripted", [&](const RemoteConfig&, const BackendContext&) -> std::unique_ptr<Remote> {
    ++opened;
    return scripted({ErrorKind::transient, std::nullopt});
  });
  std::vector<std::string> lines;
  WrapOptions w;
  w.log = true;
  w.log_sink = [&](const std::string& l) { lines.push_back(l); };
  auto r = open_remote_wrapped({"x", "scripted://anything", {{"retries", "3"}, {"jobs", "2"}}}, w);
  EXPECT_EQ(opened, 1);
  EXPECT_EQ(r->stat("k"), std::optional<std::uint64_t>(42));  // one transient failure, retried
  EXPECT_EQ(lines.size(), 2u);                                // the log sits below the retry
  EXPECT_THROW(open_remote({"x", "gs://bucket/p", {}}), Error);
  EXPECT_EQ(url_scheme("/some/dir"), "file");
  EXPECT_EQ(url_scheme("S3://b/p"), "s3");
}

TEST(Options, Sizes) {
  EXPECT_EQ(parse_size("1048576", "x"), 1048576u);
  EXPECT_EQ(parse_size("64MiB", "x"), 64u << 20);
  EXPECT_EQ(parse_size("64M", "x"), 64u << 20);
  EXPECT_EQ(parse_size("100MB", "x"), 100'000'000u);
  EXPECT_EQ(parse_size("1GiB", "x"), 1u << 30);
  EXPECT_THROW(parse_size("lots", "x"), Error);
  EXPECT_THROW(parse_size("5 parsecs", "x"), Error);
  EXPECT_TRUE(parse_bool("Yes", "x"));
  EXPECT_FALSE(parse_bool("off", "x"));
  EXPECT_THROW(parse_bool("maybe", "x"), Error);
  EXPECT_EQ(jobs({"r", "/x", {}}), 8);                   // a directory
  EXPECT_EQ(jobs({"r", "s3://bucket/prefix", {}}), 64);  // S3: small requests wait on the server
  EXPECT_EQ(jobs({"r", "s3://bucket/prefix", {{"jobs", "3"}}}), 3);
  EXPECT_THROW(jobs({"r", "/x", {{"jobs", "0"}}}), Error);
}

}  // namespace
}  // namespace dvx::remote
