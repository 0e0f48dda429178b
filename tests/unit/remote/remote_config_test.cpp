// .dvxconfig + git config loading and editing (real git repositories in
// temporary folders; the TOML we write is read back by python 3.11 tomllib,
// an independent parser).
#include "dvx/remote/remote_config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dvx/util/error.hpp"
#include "remote/test_support.hpp"

namespace dvx::remote {
namespace {

class RemoteConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::run_capture({"git", "init", "-q", root().string()}); }
  const fs::path& root() const { return tmp_.path(); }
  std::string read(const fs::path& p) {
    std::stringstream s;
    s << std::ifstream(p).rdbuf();
    return s.str();
  }
  std::string git_get(const std::string& key) {
    try {
      auto out = testing::run_capture({"git", "-C", root().string(), "config", "--local", "--get", key});
      return out.substr(0, out.find('\n'));
    } catch (const std::exception&) {
      return "(unset)";
    }
  }
  testing::TempDir tmp_;
};

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_F(RemoteConfigTest, AddModifyListThroughDvxconfig) {
  add_remote(root(), ConfigScope::project, "storage", "s3://bucket/data/set", true);
  modify_remote(root(), ConfigScope::project, "storage", "region", "eu-west-1");
  modify_remote(root(), ConfigScope::project, "storage", "path-style", "true");
  modify_remote(root(), ConfigScope::project, "storage", "jobs", "16");
  modify_remote(root(), ConfigScope::project, "storage", "multipart-threshold", "128MiB");
  add_remote(root(), ConfigScope::project, "nas", "../shared/store", false);

  // An independent TOML parser (python 3.11 tomllib) sees the values with their types.
  auto json = testing::run_capture(
      {testing::kPython, "-c",
       "import tomllib, json, sys; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))",
       (root() / ".dvxconfig").string()});
  auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["core"]["remote"], "storage");
  EXPECT_EQ(j["remote"]["storage"]["url"], "s3://bucket/data/set");
  EXPECT_EQ(j["remote"]["storage"]["region"], "eu-west-1");
  EXPECT_EQ(j["remote"]["storage"]["path-style"], true);
  EXPECT_EQ(j["remote"]["storage"]["jobs"], 16);
  EXPECT_EQ(j["remote"]["storage"]["multipart-threshold"], "128MiB");
  EXPECT_EQ(j["remote"]["nas"]["url"], "../shared/store");

  auto set = load_remotes(root());
  ASSERT_EQ(set.remotes.size(), 2u);
  EXPECT_EQ(set.default_name, std::optional<std::string>("storage"));
  auto storage = select_remote(set);
  EXPECT_EQ(storage.name, "storage");
  EXPECT_EQ(storage.options.at("path-style"), "true");
  EXPECT_EQ(storage.options.at("jobs"), "16");
  auto nas = select_remote(set, "nas");
  EXPECT_EQ(nas.url, (root().parent_path() / "shared/store").lexically_normal().string());
  EXPECT_EQ(set.find("nas")->raw_url, "../shared/store");
}

TEST_F(RemoteConfigTest, LocalScopeGoesToGitConfigAndOverrides) {
  add_remote(root(), ConfigScope::project, "storage", "s3://bucket/p", true);
  modify_remote(root(), ConfigScope::project, "storage", "region", "eu-west-1");
  modify_remote(root(), ConfigScope::local, "storage", "profile", "me");
  modify_remote(root(), ConfigScope::local, "storage", "region", "us-west-2");
  add_remote(root(), ConfigScope::local, "private", "/mnt/private", false);
  set_default_remote(root(), ConfigScope::local, "private");
  EXPECT_EQ(git_get("dvx.remote.storage.profile"), "me");
  EXPECT_EQ(git_get("dvx.remote.private.url"), "/mnt/private");
  EXPECT_EQ(git_get("dvx.defaultremote"), "private");
  EXPECT_EQ(read(root() / ".dvxconfig").find("profile"), std::string::npos);  // private stays private

  auto set = load_remotes(root());
  EXPECT_EQ(set.default_name, std::optional<std::string>("private"));
  auto s = select_remote(set, "storage");
  EXPECT_EQ(s.options.at("region"), "us-west-2");
  EXPECT_EQ(s.options.at("profile"), "me");
  EXPECT_TRUE(set.find("storage")->in_project);
  EXPECT_TRUE(set.find("storage")->in_local);

  modify_remote(root(), ConfigScope::local, "storage", "region", std::nullopt);
  EXPECT_EQ(select_remote(load_remotes(root()), "storage").options.at("region"), "eu-west-1");

  remove_remote(root(), "private");
  EXPECT_EQ(git_get("dvx.remote.private.url"), "(unset)");
  EXPECT_EQ(git_get("dvx.defaultremote"), "(unset)");
  EXPECT_EQ(load_remotes(root()).default_name, std::optional<std::string>("storage"));
  remove_remote(root(), "storage");
  EXPECT_TRUE(load_remotes(root()).remotes.empty());
  EXPECT_EQ(git_get("dvx.remote.storage.profile"), "(unset)");
  EXPECT_EQ(read(root() / ".dvxconfig").find("storage"), std::string::npos);
}

