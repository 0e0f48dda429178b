#include "dvx/core/pointer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace dvx::core {

namespace {

// Accepted when reading, as git-lfs does; only kPointerVersion is written.
constexpr std::string_view kLegacyVersions[] = {"https://hawser.github.com/spec/v1", "http://git-media.io/v/2"};

bool is_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  return true;
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return value;
}

}  // namespace

bool is_valid_oid(std::string_view oid) {
  if (oid.size() != 64) return false;
  for (char c : oid)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string format_pointer(const Pointer& pointer) {
  return fmt::format("version {}\noid sha256:{}\nsize {}\n", kPointerVersion, pointer.oid, pointer.size);
}

std::optional<Pointer> parse_pointer(std::string_view text) {
  if (text.empty() || text.size() >= kMaxPointerSize || text.back() != '\n') return std::nullopt;
  std::vector<std::pair<std::string_view, std::string_view>> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos || sp == 0) return std::nullopt;
    std::string_view key = line.substr(0, sp), value = line.substr(sp + 1);
    if (!is_key(key) || value.find('\r') != std::string_view::npos) return std::nullopt;
    lines.emplace_back(key, value);
  }
  if (lines.size() < 3 || lines[0].first != "version") return std::nullopt;
  bool known_version = lines[0].second == kPointerVersion;
  for (auto legacy : kLegacyVersions) known_version = known_version || lines[0].second == legacy;
  if (!known_version) return std::nullopt;

  // git-dvx runs no LFS extensions (ext-N-name lines): such a pointer's bytes
  // cannot be reproduced here, so it stays "not a pointer" and passes through.
  const std::size_t i = 1;
  if (lines.size() != 3 || lines[i].first != "oid" || lines[i + 1].first != "size") return std::nullopt;
  std::string_view oid = lines[i].second;
  if (oid.substr(0, 7) != "sha256:" || !is_valid_oid(oid.substr(7))) return std::nullopt;
  auto size = parse_size(lines[i + 1].second);
  if (!size) return std::nullopt;
  return Pointer{std::string(oid.substr(7)), *size};
}

}  // namespace dvx::core
