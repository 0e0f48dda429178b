#include "dvx/lineage/render.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dvx/lineage/graph.hpp"

TEST(Render, DotEscapesQuotes) {
  dvx::lineage::LineageGraph g;
  g.path = "a\"b";
  g.datasets["a\"b"] = dvx::lineage::Dataset{"a\"b", {}, "", {}, false, {}};
  g.root.dataset = "a\"b";
  std::string dot = dvx::lineage::to_dot(g);
  EXPECT_NE(std::string::npos, dot.find("\"d:a\\\"b\""));
}