TEST_F(RemoteConfigTest, RejectsUnknownKeysSecretsAndBadValues) {
  add_remote(root(), ConfigScope::project, "s", "s3://bucket/p", false);
  auto msg = error_of([&] { modify_remote(root(), ConfigScope::project, "s", "colour", "blue"); });
  EXPECT_NE(msg.find("unknown remote option 'colour'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("multipart-threshold"), std::string::npos) << msg;  // lists the valid keys
  for (const char* secret :
       {"secret-access-key", "access-key-id", "aws_secret_access_key", "session-token", "password"}) {
    msg = error_of([&] { modify_remote(root(), ConfigScope::local, "s", secret, "AKIAXXXX"); });
    EXPECT_NE(msg.find("credentials come from AWS_ACCESS_KEY_ID"), std::string::npos)
        << secret << ": " << msg;
  }
  EXPECT_EQ(read(root() / ".dvxconfig").find("AKIA"), std::string::npos);
  EXPECT_EQ(git_get("dvx.remote.s.secret-access-key"), "(unset)");
  EXPECT_NE(error_of([&] { modify_remote(root(), ConfigScope::project, "s", "sse", "DES"); }).find("AES256"),
            std::string::npos);
  EXPECT_NE(
      error_of([&] { modify_remote(root(), ConfigScope::project, "s", "jobs", "0"); }).find("out of range"),
      std::string::npos);
  EXPECT_NE(error_of([&] {
              modify_remote(root(), ConfigScope::project, "s", "path-style", "perhaps");
            }).find("not a boolean"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              modify_remote(root(), ConfigScope::project, "s", "multipart-threshold", "1MiB");
            }).find("at least 5MiB"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              modify_remote(root(), ConfigScope::project, "nope", "region", "x");
            }).find("no remote named 'nope'"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              add_remote(root(), ConfigScope::project, "s", "/other", false);
            }).find("already exists"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              add_remote(root(), ConfigScope::project, "bad name", "/x", false);
            }).find("invalid remote name"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              add_remote(root(), ConfigScope::project, "g", "gs://bucket/x", false);
            }).find("unsupported URL scheme"),
            std::string::npos);
  EXPECT_NE(
      error_of([&] { add_remote(root(), ConfigScope::project, "k", "s3://AKIA:secret@bucket/x", false); }),
      "(no error)");
}

TEST_F(RemoteConfigTest, BrokenTomlNamesFileAndLine) {
  std::ofstream(root() / ".dvxconfig")
      << "[core]\nremote = \"s\"\n\n[remote.s]\nurl = \"s3://b/p\nregion = 1\n";
  auto msg = error_of([&] { load_remotes(root()); });
  EXPECT_NE(msg.find(".dvxconfig:5:"), std::string::npos) << msg;
  std::ofstream(root() / ".dvxconfig") << "[remote]\ns = \"not a table\"\n";
  msg = error_of([&] { load_remotes(root()); });
  EXPECT_NE(msg.find(".dvxconfig:2:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("must be a table"), std::string::npos) << msg;
}

TEST_F(RemoteConfigTest, KeepsOtherTablesAndSelectsHelpfully) {
  std::ofstream(root() / ".dvxconfig") << "[cache]\nshared = \"/srv/cache\"\n";
  auto msg = error_of([&] { select_remote(load_remotes(root())); });
  EXPECT_NE(msg.find("no remote configured"), std::string::npos) << msg;
  add_remote(root(), ConfigScope::project, "a", "/store/a", false);
  EXPECT_EQ(select_remote(load_remotes(root())).name, "a");  // the only one is the default
  add_remote(root(), ConfigScope::project, "b", "/store/b", false);
  msg = error_of([&] { select_remote(load_remotes(root())); });
  EXPECT_NE(msg.find("none is the default"), std::string::npos) << msg;
  msg = error_of([&] { select_remote(load_remotes(root()), "c"); });
  EXPECT_NE(msg.find("configured: a, b"), std::string::npos) << msg;
  EXPECT_NE(read(root() / ".dvxconfig").find("/srv/cache"), std::string::npos);
}

}  // namespace
}  // namespace dvx::remote
