// History walks and lineage rendering over small repositories made with
// libgit2 in a temporary folder (expected values come from the commits the
// test itself makes, and from SHA-256 of the bytes it writes).
#include "dvx/git/history.hpp"

#include <git2.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "dvx/core/pointer.hpp"
#include "dvx/lineage/data_diff.hpp"
#include "dvx/lineage/format.hpp"
#include "dvx/lineage/graph.hpp"
#include "dvx/lineage/render.hpp"
#include "dvx/lineage/versions.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/human_size.hpp"
#include "dvx/util/sha256.hpp"

namespace fs = std::filesystem;
using dvx::git::MergeMode;

namespace {

// A repository built commit by commit from in-memory trees.
class TestRepo {
 public:
  TestRepo() {
    git_libgit2_init();
    char tmpl[] = "/tmp/dvx-lineage-unit.XXXXXX";
    dir_ = mkdtemp(tmpl);
    EXPECT_EQ(0, git_repository_init(&repo_, dir_.c_str(), 0));
  }
  ~TestRepo() {
    git_repository_free(repo_);
    fs::remove_all(dir_);
    git_libgit2_shutdown();
  }

  // Commits `files` (path -> content; the whole tree) with parents.
  std::string commit(const std::map<std::string, std::string>& files, const std::vector<std::string>& parents,
                     const std::string& message, std::int64_t time) {
    git_treebuilder* root = nullptr;
    git_oid tree_id = build(files, "", &root);
    git_tree* tree = nullptr;
    git_tree_lookup(&tree, repo_, &tree_id);
    std::vector<git_commit*> ps;
    for (const auto& p : parents) {
      git_oid id;
      git_oid_fromstr(&id, p.c_str());
      git_commit* c = nullptr;
      git_commit_lookup(&c, repo_, &id);
      ps.push_back(c);
    }
    git_signature* sig = nullptr;
    git_signature_new(&sig, "Ana", "ana@example.com", time, 60);
    git_oid id;
    std::vector<const git_commit*> cps(ps.begin(), ps.end());
    EXPECT_EQ(0, git_commit_create(&id, repo_, nullptr, sig, sig, nullptr, message.c_str(), tree, cps.size(),
                                   cps.data()));
    for (auto* c : ps) git_commit_free(c);
    git_signature_free(sig);
    git_tree_free(tree);
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
    return hex;
  }

  void set_ref(const std::string& name, const std::string& commit) {
    git_oid id;
    git_oid_fromstr(&id, commit.c_str());
    git_reference* ref = nullptr;
    EXPECT_EQ(0, git_reference_create(&ref, repo_, name.c_str(), &id, 1, "test"));
    git_reference_free(ref);
  }

  dvx::git::Repo open() { return dvx::git::Repo::discover(dir_); }

 private:
  // Builds the tree of every file under `prefix` (recursively).
  git_oid build(const std::map<std::string, std::string>& files, const std::string& prefix,
                git_treebuilder** out) {
    git_treebuilder* tb = nullptr;
    git_treebuilder_new(&tb, repo_, nullptr);
    std::map<std::string, std::map<std::string, std::string>> subdirs;
    for (const auto& [path, content] : files) {
      if (!path.starts_with(prefix)) continue;
      std::string rest = path.substr(prefix.size());
      auto slash = rest.find('/');
      if (slash != std::string::npos) {
        subdirs[rest.substr(0, slash)][path] = content;
        continue;
      }
      git_oid blob;
      git_blob_create_from_buffer(&blob, repo_, content.data(), content.size());
      git_treebuilder_insert(nullptr, tb, rest.c_str(), &blob, GIT_FILEMODE_BLOB);
    }
    for (const auto& [name, sub] : subdirs) {
      git_treebuilder* child = nullptr;
      git_oid id = build(sub, prefix + name + "/", &child);
      git_treebuilder_insert(nullptr, tb, name.c_str(), &id, GIT_FILEMODE_TREE);
    }
    git_oid id;
    git_treebuilder_write(&id, tb);
    git_treebuilder_free(tb);
    *out = nullptr;
    return id;
  }

  std::string dir_;
  git_repository* repo_ = nullptr;
};

std::string pointer_for(const std::string& data) {
  return dvx::core::format_pointer({dvx::util::sha256_hex(data), data.size()});
}

std::vector<std::string> commits_of(const std::vector<dvx::git::PathChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.commit);
  return out;
}

}  // namespace

