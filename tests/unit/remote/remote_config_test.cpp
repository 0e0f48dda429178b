// .dvxconfig + git config loading and editing (real git repositories in
// temporary folders; the TOML we write is read back by python 3.11 tomllib,
// an independent parser).
#include "dvx/remote/remote_config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dvx/remote/backend.hpp"
#include "dvx/remote/option_specs.hpp"
#include "dvx/remote/options.hpp"
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
    EXPECT_NE(msg.find("credentials never go into .dvxconfig or git config"), std::string::npos)
        << secret << ": " << msg;
    EXPECT_EQ(msg.find("AKIAXXXX"), std::string::npos) << msg;
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
  msg = error_of([&] { add_remote(root(), ConfigScope::project, "k", "s3://AKIA:hunter2@bucket/x", false); });
  EXPECT_NE(msg.find("credentials do not belong in the URL"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("hunter2"), std::string::npos) << msg;
  // An S3 option on a directory remote.
  add_remote(root(), ConfigScope::project, "d", "/srv/store", false);
  msg = error_of([&] { modify_remote(root(), ConfigScope::project, "d", "region", "x"); });
  EXPECT_NE(msg.find("unknown remote option 'region' for directory remotes (valid: url, jobs, retries, log)"),
            std::string::npos)
      << msg;
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

TEST_F(RemoteConfigTest, SelectsHelpfully) {
  auto msg = error_of([&] { select_remote(load_remotes(root())); });
  EXPECT_NE(msg.find("no remote configured"), std::string::npos) << msg;
  add_remote(root(), ConfigScope::project, "a", "/store/a", false);
  EXPECT_EQ(select_remote(load_remotes(root())).name, "a");  // the only one is the default
  add_remote(root(), ConfigScope::project, "b", "/store/b", false);
  msg = error_of([&] { select_remote(load_remotes(root())); });
  EXPECT_NE(msg.find("none is the default"), std::string::npos) << msg;
  msg = error_of([&] { select_remote(load_remotes(root()), "c"); });
  EXPECT_NE(msg.find("configured: a, b"), std::string::npos) << msg;
}

// .dvxconfig is strict: each case names the file, line, column and key.
TEST_F(RemoteConfigTest, RefusesUnknownKeysWrongTypesAndCredentialsInDvxconfig) {
  struct Case {
    std::string text, expected;
  };
  const std::vector<Case> cases = {
      {"[remote.s]\nurl = \"/st\"\ncolour = \"blue\"\n",
       ".dvxconfig:3:10: remote.s.colour: unknown remote option 'colour' for directory remotes"},
      {"[remote.s]\nurl = 42\n",
       ".dvxconfig:2:7: remote.s.url must be a string (a URL or a directory path), not an integer"},
      {"[remote.s]\nurl = \"s3://b/p\"\njobs = \"x\"\n",
       ".dvxconfig:3:8: remote.s.jobs must be an integer, not a string"},
      {"[remote.s]\nurl = \"s3://b/p\"\njobs = 1000\n",
       ".dvxconfig:3:8: remote.s.jobs: option 'jobs': 1000 is out of range"},
      {"[remote.s]\nurl = \"s3://b/p\"\npath-style = \"true\"\n",
       ".dvxconfig:3:14: remote.s.path-style must be true or false"},
      {"[remote.s]\nurl = \"s3://b/p\"\npart-size = 1.5\n",
       ".dvxconfig:3:13: remote.s.part-size must be a size"},
      {"[remote.s]\nurl = \"s3://b/p\"\nsse = \"DES\"\n",
       ".dvxconfig:3:7: remote.s.sse: option 'sse' must be AES256 or aws:kms"},
      {"[remote.s]\nurl = \"s3://b/p\"\nsecret-access-key = \"TOPSECRET\"\n",
       ".dvxconfig:3:21: remote.s.secret-access-key: 'secret-access-key' is refused: credentials never go "
       "into"},
      {"[remote.s]\nurl = \"s3://b/p\"\npassword = \"TOPSECRET\"\n", "'password' is refused"},
      {"[remote.s]\nurl = \"gs://b/p\"\n", ".dvxconfig:2:7: remote.s.url: unsupported URL scheme 'gs'"},
      {"[remote.\"a b\"]\nurl = \"/st\"\n", ".dvxconfig:1:1: invalid remote name 'a b'"},
      {"[cache]\nshared = \"/srv\"\n", ".dvxconfig:1:1: unknown table or key 'cache'"},
      {"[core]\nremote = 1\n", ".dvxconfig:2:10: core.remote must be a string"},
      {"[core]\ndefault = \"s\"\n", ".dvxconfig:2:11: unknown key 'core.default'"},
  };
  for (const auto& c : cases) {
    std::ofstream(root() / ".dvxconfig") << c.text;
    auto msg = error_of([&] { load_remotes(root()); });
    EXPECT_NE(msg.find(c.expected), std::string::npos) << c.text << " -> " << msg;
    EXPECT_EQ(msg.find("TOPSECRET"), std::string::npos) << msg;
  }
}

TEST_F(RemoteConfigTest, ChecksGitConfigKeysAgainstTheBackend) {
  add_remote(root(), ConfigScope::project, "s", "s3://bucket/p", true);
  testing::run_capture({"git", "-C", root().string(), "config", "dvx.remote.s.session-token", "TOPSECRET"});
  auto msg = error_of([&] { load_remotes(root()); });
  EXPECT_NE(msg.find("git config dvx.remote.s.session-token (in .git/config): 'session-token' is refused"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("git config --file .git/config --unset dvx.remote.s.session-token"), std::string::npos)
      << msg;
  EXPECT_EQ(msg.find("TOPSECRET"), std::string::npos) << msg;
  testing::run_capture({"git", "-C", root().string(), "config", "--unset", "dvx.remote.s.session-token"});
  // The backend is the one of the merged URL: a directory in git config
  // makes an S3 option there unknown.
  testing::run_capture({"git", "-C", root().string(), "config", "dvx.remote.s.url", "/mnt/mirror"});
  testing::run_capture({"git", "-C", root().string(), "config", "dvx.remote.s.region", "eu-west-1"});
  msg = error_of([&] { load_remotes(root()); });
  EXPECT_NE(
      msg.find(
          "git config dvx.remote.s.region (in .git/config): unknown remote option 'region' for directory"),
      std::string::npos)
      << msg;
  testing::run_capture({"git", "-C", root().string(), "config", "--unset", "dvx.remote.s.url"});
  EXPECT_EQ(select_remote(load_remotes(root())).options.at("region"), "eu-west-1");
  testing::run_capture({"git", "-C", root().string(), "config", "dvx.remote.s.jobs", "lots"});
  msg = error_of([&] { load_remotes(root()); });
  EXPECT_NE(
      msg.find("git config dvx.remote.s.jobs (in .git/config): option 'jobs': 'lots' is not an integer"),
      std::string::npos)
      << msg;
}

TEST(OptionSpecs, CredentialKeysAndRedaction) {
  for (const char* key :
       {"secret-access-key", "aws_secret_access_key", "access-key-id", "AccessKey", "session-token", "token",
        "password", "passwd", "credentials", "private_key", "session"})
    EXPECT_TRUE(is_credential_key(key)) << key;
  for (const char* key : {"url", "region", "profile", "sse-kms-key-id", "endpoint", "jobs"})
    EXPECT_FALSE(is_credential_key(key)) << key;
  EXPECT_EQ(redact_url("s3://AKIA:secret@bucket/p@x"), "s3://***@bucket/p@x");
  EXPECT_EQ(redact_url("https://u:p@host:9000"), "https://***@host:9000");
  EXPECT_EQ(redact_url("/srv/a@b/store"), "/srv/a@b/store");
  EXPECT_EQ(redact_url("s3://bucket/p"), "s3://bucket/p");
  // Each backend's options are registered with it; the common ones apply to all.
  EXPECT_TRUE(find_option_spec("s3", "part-size"));
  EXPECT_FALSE(find_option_spec("file", "part-size"));
  EXPECT_TRUE(find_option_spec("file", "jobs"));
  EXPECT_EQ(backend_label("s3"), "S3");
  EXPECT_EQ(backend_label("file"), "directory");
}

// A backend registered with its option schema is configured like the
// built-in ones, with nothing else to change: its keys, types and checks
// apply in .dvxconfig, git config and `remote modify`, and its label names
// it in messages.
TEST_F(RemoteConfigTest, ARegisteredBackendBringsItsOptions) {
  register_backend(
      {"tape",
       "tape library",
       {{"drive", OptionType::integer, "drive number (0-3)",
         [](const std::string& v) {
           int_option({"", "", {{"drive", v}}}, "drive", 0, 0, 3);
         }},
        {"label", OptionType::text, "cartridge label"}},
       [](const std::string& url) {
         if (url.size() <= 7) fail(ErrorKind::usage, "tape URL '{}' names no library", url);
       },
       [](const RemoteConfig&, const BackendContext&) -> std::unique_ptr<Remote> { return nullptr; }});
  std::ofstream(root() / ".dvxconfig") << "[remote.t]\nurl = \"tape://lib1\"\ndrive = 2\nlabel = \"A7\"\n";
  auto set = load_remotes(root());
  EXPECT_EQ(set.find("t")->config.options.at("drive"), "2");
  EXPECT_EQ(set.find("t")->config.options.at("label"), "A7");
  modify_remote(root(), ConfigScope::project, "t", "drive", "3");
  EXPECT_NE(read(root() / ".dvxconfig").find("drive = 3"), std::string::npos) << read(root() / ".dvxconfig");
  auto msg = error_of([&] { modify_remote(root(), ConfigScope::project, "t", "drive", "9"); });
  EXPECT_NE(msg.find("option 'drive': 9 is out of range [0, 3]"), std::string::npos) << msg;
  msg = error_of([&] { modify_remote(root(), ConfigScope::project, "t", "part-size", "8MiB"); });
  EXPECT_NE(
      msg.find("unknown remote option 'part-size' for tape library remotes (valid: url, jobs, retries, log, "
               "drive, label)"),
      std::string::npos)
      << msg;
  std::ofstream(root() / ".dvxconfig") << "[remote.t]\nurl = \"tape://lib1\"\ndrive = \"two\"\n";
  msg = error_of([&] { load_remotes(root()); });
  EXPECT_NE(msg.find(".dvxconfig:3:9: remote.t.drive must be an integer, not a string"), std::string::npos)
      << msg;
  msg = error_of([&] { add_remote(root(), ConfigScope::local, "u", "tape://", false); });
  EXPECT_NE(msg.find("tape URL 'tape://' names no library"), std::string::npos) << msg;
  // The S3 options stay S3's.
  EXPECT_FALSE(find_option_spec("tape", "region"));
}

}  // namespace
}  // namespace dvx::remote
