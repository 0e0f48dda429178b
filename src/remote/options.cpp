#include "dvx/remote/options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "dvx/remote/backend.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::remote {

namespace {
std::string what_of(const RemoteConfig& config, const std::string& key) {
  return config.name.empty() ? fmt::format("option '{}'", key)
                             : fmt::format("option '{}' of remote '{}'", key, config.name);
}
}  // namespace

std::uint64_t parse_size(std::string_view text, std::string_view what) {
  std::string_view t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || ptr == t.data())
    fail(ErrorKind::usage, "{}: '{}' is not a size (e.g. 67108864, 64MiB, 100MB)", what, text);
  std::string unit = util::lower(std::string_view(ptr, t.data() + t.size() - ptr));
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  std::uint64_t mult = 1;
  if (unit.empty() || unit == "b")
    mult = 1;
  else if (unit == "k" || unit == "kib")
    mult = 1ull << 10;
  else if (unit == "m" || unit == "mib")
    mult = 1ull << 20;
  else if (unit == "g" || unit == "gib")
    mult = 1ull << 30;
  else if (unit == "t" || unit == "tib")
    mult = 1ull << 40;
  else if (unit == "kb")
    mult = 1000ull;
  else if (unit == "mb")
    mult = 1000ull * 1000;
  else if (unit == "gb")
    mult = 1000ull * 1000 * 1000;
  else if (unit == "tb")
    mult = 1000ull * 1000 * 1000 * 1000;
  else
    fail(ErrorKind::usage, "{}: unknown size unit '{}' in '{}' (use B, KiB, MiB, GiB, KB, MB, GB)", what,
         unit, text);
  if (value > std::numeric_limits<std::uint64_t>::max() / mult)
    fail(ErrorKind::usage, "{}: '{}' is too large", what, text);
  return value * mult;
}

bool parse_bool(std::string_view text, std::string_view what) {
  std::string v = util::lower(text);
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  fail(ErrorKind::usage, "{}: '{}' is not a boolean (use true or false)", what, text);
}

std::optional<std::string> option(const RemoteConfig& config, const std::string& key) {
  auto it = config.options.find(key);
  if (it == config.options.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string option_or(const RemoteConfig& config, const std::string& key, std::string fallback) {
  auto v = option(config, key);
  return v ? *v : std::move(fallback);
}

bool bool_option(const RemoteConfig& config, const std::string& key, bool fallback) {
  auto v = option(config, key);
  return v ? parse_bool(*v, what_of(config, key)) : fallback;
}

std::uint64_t size_option(const RemoteConfig& config, const std::string& key, std::uint64_t fallback) {
  auto v = option(config, key);
  return v ? parse_size(*v, what_of(config, key)) : fallback;
}

long long int_option(const RemoteConfig& config, const std::string& key, long long fallback, long long lo,
                     long long hi) {
  auto v = option(config, key);
  if (!v) return fallback;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
  if (ec != std::errc() || ptr != v->data() + v->size())
    fail(ErrorKind::usage, "{}: '{}' is not an integer", what_of(config, key), *v);
  if (value < lo || value > hi)
    fail(ErrorKind::usage, "{}: {} is out of range [{}, {}]", what_of(config, key), value, lo, hi);
  return value;
}

int jobs(const RemoteConfig& config) {
  auto backend = find_backend(url_scheme(config.url));
  return static_cast<int>(int_option(config, "jobs", backend ? backend->default_jobs : kDefaultJobs, 1, 256));
}

}  // namespace dvx::remote
