#pragma once
// Small string helpers used across layers, so each exists once.
#include <string>
#include <string_view>
#include <vector>

namespace dvx::util {

// ASCII lower case ("S3://Bucket" -> "s3://bucket"); other bytes unchanged.
std::string lower(std::string_view s);

// The items with `sep` between them: join({"a", "b"}, ", ") == "a, b".
std::string join(const std::vector<std::string>& items, std::string_view sep);

// The non-empty parts of `s` between `sep`s: split("a,,b,", ',') == {"a", "b"}.
std::vector<std::string> split_nonempty(std::string_view s, char sep);

}  // namespace dvx::util
