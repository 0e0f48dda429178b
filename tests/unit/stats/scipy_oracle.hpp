#pragma once
// Test helper: runs Debian's /usr/bin/python3 (SciPy 1.10.1, pandas) as the
// third-party oracle during the test run. The script reads an input file we
// write and prints whitespace-separated numbers, which we parse.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace dvx::stats::testing {

// A folder for this test process, removed when it exits.
std::filesystem::path temp_dir();
std::string read_all(const std::filesystem::path& p);
// Runs `script` with /usr/bin/python3, passing `arg` as argv[1]; returns stdout.
std::string run_python(const std::string& script, const std::string& arg);
// The whitespace-separated numbers of `text` (nan, inf and subnormals too).
std::vector<double> parse_numbers(const std::string& text);
// Equality as the issue defines it for p-values: relative 1e-6, or
// absolute 1e-12 near zero.
::testing::AssertionResult near_p(double ours, double theirs, double rel = 1e-6, double abs = 1e-12);
// %.17g: the text that reads back as the same double ("nan" for NaN).
std::string fmt17(double v);

}  // namespace dvx::stats::testing
