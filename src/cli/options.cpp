#include "cli/options.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "dvx/util/error.hpp"

namespace dvx::cli {

namespace {

// Names that only carry positional arguments (`--args`, `--path`, ...):
// usage names those arguments, so help does not list them as options.
std::set<std::string> positional_names(const po::positional_options_description& positional) {
  std::set<std::string> names;
  unsigned count = std::min(positional.max_total_count(), 16u);
  for (unsigned i = 0; i < count; ++i) names.insert(positional.name_for_position(i));
  return names;
}

// "arg (=HEAD)" -> "ARG (default: HEAD)"; an empty default says nothing.
std::string parameter_text(const po::option_description& option) {
  std::string text = option.format_parameter();
  if (text.empty()) return text;
  std::string name = "ARG", default_text;
  if (auto open = text.find(" (="); open != std::string::npos) {
    default_text = text.substr(open + 3, text.size() - open - 4);
    text.resize(open);
  }
  if (text != "arg") name = text;
  // Boost prints a double default with every digit (0.050000000000000003).
  if (!default_text.empty() && default_text.find_first_not_of("0123456789.-+e") == std::string::npos) {
    try {
      default_text = fmt::format("{}", std::stod(default_text));
    } catch (const std::exception&) {
    }
  }
  return default_text.empty() ? name : fmt::format("{} (default: {})", name, default_text);
}

void print_help(std::ostream& out, const std::string& usage, const po::options_description& options,
                const std::set<std::string>& hidden) {
  out << "usage: git dvx " << usage << "\n\noptions:\n";
  for (const auto& option : options.options()) {
    if (hidden.count(option->long_name())) continue;
    std::string names = option->canonical_display_name(po::command_line_style::allow_long);
    std::string short_name = option->canonical_display_name(po::command_line_style::allow_dash_for_short);
    if (short_name.size() == 2 && short_name[0] == '-') names = short_name + ", " + names;
    std::string parameter = parameter_text(*option);
    if (!parameter.empty()) names += " " + parameter;
    // The classic two-column layout, which help2man turns into man pages.
    if (names.size() <= 27)
      out << fmt::format("  {:<30}{}\n", names, option->description());
    else
      out << fmt::format("  {}\n  {:<30}{}\n", names, "", option->description());
  }
}

}  // namespace

ParsedArgs parse_args(const std::vector<std::string>& args, const std::string& usage,
                      po::options_description options, const po::positional_options_description& positional) {
  options.add_options()("help,h", "show this help");
  ParsedArgs out;
  bool help_asked = std::find(args.begin(), args.end(), "--help") != args.end() ||
                    std::find(args.begin(), args.end(), "-h") != args.end();
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), out.vars);
    po::notify(out.vars);
  } catch (const po::too_many_positional_options_error&) {
    if (!help_asked)
      throw Error(ErrorKind::usage, fmt::format("too many arguments (usage: git dvx {})", usage));
    out.help = true;
  } catch (const po::error& e) {
    if (!help_asked) throw Error(ErrorKind::usage, fmt::format("{} (usage: git dvx {})", e.what(), usage));
    out.help = true;
  }
  if (out.vars.count("help")) out.help = true;
  if (out.help) {
    print_help(std::cout, usage, options, positional_names(positional));
    std::cout << std::flush;
  }
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
