#include "dvx/util/error.hpp"

#include <cerrno>
#include <cstring>

namespace dvx {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::not_found: return "not found";
    case ErrorKind::corrupt: return "corrupt";
    case ErrorKind::transient: return "transient";
    case ErrorKind::permanent: return "permanent";
    case ErrorKind::usage: return "usage";
  }
  return "unknown";
}

void fail_errno(std::string_view what, int err) {
  ErrorKind kind = err == ENOENT ? ErrorKind::not_found : ErrorKind::permanent;
  throw Error(kind, fmt::format("{}: {}", what, std::strerror(err)));
}

}  // namespace dvx