TEST(History, LinearChangesAndRanges) {
  TestRepo t;
  auto c1 = t.commit({{"data/a.csv", pointer_for("one")}, {"README", "x"}}, {}, "one", 1000);
  auto c2 = t.commit({{"data/a.csv", pointer_for("one")}, {"README", "y"}}, {c1}, "readme", 1100);
  auto c3 = t.commit({{"data/a.csv", pointer_for("two")}, {"README", "y"}}, {c2}, "two", 1200);
  auto c4 = t.commit({{"README", "y"}}, {c3}, "remove", 1300);
  t.set_ref("refs/heads/main", c4);
  t.set_ref("refs/tags/v1", c1);
  auto repo = t.open();

  EXPECT_EQ((std::vector<std::string>{c4, c3, c2, c1}), dvx::git::walk_commits(repo, c4));
  auto changes = dvx::git::path_changes(repo, c4, {"data/a.csv", "README", "missing"});
  EXPECT_EQ((std::vector<std::string>{c4, c3, c1}), commits_of(changes["data/a.csv"]));
  EXPECT_EQ((std::vector<std::string>{c2, c1}), commits_of(changes["README"]));
  EXPECT_TRUE(changes["missing"].empty());
  EXPECT_FALSE(changes["data/a.csv"][0].blob_id.has_value());  // removed at c4
  EXPECT_EQ(changes["data/a.csv"][1].parent_blob, dvx::git::blob_id_at(repo, c2, "data/a.csv"));

  // Ranges: A..B and A...B.
  EXPECT_EQ((std::vector<std::string>{c3, c2}), dvx::git::walk_commits(repo, c1 + ".." + c3));
  EXPECT_EQ((std::vector<std::string>{c3}),
            commits_of(dvx::git::path_changes(repo, c1 + ".." + c3, {"data/a.csv"})["data/a.csv"]));
  EXPECT_EQ((std::vector<std::string>{c3, c2}), dvx::git::walk_commits(repo, c1 + "..." + c3));
  EXPECT_THROW(dvx::git::walk_commits(repo, "nope"), dvx::Error);

  auto tags = dvx::git::tags_by_commit(repo);
  EXPECT_EQ((std::vector<std::string>{"v1"}), tags[c1]);
  auto info = dvx::git::commit_info(repo, c3);
  EXPECT_EQ("two", info.subject);
  EXPECT_EQ("Ana", info.author_name);
  EXPECT_EQ(1200, info.author_time);
  EXPECT_EQ("1970-01-01T01:20:00+01:00", dvx::lineage::iso_date(info));
}

TEST(History, FileLogReadsPointers) {
  TestRepo t;
  auto c1 = t.commit({{"d/f.bin", pointer_for("abc")}}, {}, "add", 1000);
  // The same content as a plain blob is the same version (not listed).
  auto c2 = t.commit({{"d/f.bin", "abc"}}, {c1}, "unpointer", 1100);
  auto c3 = t.commit({{"d/f.bin", pointer_for("abcdef")}}, {c2}, "grow", 1200);
  auto repo = t.open();
  auto log = dvx::lineage::file_log(repo, "d/f.bin", c3);
  ASSERT_EQ(2u, log.size());
  EXPECT_EQ(c3, log[0].commit.id);
  EXPECT_EQ(dvx::util::sha256_hex("abcdef"), log[0].content->oid);
  EXPECT_EQ(6u, log[0].content->size);
  EXPECT_EQ(3, log[0].size_change());
  EXPECT_EQ(c1, log[1].commit.id);
  EXPECT_TRUE(log[1].content->pointer);
  EXPECT_THROW(dvx::lineage::file_log(repo, "d/other", c3), dvx::Error);
}

