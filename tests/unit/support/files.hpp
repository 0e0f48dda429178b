#pragma once
// File helpers every layer's tests share; the hash comes from coreutils'
// sha256sum, an oracle independent of git-dvx's own hashing.
#include <filesystem>
#include <string>

namespace dvx::test_support {

// Writes `text` to `path`, creating its parent folders.
void write_file(const std::filesystem::path& path, const std::string& text);
// The whole file; "" when it cannot be read.
std::string read_file(const std::filesystem::path& path);
// `sha256sum -b PATH`'s digest (64 lowercase hex); throws when it fails.
std::string sha256sum(const std::filesystem::path& path);

}  // namespace dvx::test_support
