#pragma once
// Runs a program (no shell) and collects its exit code and output.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::util {

struct ProcessResult {
  int exit_code = 0;  // 128+N when killed by signal N
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::filesystem::path cwd;         // empty: inherit
  std::optional<std::string> input;  // written to stdin, then closed
  bool inherit_stderr = false;       // let stderr through to ours
  bool merge_stderr = false;         // the program's stderr goes where its stdout goes
  std::vector<std::string> env;      // "NAME=value": added to (or replacing in) our environment
  // Called with each chunk of stdout as it arrives (from the calling
  // thread); the output is collected in ProcessResult::out as well.
  std::function<void(std::string_view)> on_output;
};

// Throws Error(not_found) when the program cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Whether a process with that pid runs on this host. A zombie (killed, not
// yet reaped: a container's pid 1 may never reap the orphans it inherits)
// does not count; a process we may not signal does.
bool process_alive(int pid);

// The non-empty lines of a program's output (views into `text`).
std::vector<std::string_view> output_lines(std::string_view text);

}  // namespace dvx::util
