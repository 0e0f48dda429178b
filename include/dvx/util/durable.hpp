#pragma once
// Batched durability, after git's core.fsyncMethod=batch: writers note the
// folders they stored data in (note_written, cheap), and one flush per batch
// (flush_written: one syncfs() per noted filesystem) makes all of it durable
// at once, instead of one fsync per file. The CLI flushes when a command
// ends (see docs/core.md, "Durability"); `dvx.fsync=false` turns it off.
#include <filesystem>

namespace dvx::util {

namespace fs = std::filesystem;

// Records that files were written (and linked or renamed) under `dir`.
// Thread-safe and cheap (no system call).
void note_written(const fs::path& dir);

// True when note_written() was called since the last flush or discard.
bool has_unflushed();

// syncfs() once per filesystem noted since the last flush, then forgets
// them. Throws Error(permanent) naming the folder when the kernel reports a
// write error.
void flush_written();

// Forgets the noted folders without flushing them (dvx.fsync=false).
void discard_written();

}  // namespace dvx::util
