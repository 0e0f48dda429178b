#pragma once
// Typed access to RemoteConfig::options (string values as written in
// .dvxconfig or git config). Every parse error names the remote and the key.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dvx/remote/remote.hpp"

namespace dvx::remote {

// Defaults shared by the backends, the wrappers and the transfer queue.
inline constexpr int kDefaultJobs = 8;
// An S3 request for a small object is mostly waiting (on Ceph RGW a GET of
// 1 KiB took ~45 ms in flight): 8 at a time pulled 5,000 such objects in
// 28.7 s, 64 in 4.5 s (docs/benchmarks.md, many files). s5cmd uses 256.
inline constexpr int kDefaultS3Jobs = 64;
inline constexpr std::uint64_t kDefaultMultipartThreshold = 64ull << 20;  // 64 MiB
inline constexpr std::uint64_t kDefaultPartSize = 16ull << 20;            // 16 MiB
inline constexpr std::uint64_t kMinPartSize = 5ull << 20;                 // S3's minimum (except the last)
inline constexpr std::uint64_t kMaxPartSize = 5ull << 30;                 // S3's maximum

// "1048576", "64MiB", "64M", "100MB", "1GiB", "512k" (binary units for K/M/G/T
// with or without "iB"; "KB"/"MB"/"GB" are decimal). Throws Error(usage).
std::uint64_t parse_size(std::string_view text, std::string_view what);
// true/false/yes/no/on/off/1/0 (case-insensitive). Throws Error(usage).
bool parse_bool(std::string_view text, std::string_view what);

std::optional<std::string> option(const RemoteConfig& config, const std::string& key);
std::string option_or(const RemoteConfig& config, const std::string& key, std::string fallback);
bool bool_option(const RemoteConfig& config, const std::string& key, bool fallback);
std::uint64_t size_option(const RemoteConfig& config, const std::string& key, std::uint64_t fallback);
// Integer in [lo, hi].
long long int_option(const RemoteConfig& config, const std::string& key, long long fallback, long long lo,
                     long long hi);

// The `jobs` option: parallel transfers for this remote; by default its
// backend's default_jobs (kDefaultJobs, kDefaultS3Jobs for S3).
int jobs(const RemoteConfig& config);

}  // namespace dvx::remote
