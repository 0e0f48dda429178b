// git-dvx entry point: dispatch `git-dvx <verb> [args]` to the registered
// command and turn dvx::Error into "git-dvx: <message>" and an exit code.
#include <fmt/core.h>

#include <csignal>
#include <algorithm>
#include <iostream>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {

namespace {
std::vector<Command>& registry() {
  static std::vector<Command> list;
  return list;
}

void print_usage(std::ostream& out) {
  out << "usage: git dvx <command> [<args>]\n\ncommands:\n";
  auto sorted = commands();
  std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.name < b.name; });
  for (const auto& c : sorted) out << fmt::format("  {:<16} {}\n", c.name, c.summary);
  out << "\n'git dvx <command> --help' shows a command's options.\n";
}
}  // namespace

Registrar::Registrar(std::string name, std::string summary, CommandFn run) {
  registry().push_back({std::move(name), std::move(summary), std::move(run)});
}

const std::vector<Command>& commands() { return registry(); }

}  // namespace dvx::cli

int main(int argc, char** argv) {
  using namespace dvx::cli;
  // Failed writes must surface as errors naming the file (EPIPE, EFBIG from
  // a file-size limit), not kill the process half-way.
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") args[0] = "version";
  const auto& all = commands();
  auto it = std::find_if(all.begin(), all.end(), [&](const Command& c) { return c.name == args[0]; });
  if (it == all.end()) {
    print_error(fmt::format("'{}' is not a git-dvx command; see 'git dvx --help'", args[0]));
    return 2;
  }
  try {
    int rc = it->run({args.begin() + 1, args.end()});
    flush_written_objects();
    return rc;
  } catch (const dvx::Error& e) {
    print_error(e.what());
    try {
      flush_written_objects();  // what a failed command did store stays stored
    } catch (const dvx::Error&) {
    }
    return e.kind() == dvx::ErrorKind::usage ? 2 : 1;
  } catch (const std::exception& e) {
    print_error(fmt::format("internal error: {}", e.what()));
    return 1;
  }
}
