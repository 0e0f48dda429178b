#pragma once
// An exclusive lock between processes: flock(2) on a file that also records
// the holder's pid (for messages). The kernel drops a flock when its holder
// dies, so a lock left by a killed process is simply free; the pid it left in
// the file tells who that was ("taken over"). The file is never deleted
// (deleting a flock file lets two processes lock two different inodes); a
// clean release empties it. The descriptor is close-on-exec, so commands
// started while holding the lock never inherit it.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <optional>

namespace dvx::util {

class PidLock {
 public:
  struct Options {
    bool wait = true;  // block until the holder releases; false: give up at once
    // Called once, before blocking, with the holder's pid (0 when the file
    // does not say yet).
    std::function<void(pid_t holder)> on_wait;
    // Called when the lock was free but the file named another process: it
    // was killed or crashed while holding the lock. `alive`: a process with
    // that pid exists (the pid was reused), so it is not the one that held it.
    std::function<void(pid_t previous, bool alive)> on_take_over;
  };

  // Takes the lock on `file` (created with its folder when absent) and
  // writes this process's pid into it. nullopt only when !options.wait and
  // another process holds it; `*holder` (when given) then receives its pid
  // (0 when unknown). Throws Error(permanent) naming the file when it cannot
  // be opened or locked.
  static std::optional<PidLock> acquire(const std::filesystem::path& file, const Options& options,
                                        pid_t* holder = nullptr);

  // The pid recorded in `file`: 0 when absent, empty or not a number.
  static pid_t recorded_pid(const std::filesystem::path& file);

  PidLock(PidLock&& other) noexcept;
  PidLock& operator=(PidLock&& other) noexcept;
  PidLock(const PidLock&) = delete;
  PidLock& operator=(const PidLock&) = delete;
  ~PidLock();

  // Empties the file and releases the lock (also done by the destructor).
  void release();

 private:
  explicit PidLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace dvx::util
