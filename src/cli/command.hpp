#pragma once
// Subcommand registry. Each cmd_<verb>.cpp defines its verb and registers it
// with a static DVX_COMMAND(...) object; main.cpp dispatches `git-dvx <verb>`.
#include <functional>
#include <string>
#include <vector>

namespace dvx::cli {

using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
  std::string name;
  std::string summary;  // one line for `git dvx --help`
  CommandFn run;        // receives the arguments after the verb; returns the exit code
};

struct Registrar {
  Registrar(std::string name, std::string summary, CommandFn run);
};

const std::vector<Command>& commands();

}  // namespace dvx::cli

#define DVX_CONCAT_INNER(a, b) a##b
#define DVX_CONCAT(a, b) DVX_CONCAT_INNER(a, b)
#define DVX_COMMAND(name, summary, fn) \
  static ::dvx::cli::Registrar DVX_CONCAT(dvx_command_registrar_, __LINE__)(name, summary, fn)
