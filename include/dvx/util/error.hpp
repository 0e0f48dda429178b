#pragma once
// The one exception type of the library. Errors are values at the bottom and
// messages at the top: every layer throws dvx::Error with a category and a
// message naming the file/object/URL; only the CLI prints and exits.
#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace dvx {

enum class ErrorKind {
  not_found,  // a file, object, revision or key that does not exist
  corrupt,    // content that fails its hash or its format
  transient,  // worth retrying: timeouts, 5xx, connection resets
  permanent,  // retrying will not help: 403, bad signature, disk full
  usage,      // the user asked for something invalid
};

std::string_view to_string(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message) : std::runtime_error(std::move(message)), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

template <typename... Args>
[[noreturn]] void fail(ErrorKind kind, fmt::format_string<Args...> format, Args&&... args) {
  throw Error(kind, fmt::format(format, std::forward<Args>(args)...));
}

// Throws Error(permanent) "<what>: <strerror(errno)>" for a failed system call.
[[noreturn]] void fail_errno(std::string_view what, int err);

}  // namespace dvx
