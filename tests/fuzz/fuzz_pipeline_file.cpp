// The pipeline's text formats: every input goes through dvx.toml, dvx.lock
// and the params parsers (TOML, JSON, YAML through yaml-cpp); each answers or throws
// an Error naming the file. A lock that parses must survive format + parse.
#include <cstdlib>

#include "dvx/pipeline/dag.hpp"
#include "dvx/pipeline/lock.hpp"
#include "dvx/pipeline/params.hpp"
#include "dvx/pipeline/pipeline_file.hpp"
#include "dvx/util/error.hpp"
#include "fuzz_support.hpp"

namespace {
template <typename F>
void expect_value_or_error(F&& f) {
  try {
    f();
  } catch (const dvx::Error&) {
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = dvx::fuzz::as_text(data, size);
  expect_value_or_error([&] {
    const auto pipeline = dvx::pipeline::parse_pipeline(text, "dvx.toml");
    const auto dag = dvx::pipeline::build_dag(pipeline);
    (void)dvx::pipeline::dag_text(dag);
  });
  expect_value_or_error([&] {
    const auto lock = dvx::pipeline::parse_lock(text, "dvx.lock");
    const auto again = dvx::pipeline::parse_lock(dvx::pipeline::format_lock(lock), "dvx.lock (rewritten)");
    if (!(again == lock)) std::abort();
  });
  for (const char* name : {"params.toml", "params.json", "params.yaml"})
    expect_value_or_error([&] {
      const auto tree = dvx::pipeline::parse_params(text, name);
      (void)dvx::pipeline::flatten_params(tree);
    });
  return 0;
}
