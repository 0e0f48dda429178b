#include "cli/options.hpp"

#include <fmt/core.h>

#include <iostream>

#include "dvx/util/error.hpp"

namespace dvx::cli {

ParsedArgs parse_args(const std::vector<std::string>& args, const std::string& usage,
                      po::options_description options, const po::positional_options_description& positional) {
  options.add_options()("help,h", "show this help");
  ParsedArgs out;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), out.vars);
    po::notify(out.vars);
  } catch (const po::error& e) {
    if (std::find(args.begin(), args.end(), "--help") == args.end() &&
        std::find(args.begin(), args.end(), "-h") == args.end())
      throw Error(ErrorKind::usage, fmt::format("{} (usage: git dvx {})", e.what(), usage));
    out.help = true;
  }
  if (out.vars.count("help")) out.help = true;
  if (out.help) std::cout << "usage: git dvx " << usage << "\n\n" << options << std::flush;
  return out;
}

void print_summary(const std::string& line, bool quiet) {
  if (!quiet) std::cerr << line << std::endl;
}

std::string quote_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "'" : ", '") + i + "'";
  return out;
}

void print_error(const std::string& message) { std::cerr << "git-dvx: " << message << std::endl; }
void print_warning(const std::string& message) { std::cerr << "git-dvx: warning: " << message << std::endl; }

}  // namespace dvx::cli
