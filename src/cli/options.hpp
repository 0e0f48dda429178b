#pragma once
// Shared Boost.Program_options plumbing for subcommands: every verb gets
// --help, positional arguments and usage errors reported the same way.
#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace dvx::cli {

namespace po = boost::program_options;

struct ParsedArgs {
  po::variables_map vars;
  bool help = false;
};

// Parses `args` against `options` (+ --help) and `positional`. Throws
// dvx::Error(usage) on unknown or malformed options. When --help was given,
// prints "usage: git dvx <usage>" and the option table to stdout and returns
// help=true: the command should then return 0.
ParsedArgs parse_args(const std::vector<std::string>& args, const std::string& usage,
                      po::options_description options,
                      const po::positional_options_description& positional = {});

// Prints a command's closing summary line to stderr unless `quiet` (-q).
void print_summary(const std::string& line, bool quiet);
// "'a', 'b'" for messages.
std::string quote_list(const std::vector<std::string>& items);

// Prints "git-dvx: <message>" to stderr.
void print_error(const std::string& message);
void print_warning(const std::string& message);

}  // namespace dvx::cli