TEST(History, FilesUnderAFolder) {
  TestRepo t;
  // x/ and y/ hold identical trees (one tree id): both are listed.
  auto c1 = t.commit(
      {{"d/x/a", pointer_for("a")}, {"d/y/a", pointer_for("a")}, {"d/readme", "plain"}, {"e/b", "b"}}, {},
      "one", 1000);
  auto c2 = t.commit(
      {{"d/x/a", pointer_for("a2")}, {"d/y/a", pointer_for("a")}, {"d/readme", "plain"}, {"e/b", "b"}}, {c1},
      "two", 1100);
  auto c3 =
      t.commit({{"d/x/a", pointer_for("a2")}, {"d/readme", "plain"}, {"d/z", pointer_for("z")}, {"e/b", "b"}},
               {c2}, "three", 1200);
  auto repo = t.open();
  EXPECT_EQ((std::vector<std::string>{"d/readme", "d/x/a", "d/y/a", "d/z"}),
            dvx::git::files_under(repo, c3, "d"));
  EXPECT_EQ((std::vector<std::string>{"d/x/a"}), dvx::git::files_under(repo, c3, "d/x"));
  EXPECT_EQ((std::vector<std::string>{"d/readme", "d/x/a", "d/y/a"}),
            dvx::git::files_under(repo, c1 + ".." + c2, "d"));       // c2 only: no d/z yet
  EXPECT_TRUE(dvx::git::files_under(repo, c3, "d/readme").empty());  // a file, not a folder
  EXPECT_TRUE(dvx::git::files_under(repo, c3, "nope").empty());

  // The folder's log: every pointer file's versions, newest first, by path
  // within a commit; d/readme (never a pointer) is left out.
  auto log = dvx::lineage::file_log(repo, "d", c3);
  std::vector<std::string> got;
  for (const auto& v : log)
    got.push_back(v.commit.id.substr(0, 7) + " " + v.path + (v.content ? "" : " removed"));
  auto s = [](const std::string& c) { return c.substr(0, 7); };
  EXPECT_EQ((std::vector<std::string>{s(c3) + " d/y/a removed", s(c3) + " d/z", s(c2) + " d/x/a",
                                      s(c1) + " d/x/a", s(c1) + " d/y/a"}),
            got);
  EXPECT_THROW(dvx::lineage::file_log(repo, "e", c3), dvx::Error);  // no pointer under e/
}

TEST(History, MergesFullAndFirstParent) {
  TestRepo t;
  auto base = t.commit({{"f", pointer_for("0")}}, {}, "base", 1000);
  auto side = t.commit({{"f", pointer_for("side")}}, {base}, "side", 1100);
  auto main1 = t.commit({{"f", pointer_for("0")}, {"g", "1"}}, {base}, "main", 1200);
  // The merge takes the side branch's version: not a new version itself.
  auto merge = t.commit({{"f", pointer_for("side")}, {"g", "1"}}, {main1, side}, "merge", 1300);
  // A merge that makes new content is a version.
  auto merge2 = t.commit({{"f", pointer_for("resolved")}, {"g", "1"}}, {merge, side}, "merge2", 1400);
  auto repo = t.open();
  auto full = dvx::git::path_changes(repo, merge2, {"f"}, MergeMode::full)["f"];
  EXPECT_EQ((std::vector<std::string>{merge2, side, base}), commits_of(full));
  auto first = dvx::git::path_changes(repo, merge2, {"f"}, MergeMode::first_parent)["f"];
  EXPECT_EQ((std::vector<std::string>{merge2, merge, base}), commits_of(first));
  auto order = dvx::git::walk_commits(repo, merge2);
  ASSERT_EQ(5u, order.size());
  EXPECT_EQ(merge2, order[0]);
  EXPECT_EQ(base, order.back());
}

