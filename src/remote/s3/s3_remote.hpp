#pragma once
// The S3 backend (also exposed for tests that need S3-specific knobs).
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "dvx/remote/options.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/remote/request_slots.hpp"
#include "remote/http/http_client.hpp"
#include "remote/s3/s3_sigv4.hpp"
#include "remote/s3/s3_url.hpp"

namespace dvx::remote::s3 {

using http::HttpClient;
using http::HttpRequest;
using http::HttpResponse;

struct S3Settings {
  Location location;
  Endpoint endpoint;
  std::string region;
  std::string profile;
  std::string sse;  // "", "AES256" or "aws:kms"
  std::string sse_kms_key_id;
  std::uint64_t multipart_threshold = 0;
  std::uint64_t part_size = 0;
};

// Reads url + options (region, endpoint, profile, path-style, sse,
// sse-kms-key-id, multipart-threshold, part-size), checked by the same
// checks as the configuration (s3_backend.cpp). Throws Error(usage) naming
// the remote and option.
S3Settings s3_settings(const RemoteConfig& config);

class S3Remote final : public Remote {
 public:
  // Parts and ranges run on `slots` (request_slots.hpp): the caller's slot
  // and those that are free. Without slots, one request at a time.
  explicit S3Remote(S3Settings settings, std::shared_ptr<RequestSlots> slots = nullptr);
  ~S3Remote() override;

  std::string describe() const override;
  std::optional<std::uint64_t> stat(const std::string& key) override;
  // Objects larger than part_size: one GET cut off after part_size bytes,
  // the rest by parallel ranged GETs into `dest`; a failed attempt's ranges
  // are kept for the next get() into the same `dest` (see PartialGet).
  util::FileDigest get(const std::string& key, const fs::path& dest) override;
  // Reads src once: a single PUT streams it, signed with digest.hex (S3
  // refuses a body whose SHA-256 differs: XAmzContentSHA256Mismatch); a
  // multipart upload reads each part into memory, hashes it there and sends
  // it from there (parts above kMaxBufferedPart are hashed, then streamed).
  void put(const std::string& key, const fs::path& src, const util::FileDigest& digest) override;
  std::vector<ObjectInfo> list(const std::string& prefix) override;
  void remove(const std::string& key) override;
  // gc (s3_gc.cpp): DeleteObjects in requests of up to 1,000 keys, and the
  // multipart uploads never completed (ListMultipartUploads, aborted by
  // remove_temporary with AbortMultipartUpload).
  void remove_many(const std::vector<std::string>& keys) override;
  std::vector<Temporary> stale_temporaries(std::int64_t older_than_seconds) override;
  void remove_temporary(const Temporary& temporary) override;

  const S3Settings& settings() const { return settings_; }
  // Tests: a fixed credential set (skips resolution) and clock.
  void set_credentials(Credentials c);

 private:
  struct Call {
    Call(std::string m, std::string k, QueryParams q = {})
        : method(std::move(m)), key(std::move(k)), query(std::move(q)) {}
    std::string method;
    std::string key;  // full key (with the prefix), "" for the bucket
    QueryParams query;
    Headers headers;
    std::string_view body;
    fs::path body_file;
    std::uint64_t body_offset = 0, body_length = 0;
    std::string payload_sha256;  // computed by the caller for file bodies
    fs::path response_file;
    std::uint64_t response_offset = 0;
    bool response_truncate = true;
    util::Sha256* response_hash = nullptr;
    std::uint64_t max_body = 0;
  };
  HttpResponse call(const Call& c);
  [[noreturn]] void fail_response(const Call& c, const HttpResponse& r, std::string_view what);
  std::string full_key(const std::string& key) const;
  const Credentials& credentials();
  Headers sse_headers() const;
  void delete_objects(const std::vector<std::string>& keys, std::size_t from, std::size_t to);
  void put_multipart(const std::string& full, const fs::path& src, const util::FileDigest& digest);
  void abort_upload(const std::string& full, const std::string& upload_id);

  S3Settings settings_;
  std::shared_ptr<RequestSlots> slots_;
  HttpClient http_;
  std::mutex creds_mutex_;
  std::optional<Credentials> creds_;
  // Multipart uploads that failed transiently, by full key: the retry
  // wrapper's next put() of the same content resumes them (only the parts
  // without an ETag are sent again), so a part is attempted at most once per
  // put() call. Those never resumed are aborted by the destructor.
  struct PendingUpload {
    std::string upload_id;
    std::string sha256;  // of the content
    std::uint64_t part_size = 0;
    std::vector<std::string> etags;  // "" = not uploaded yet
  };
  std::mutex pending_mutex_;
  std::map<std::string, PendingUpload> pending_;
  // Ranged GETs that failed transiently, by destination file: the retry
  // wrapper's next get() into the same file fetches only the ranges not
  // already in it (the key is the content's hash: those bytes cannot have
  // changed), so a range, too, is attempted at most once per get() call.
  struct PartialGet {
    std::string full_key;
    std::uint64_t total = 0;
    std::vector<bool> done;  // per range after the first part_size bytes
  };
  std::mutex partial_mutex_;
  std::map<fs::path, PartialGet> partial_;
  std::optional<PartialGet> take_partial(const std::string& full, const fs::path& dest);
  void get_ranges(const std::string& full, const fs::path& dest, util::Sha256& hash, std::uint64_t total,
                  const std::vector<bool>& already_done);
};

// Larger parts are not held in memory (jobs of them may be in flight).
inline constexpr std::uint64_t kMaxBufferedPart = 64ull << 20;

}  // namespace dvx::remote::s3
