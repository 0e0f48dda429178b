#pragma once
// A compiled PCRE2 pattern (JIT when available), searched anywhere in a
// value like Python's re.search. One Regex per thread: match data is reused.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dvx::quality {

// Why `pattern` does not compile ("missing ) at offset 3"), or nullopt.
std::optional<std::string> regex_problem(const std::string& pattern);

class Regex {
 public:
  explicit Regex(const std::string& pattern);  // Error(usage) when it does not compile
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;
  bool search(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dvx::quality
