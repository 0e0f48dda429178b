#pragma once
// The Remote contract (ARCHITECTURE.md, "Remotes"; docs/writing-a-backend.md): a small interface every backend implements. Retry,
// concurrency limits and logging are wrappers around a Remote
// (src/remote/wrap/), never inside a backend: a backend makes one attempt
// per call and reports a failure worth retrying as Error(transient); it runs
// parallel requests of one operation only on the remote's request slots
// (request_slots.hpp). Keys are relative to the
// remote's prefix: "<oid[0:2]>/<oid[2:4]>/<oid>" (see object_key()).
// Every method is safe to call from several threads at once. Errors are
// dvx::Error with kind not_found (absent object), transient (worth retrying:
// 5xx, throttling, timeouts, resets) or permanent (403, missing bucket, bad
// signature, local I/O errors); messages name the remote and the key.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/util/sha256.hpp"

namespace dvx::remote {

namespace fs = std::filesystem;

// A configured remote: name, URL (s3://bucket/prefix, /a/dir, file:///a/dir)
// and its options (region, endpoint, profile, path-style, sse, jobs, ...).
struct RemoteConfig {
  std::string name;
  std::string url;
  std::map<std::string, std::string> options;
};

struct ObjectInfo {
  std::string key;
  std::uint64_t size = 0;
  // Last modification, seconds since the epoch (S3 LastModified, a file's
  // mtime); 0 when the backend does not know. gc's grace period reads it.
  std::int64_t mtime = 0;
};

// A leftover of an interrupted write that is not an object: a directory
// store's `.dvx-*.tmp` file, an S3 multipart upload never completed or
// aborted. `id` is what remove_temporary() needs (a path relative to the
// store, or the upload id).
struct Temporary {
  std::string key;  // the object key it was for (or the temp file's relative path)
  std::string id;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  // seconds since the epoch (file mtime, upload Initiated)
};

class Remote {
 public:
  virtual ~Remote() = default;
  // Human-readable location for messages, e.g. "s3://bucket/prefix".
  virtual std::string describe() const = 0;
  // Size of the object, or nullopt when absent.
  virtual std::optional<std::uint64_t> stat(const std::string& key) = 0;
  // Downloads the object into `dest` (created or truncated) and returns the
  // SHA-256 and size of the bytes written there, hashed on their way in so
  // that callers can verify the download without reading it again. Throws
  // Error(not_found) when absent. Does not compare the hash with anything:
  // callers do.
  virtual util::FileDigest get(const std::string& key, const fs::path& dest) = 0;
  // Uploads `src` under `key`; atomic from a reader's point of view (a reader
  // sees the old object, no object, or the whole new one). Overwriting is
  // allowed and idempotent. `digest` is the SHA-256 and size of src's bytes,
  // which the caller knows (the key is the object's SHA-256): a backend uses
  // them instead of reading src an extra time (S3 signs the payload hash),
  // and may refuse a body that does not match them.
  virtual void put(const std::string& key, const fs::path& src, const util::FileDigest& digest) = 0;
  // Every object whose key starts with `prefix` (a plain string prefix, ""
  // for all), sorted by key. Keys are relative to the remote's prefix.
  virtual std::vector<ObjectInfo> list(const std::string& prefix) = 0;
  // Deletes the object; removing an absent key is not an error.
  virtual void remove(const std::string& key) = 0;

  // Deletes several objects (gc sends up to 1,000 per call). The default
  // calls remove() per key; S3 overrides it with DeleteObjects. Absent keys
  // are not an error; the first failure throws once the others were tried.
  virtual void remove_many(const std::vector<std::string>& keys);
  // Temporaries older than `older_than_seconds` (see Temporary); the default
  // knows of none. Used by gc (and fsck --repair) to sweep what interrupted
  // writes left behind.
  virtual std::vector<Temporary> stale_temporaries(std::int64_t older_than_seconds);
  virtual void remove_temporary(const Temporary& temporary);
};

class RequestSlots;

// What a backend is opened with besides its configuration.
struct BackendContext {
  // The remote's request slots, shared with the limit wrapper: a backend
  // that runs several requests for one operation runs them on these.
  std::shared_ptr<RequestSlots> slots;
};

using RemoteFactory = std::function<std::unique_ptr<Remote>(const RemoteConfig&, const BackendContext&)>;

// Scheme registry (backend.hpp registers a backend with its options):
// "s3", "file" (also used for plain paths). register_scheme() adds or
// replaces a backend that has no options of its own (e.g. a test fake).
void register_scheme(const std::string& scheme, RemoteFactory factory);
std::vector<std::string> registered_schemes();
// The bare backend for config.url (no retry, no limits: see
// dvx/remote/wrap.hpp open_remote_wrapped() for what transfers should use).
// Without context.slots, the backend gets slots of its own (`jobs`).
// Throws Error(usage) for an unknown scheme or a malformed URL/option.
std::unique_ptr<Remote> open_remote(const RemoteConfig& config, BackendContext context = {});
// "s3" for s3://..., "file" for file://... and for plain paths.
std::string url_scheme(std::string_view url);

// "<oid[0:2]>/<oid[2:4]>/<oid>"
std::string object_key(std::string_view oid);

}  // namespace dvx::remote
