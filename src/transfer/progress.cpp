#include "dvx/transfer/progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "dvx/util/human_size.hpp"

namespace dvx::transfer {

bool progress_enabled() {
  if (const char* env = std::getenv("GIT_DVX_PROGRESS")) {
    std::string_view v(env);
    if (v == "1" || v == "true" || v == "yes") return true;
    if (v == "0" || v == "false" || v == "no") return false;
  }
  return isatty(STDERR_FILENO) == 1;
}

std::chrono::milliseconds progress_delay() {
  if (const char* env = std::getenv("GIT_PROGRESS_DELAY")) {
    char* end = nullptr;
    long seconds = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && seconds >= 0) return std::chrono::seconds(seconds);
  }
  return std::chrono::seconds(2);
}

Progress::Progress(std::string verb, std::string where, std::size_t objects, std::uint64_t bytes,
                   bool enabled, std::chrono::milliseconds delay)
    : verb_(std::move(verb)),
      where_(std::move(where)),
      total_objects_(objects),
      total_bytes_(bytes),
      enabled_(enabled),
      live_(enabled && isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_),
      delay_(delay) {}

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::add(std::size_t objects, std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  total_objects_ += objects;
  total_bytes_ += bytes;
}

void Progress::advance(std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  ++done_objects_;
  done_bytes_ += bytes;
  auto now = std::chrono::steady_clock::now();
  if (live_ && now - start_ >= delay_ && now - last_draw_ > std::chrono::milliseconds(200)) {
    last_draw_ = now;
    draw(false, true);
  }
}

void Progress::finish(bool ok) {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (shown_ || std::chrono::steady_clock::now() - start_ >= delay_) draw(true, ok);
}

void Progress::draw(bool final_line, bool ok) {
  if (!enabled_) return;
  shown_ = true;
  double secs = seconds();
  std::string rate =
      secs > 0.0 ? util::human_size(static_cast<std::uint64_t>(done_bytes_ / secs)) + "/s" : "-";
  const char* plural = total_objects_ == 1 ? "object" : "objects";
  std::string line;
  if (total_objects_ == kUnknownTotal) {
    line = fmt::format("{} {}{} {}", verb_, util::count_of(done_objects_, "object"),
                       done_bytes_ ? " (" + util::human_size(done_bytes_) + ")" : "", where_);
    if (final_line) line += ok ? " ... done" : " ... failed";
  } else if (final_line) {
    line = fmt::format("{} {} {} ({}) {} ... {} ({}, {})", verb_, total_objects_, plural,
                       util::human_size(total_bytes_), where_, ok ? "done" : "failed",
                       util::human_size(done_bytes_), rate);
  } else {
    line = fmt::format("{} {}/{} {} ({}/{}) {}, {}", verb_, done_objects_, total_objects_, plural,
                       util::human_size(done_bytes_), util::human_size(total_bytes_), where_, rate);
  }
  // \r + clear-to-end-of-line redraws in place on a terminal.
  std::string out = live_ ? "\r\033[K" + line : line;
  if (final_line || !live_) out += "\n";
  std::fputs(out.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace dvx::transfer
