// Default implementations of the Remote operations gc needs beyond the five
// basic ones, so that a backend that knows nothing better (or a test fake)
// works unchanged: remove_many() per key, no temporaries.
#include <optional>

#include "dvx/remote/remote.hpp"
#include "dvx/util/error.hpp"

namespace dvx::remote {

void Remote::remove_many(const std::vector<std::string>& keys) {
  std::optional<Error> first;
  for (const auto& key : keys) {
    try {
      remove(key);
    } catch (const Error& e) {
      if (!first) first = e;
    }
  }
  if (first) throw *first;
}

std::vector<Temporary> Remote::stale_temporaries(std::int64_t) {
  return {};
}

void Remote::remove_temporary(const Temporary&) {}

}  // namespace dvx::remote
