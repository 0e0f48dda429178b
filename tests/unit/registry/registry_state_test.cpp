// The registry GTO's tags describe: versions, deregistration, stages (the
// most recent active assignment holds a stage), deprecation and counters.
#include <gtest/gtest.h>

#include "dvx/registry/artifacts_yaml.hpp"
#include "dvx/registry/registry.hpp"
#include "dvx/util/error.hpp"

namespace dvx::registry {
namespace {

const std::string kC1(40, '1'), kC2(40, '2'), kC3(40, '3');

git::TagInfo tag(const std::string& name, const std::string& commit, std::int64_t time,
                 bool annotated = true) {
  git::TagInfo t;
  t.name = name;
  t.commit = commit;
  t.time = time;
  t.annotated = annotated;
  t.tagger_name = "alice";
  t.message = "msg\n";
  return t;
}

TEST(RegistryState, VersionsStagesAndLatest) {
  auto r = Registry::from_tags({tag("churn@v0.0.1", kC1, 100), tag("churn@v0.1.0", kC2, 200),
                                tag("churn#prod#1", kC1, 300), tag("churn#staging#2", kC2, 300),
                                tag("churn#prod#3", kC2, 400), tag("other-tag", kC3, 500),
                                tag("churn@v9.9.9", kC3, 600, /*annotated=*/false)});
  const Artifact& a = r.require("churn");
  ASSERT_EQ(a.versions.size(), 2u);  // the lightweight v9.9.9 is no registration (GTO ignores it)
  EXPECT_EQ(a.versions[0].version, "v0.0.1");
  EXPECT_EQ(a.latest()->version, "v0.1.0");
  EXPECT_EQ(a.in_stage("prod")->version, "v0.1.0");  // assigned last
  EXPECT_EQ(a.in_stage("staging")->version, "v0.1.0");
  EXPECT_EQ(a.version_at(kC1)->version, "v0.0.1");
  EXPECT_EQ(a.find_version("v0.0.1")->events.front()->message, "msg");
  EXPECT_EQ(r.next_counter("churn"), 4);
  EXPECT_EQ(r.next_counter("new-model"), 1);
  EXPECT_EQ(r.artifacts().size(), 1u);
}

TEST(RegistryState, SameSecondOrderFollowsTheCounter) {
  auto r = Registry::from_tags({tag("m@v0.0.1", kC1, 100), tag("m@v0.0.2", kC2, 100),
                                tag("m#prod#10", kC2, 100), tag("m#prod#9", kC1, 100)});
  EXPECT_EQ(r.require("m").in_stage("prod")->version, "v0.0.2");
}

TEST(RegistryState, SameSecondEventsComeAfterWhatTheyNeed) {
  auto r = Registry::from_tags({tag("m@v0.0.2!", kC2, 100), tag("m@deprecated", kC1, 100),
                                tag("m@v0.0.1", kC1, 100), tag("m@v0.0.2", kC2, 100),
                                tag("m#prod!#2", kC1, 100), tag("m#prod#1", kC1, 100)});
  const Artifact& a = r.require("m");
  EXPECT_TRUE(a.deprecated);
  EXPECT_FALSE(a.find_version("v0.0.2")->active);
  EXPECT_EQ(a.in_stage("prod"), nullptr);
}

TEST(RegistryState, UnassignDeregisterDeprecate) {
  auto r = Registry::from_tags({tag("m@v0.0.1", kC1, 100), tag("m@v0.0.2", kC2, 110),
                                tag("m#prod#1", kC1, 120), tag("m#prod#2", kC2, 130),
                                tag("m#prod!#3", kC2, 140), tag("m@v0.0.2!", kC2, 150)});
  const Artifact& a = r.require("m");
  EXPECT_EQ(a.in_stage("prod")->version, "v0.0.1");  // v0.0.2 left prod: the earlier holder holds it again
  EXPECT_EQ(a.latest()->version, "v0.0.1");          // v0.0.2 is deregistered
  EXPECT_FALSE(a.find_version("v0.0.2")->active);
  EXPECT_FALSE(a.deprecated);
  auto d = Registry::from_tags({tag("m@v0.0.1", kC1, 100), tag("m@deprecated", kC1, 200)});
  EXPECT_TRUE(d.require("m").deprecated);
  auto revived = Registry::from_tags(
      {tag("m@v0.0.1", kC1, 100), tag("m@deprecated", kC1, 200), tag("m@v0.0.2", kC2, 300)});
  EXPECT_FALSE(revived.require("m").deprecated);
}

TEST(RegistryState, UnknownModelNamesTheKnownOnes) {
  auto r = Registry::from_tags({tag("churn@v0.0.1", kC1, 100)});
  try {
    r.require("chrun");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
    EXPECT_NE(std::string(e.what()).find("chrun"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("churn"), std::string::npos);
  }
}

TEST(ArtifactsYaml, GtoShape) {
  auto index = parse_artifacts_yaml(
      "churn:\n  type: model\n  path: models/churn.pkl\n  virtual: false\n  labels: [tabular, xgb]\n"
      "  description: churn classifier\n  custom: {a: 1}\nsegment:\n  path: models/seg\n",
      "artifacts.yaml");
  ASSERT_EQ(index.size(), 2u);
  EXPECT_EQ(index["churn"].type, "model");
  EXPECT_EQ(index["churn"].path, "models/churn.pkl");
  EXPECT_FALSE(index["churn"].is_virtual);
  EXPECT_EQ(index["churn"].labels, (std::vector<std::string>{"tabular", "xgb"}));
  EXPECT_TRUE(index["segment"].is_virtual);
  EXPECT_TRUE(parse_artifacts_yaml("", "artifacts.yaml").empty());
}

TEST(ArtifactsYaml, ErrorsNameTheFileArtifactAndKey) {
  auto message = [](const std::string& text) {
    try {
      parse_artifacts_yaml(text, "artifacts.yaml at abc1234");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::corrupt);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(
      message("churn:\n  pth: x\n").find("artifacts.yaml at abc1234: artifact 'churn': unknown key 'pth'"),
      std::string::npos);
  EXPECT_NE(message("churn:\n  virtual: maybe\n").find("'virtual' must be true or false"), std::string::npos);
  EXPECT_NE(message("churn: [1, 2]\n").find("artifact 'churn' must be a mapping"), std::string::npos);
  EXPECT_NE(message("- a\n- b\n").find("expected a mapping"), std::string::npos);
  EXPECT_NE(message("churn: {path: [\n").find("not valid YAML"), std::string::npos);
}

}  // namespace
}  // namespace dvx::registry