TEST(Lineage, GraphFromLock) {
  TestRepo t;
  auto h = [](const std::string& s) { return dvx::util::sha256_hex(s); };
  std::string lock =
      "schema = 1\n\n[stages.train]\ncmd = \"python3 train.py\"\n\n"
      "[stages.train.params.\"params.toml\"]\n\"train.epochs\" = 3\n\n"
      "[[stages.train.deps]]\npath = \"data/raw.csv\"\noid = \"" +
      h("raw") +
      "\"\nsize = 3\n\n"
      "[[stages.train.outs]]\npath = \"model.bin\"\noid = \"" +
      h("model") + "\"\nsize = 5\n";
  auto c1 = t.commit({{"data/raw.csv", pointer_for("raw")}}, {}, "data", 1000);
  auto c2 = t.commit(
      {{"data/raw.csv", pointer_for("raw")}, {"model.bin", pointer_for("model")}, {"dvx.lock", lock}}, {c1},
      "train", 1100);
  auto c3 = t.commit({{"data/raw.csv", pointer_for("raw")}, {"dvx.lock", "schema = 1\n[stages.x\n"}}, {c2},
                     "bad", 1200);
  t.set_ref("refs/heads/main", c3);
  auto repo = t.open();

  dvx::lineage::LineageOptions opts;
  opts.rev = c2;
  auto g = dvx::lineage::build_lineage(repo, "model.bin", opts);
  EXPECT_EQ("train", g.datasets.at("model.bin").producer);
  ASSERT_EQ(1u, g.root.stages.size());
  ASSERT_EQ(1u, g.root.stages[0].children.size());
  const auto& dep = g.root.stages[0].children[0];
  EXPECT_EQ(h("raw"), dep.version->oid);
  ASSERT_TRUE(dep.introduced.has_value());
  EXPECT_EQ(c1, dep.introduced->commit);
  EXPECT_EQ("train.epochs=3", dvx::lineage::params_text(g.stages.at("train").lock.params));
  auto json = dvx::lineage::to_json(g);
  EXPECT_EQ(3, json["stages"]["train"]["params"]["params.toml"]["train.epochs"].get<int>());
  std::string dot = dvx::lineage::to_dot(g);
  EXPECT_NE(std::string::npos, dot.find("\"d:data/raw.csv\" -> \"s:train\""));
  EXPECT_NE(std::string::npos, dot.find("\"s:train\" -> \"d:model.bin\""));

  opts.downstream = true;
  auto down = dvx::lineage::build_lineage(repo, "data/raw.csv", opts);
  EXPECT_EQ(1u, down.stages.count("train"));
  EXPECT_EQ(1u, down.datasets.count("model.bin"));

  opts.rev = c3;
  opts.downstream = false;
  try {
    dvx::lineage::build_lineage(repo, "data/raw.csv", opts);
    FAIL() << "malformed lock accepted";
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find(c3 + ":dvx.lock:")) << e.what();
  }
  opts.rev = c2;
  EXPECT_THROW(dvx::lineage::build_lineage(repo, "nothing/here", opts), dvx::Error);
}

TEST(Lineage, DotEscapesQuotes) {
  dvx::lineage::LineageGraph g;
  g.path = "a\"b";
  g.datasets["a\"b"] = dvx::lineage::Dataset{"a\"b", {}, "", {}, false, {}};
  g.root.dataset = "a\"b";
  std::string dot = dvx::lineage::to_dot(g);
  EXPECT_NE(std::string::npos, dot.find("\"d:a\\\"b\""));
}

TEST(Format, HumanSizes) {
  EXPECT_EQ("0 B", dvx::util::human_size(0));
  EXPECT_EQ("999 B", dvx::util::human_size(999));
  EXPECT_EQ("1.00 kB", dvx::util::human_size(1000));
  EXPECT_EQ("412 MB", dvx::util::human_size(412'000'000));
  EXPECT_EQ("+38.0 MB", dvx::util::human_size_change(38'000'000));
  EXPECT_EQ("-1.20 kB", dvx::util::human_size_change(-1200));
  EXPECT_EQ("", dvx::util::human_size_change(0));
}

TEST(Lineage, PathsAndRanges) {
  EXPECT_TRUE(dvx::lineage::path_under("data/a.csv", "data"));
  EXPECT_TRUE(dvx::lineage::path_under("data", "data"));
  EXPECT_TRUE(dvx::lineage::path_under("x", ""));
  EXPECT_FALSE(dvx::lineage::path_under("database.csv", "data"));
  EXPECT_FALSE(dvx::lineage::path_under("data", "data/a.csv"));
  dvx::lineage::DataDiff diff;
  diff.added = {{"data/a", std::nullopt, std::nullopt}, {"other/b", std::nullopt, std::nullopt}};
  diff.modified = {{"data2/c", std::nullopt, std::nullopt}};
  dvx::lineage::keep_paths(diff, {"data"});
  ASSERT_EQ(1u, diff.added.size());
  EXPECT_EQ("data/a", diff.added[0].path);
  EXPECT_TRUE(diff.modified.empty());
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), dvx::lineage::range_ends("a..b"));
  EXPECT_EQ((std::vector<std::string>{"HEAD", "b"}), dvx::lineage::range_ends("..b"));
  EXPECT_EQ((std::vector<std::string>{"a", "HEAD"}), dvx::lineage::range_ends("a.."));
  EXPECT_EQ((std::vector<std::string>{"v1"}), dvx::lineage::range_ends("v1"));
  EXPECT_THROW(dvx::lineage::range_ends("a...b"), dvx::Error);
}
