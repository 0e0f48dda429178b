// S3 object operations: HEAD/GET/PUT/DELETE, ListObjectsV2 and multipart
// upload with parallel parts (aborted on failure).
#include "remote/s3/s3_remote.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <vector>

#include "dvx/remote/options.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"
#include "remote/s3/s3_credentials.hpp"
#include "remote/s3/s3_xml.hpp"

namespace dvx::remote::s3 {

namespace {

// Reads exactly `length` bytes of the file at `offset` into `out`.
void read_at(const util::FileReader& file, char* out, std::uint64_t offset, std::uint64_t length) {
  std::uint64_t done = 0;
  while (done < length) {
    ssize_t r = ::pread(file.fd(), out + done, length - done, static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) fail(ErrorKind::permanent, "{} is shorter than expected", file.path().string());
    if (r < 0) fail_errno(fmt::format("cannot read {}", file.path().string()), errno);
    done += static_cast<std::uint64_t>(r);
  }
}

// Feeds `length` bytes of the file from `offset` into `hash`.
void hash_range(util::Sha256& hash, const util::FileReader& file, std::uint64_t offset,
                std::uint64_t length) {
  auto buf = util::make_io_buffer();
  for (std::uint64_t done = 0; done < length;) {
    std::size_t want = std::min<std::uint64_t>(util::kIoBlock, length - done);
    read_at(file, buf.get(), offset + done, want);
    hash.update(buf.get(), want);
    done += want;
  }
}

std::string sha256_range(const fs::path& path, std::uint64_t offset, std::uint64_t length) {
  util::Sha256 h;
  hash_range(h, util::FileReader(path), offset, length);
  return h.finish_hex();
}

// Ranged GETs finish in any order, but SHA-256 is sequential: whichever
// thread completes the range the hash has reached feeds it (read back from
// the file, still in the page cache) and every completed range after it, so
// the object is hashed while its later ranges are still downloading.
class InOrderHasher {
 public:
  InOrderHasher(util::Sha256& hash, const fs::path& file, std::uint64_t first, std::uint64_t chunk,
                std::uint64_t total)
      : hash_(hash),
        file_(file),
        first_(first),
        chunk_(chunk),
        total_(total),
        done_(static_cast<std::size_t>((total - first + chunk - 1) / chunk), false) {}

  std::size_t ranges() const { return done_.size(); }
  std::uint64_t from(std::size_t i) const { return first_ + chunk_ * i; }
  std::uint64_t to(std::size_t i) const { return std::min(total_, from(i) + chunk_) - 1; }

  // Range i is in the file.
  void completed(std::size_t i) {
    std::unique_lock lock(mutex_);
    done_[i] = true;
    if (hashing_) return;  // the thread hashing now will reach it
    hashing_ = true;
    while (next_ < done_.size() && done_[next_]) {
      std::size_t r = next_;
      lock.unlock();
      hash_range(hash_, file_, from(r), to(r) - from(r) + 1);
      lock.lock();
      ++next_;
    }
    hashing_ = false;
  }

 private:
  util::Sha256& hash_;
  util::FileReader file_;
  const std::uint64_t first_, chunk_, total_;
  std::mutex mutex_;
  std::vector<bool> done_;
  std::size_t next_ = 0;
  bool hashing_ = false;
};

std::string status_text(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

}  // namespace

S3Remote::S3Remote(S3Settings settings, std::shared_ptr<RequestSlots> slots)
    : settings_(std::move(settings)), slots_(slots ? std::move(slots) : std::make_shared<RequestSlots>(1)) {}
S3Remote::~S3Remote() {
  for (const auto& entry : pending_) abort_upload(entry.first, entry.second.upload_id);
}

std::string S3Remote::describe() const {
  std::string d = "s3://" + settings_.location.bucket;
  if (!settings_.location.prefix.empty()) d += "/" + settings_.location.prefix;
  return d;
}

std::string S3Remote::full_key(const std::string& key) const {
  if (key.empty() || key.front() == '/') fail(ErrorKind::usage, "invalid object key '{}'", key);
  return settings_.location.prefix.empty() ? key : settings_.location.prefix + "/" + key;
}

void S3Remote::set_credentials(Credentials c) {
  std::lock_guard lock(creds_mutex_);
  creds_ = std::move(c);
}

const Credentials& S3Remote::credentials() {
  std::lock_guard lock(creds_mutex_);
  if (!creds_) creds_ = resolve_credentials(settings_.profile);
  return *creds_;
}

Headers S3Remote::sse_headers() const {
  Headers h;
  if (!settings_.sse.empty()) h.emplace_back("x-amz-server-side-encryption", settings_.sse);
  if (!settings_.sse_kms_key_id.empty())
    h.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", settings_.sse_kms_key_id);
  return h;
}

HttpResponse S3Remote::call(const Call& c) {
  auto target = request_target(settings_.endpoint, settings_.location.bucket, c.key, c.query);
  SignInput in;
  in.method = c.method;
  in.host = target.host;
  in.canonical_uri = target.canonical_uri;
  in.query = c.query;
  in.headers = c.headers;
  in.payload_sha256 = !c.payload_sha256.empty() ? c.payload_sha256
                      : c.body.empty()          ? std::string(kEmptySha256)
                                                : util::sha256_hex(c.body);
  in.region = settings_.region;
  in.timestamp = std::time(nullptr);
  auto signed_req = sign_v4(in, credentials());
  HttpRequest req;
  req.method = c.method;
  req.url = target.url;
  req.headers = std::move(signed_req.headers);
  req.body = c.body;
  req.body_file = c.body_file;
  req.body_offset = c.body_offset;
  req.body_length = c.body_length;
  req.response_file = c.response_file;
  req.response_offset = c.response_offset;
  req.response_truncate = c.response_truncate;
  req.response_hash = c.response_hash;
  req.max_body = c.max_body;
  return http_.perform(req);
}

void S3Remote::fail_response(const Call& c, const HttpResponse& r, std::string_view what) {
  auto err = parse_error_body(r.body);
  if (err.code.empty()) {
    if (auto it = r.headers.find("x-amz-error-code"); it != r.headers.end())
      err.code = it->second;
    else
      err.code = status_text(r.status);
  }
  std::string where = "s3://" + settings_.location.bucket + "/" + c.key;
  std::string msg = fmt::format("S3 {} {} failed: HTTP {}{}{}", what, where, r.status,
                                err.code.empty() ? "" : " " + err.code,
                                err.message.empty() ? "" : " (" + err.message + ")");
  if (!err.request_id.empty()) msg += fmt::format(" [request id {}]", err.request_id);
  ErrorKind kind = ErrorKind::permanent;
  if (r.status >= 500 || r.status == 429 || err.code == "SlowDown" || err.code == "RequestTimeout" ||
      err.code == "InternalError" || err.code == "ServiceUnavailable")
    kind = ErrorKind::transient;
  else if (r.status == 404 && (err.code == "NoSuchKey" || err.code == "Not Found"))
    kind = ErrorKind::not_found;
  if (r.status == 403 || err.code == "SignatureDoesNotMatch" || err.code == "InvalidAccessKeyId")
    msg += " — check the AWS credentials (AWS_ACCESS_KEY_ID / AWS_PROFILE), the bucket policy and the region";
  else if (err.code == "NoSuchBucket")
    msg += fmt::format(" — bucket '{}' does not exist at {}", settings_.location.bucket,
                       settings_.endpoint.scheme + "://" + settings_.endpoint.host);
  throw Error(kind, msg);
}

std::optional<std::uint64_t> S3Remote::stat(const std::string& key) {
  Call c{"HEAD", full_key(key)};
  auto r = call(c);
  if (r.status == 404) return std::nullopt;
  if (r.status != 200) {
    // A HEAD error has no body, so no S3 error code (InvalidAccessKeyId,
    // AccessDenied, ...): ask for one byte to get the error document.
    if (r.body.empty() && r.headers.find("x-amz-error-code") == r.headers.end()) {
      Call g{"GET", c.key};
      g.headers.emplace_back("Range", "bytes=0-0");
      try {
        auto diag = call(g);
        if (diag.status >= 300 && diag.status == r.status) fail_response(c, diag, "HEAD");
      } catch (const Error& e) {
        if (std::string_view(e.what()).find("S3 HEAD") != std::string_view::npos) throw;
      }
    }
    fail_response(c, r, "HEAD");
  }
  auto it = r.headers.find("content-length");
  if (it == r.headers.end()) return 0;
  try {
    return std::stoull(it->second);
  } catch (const std::exception&) {
    fail(ErrorKind::transient, "S3 HEAD s3://{}/{}: bad Content-Length '{}'", settings_.location.bucket,
         c.key, it->second);
  }
}

std::optional<S3Remote::PartialGet> S3Remote::take_partial(const std::string& full, const fs::path& dest) {
  std::lock_guard lock(partial_mutex_);
  auto it = partial_.find(dest);
  if (it == partial_.end()) return std::nullopt;
  PartialGet partial = std::move(it->second);
  partial_.erase(it);
  std::error_code ec;
  if (partial.full_key != full || !fs::exists(dest, ec)) return std::nullopt;
  return partial;
}

util::FileDigest S3Remote::get(const std::string& key, const fs::path& dest) {
  std::string full = full_key(key);
  const std::uint64_t chunk = settings_.part_size;
  util::Sha256 hash;
  if (auto partial = take_partial(full, dest)) {  // a retry: the first part is in dest already
    hash_range(hash, util::FileReader(dest), 0, chunk);
    get_ranges(full, dest, hash, partial->total, partial->done);
    return {hash.finish_hex(), partial->total};
  }
  // One plain GET, hashed as it arrives; when the object turns out larger
  // than part_size, it is cut off after the first part_size bytes.
  Call c{"GET", full};
  c.response_file = dest;
  c.response_hash = &hash;
  c.max_body = chunk;
  auto r = call(c);
  if (r.status != 200) fail_response(c, r, "GET");
  if (r.body_bytes == 0) {  // an empty object: the write callback never ran
    int fd = ::open(dest.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail_errno(fmt::format("cannot write {}", dest.string()), errno);
    ::close(fd);
  }
  std::uint64_t total = r.body_bytes;
  if (auto it = r.headers.find("content-length"); it != r.headers.end()) {
    try {
      total = std::stoull(it->second);
    } catch (const std::exception&) {
      fail(ErrorKind::transient, "S3 GET s3://{}/{}: bad Content-Length '{}'", settings_.location.bucket,
           full, it->second);
    }
  }
  if (!r.stopped_early) {
    if (total != r.body_bytes)
      fail(ErrorKind::transient, "S3 GET s3://{}/{}: received {} bytes, expected {}",
           settings_.location.bucket, full, r.body_bytes, total);
    return {hash.finish_hex(), total};
  }
  if (total <= r.body_bytes) return {hash.finish_hex(), r.body_bytes};
  if (r.body_bytes != chunk)
    fail(ErrorKind::transient, "S3 GET s3://{}/{}: short first range ({} of {} bytes)",
         settings_.location.bucket, full, r.body_bytes, chunk);
  get_ranges(full, dest, hash, total, {});
  return {hash.finish_hex(), total};
}

void S3Remote::get_ranges(const std::string& full, const fs::path& dest, util::Sha256& hash,
                          std::uint64_t total, const std::vector<bool>& already_done) {
  const std::uint64_t chunk = settings_.part_size;
  InOrderHasher rest(hash, dest, chunk, chunk, total);
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < rest.ranges(); ++i) {
    if (i < already_done.size() && already_done[i])
      rest.completed(i);  // hashed from dest when its turn comes
    else
      missing.push_back(i);
  }
  // One attempt per range: a failed range fails this get(); the retry
  // wrapper's next get() fetches only the ranges still missing.
  std::vector<char> fetched(rest.ranges(), 0);
  for (std::size_t i = 0; i < already_done.size() && i < fetched.size(); ++i) fetched[i] = already_done[i];
  try {
    run_on_free_slots(*slots_, missing.size(), [&](std::size_t m) {
      std::size_t i = missing[m];
      std::uint64_t from = rest.from(i);
      std::uint64_t to = rest.to(i);
      Call rc{"GET", full};
      rc.response_file = dest;
      rc.response_offset = from;
      rc.response_truncate = false;
      rc.headers.emplace_back("Range", fmt::format("bytes={}-{}", from, to));
      auto resp = call(rc);
      if (resp.status != 206) fail_response(rc, resp, fmt::format("GET (range {}-{})", from, to));
      if (resp.body_bytes != to - from + 1)
        fail(ErrorKind::transient, "S3 GET s3://{}/{}: range {}-{} returned {} bytes",
             settings_.location.bucket, full, from, to, resp.body_bytes);
      fetched[i] = 1;  // each slot writes only its own element
      rest.completed(i);
    });
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::transient) {
      PartialGet partial{full, total, std::vector<bool>(fetched.begin(), fetched.end())};
      std::lock_guard lock(partial_mutex_);
      partial_[dest] = std::move(partial);
    }
    throw;
  }
  // run_on_free_slots has returned: every range is in the hash (a completion that
  // found another thread hashing left its range to that thread).
}

void S3Remote::put(const std::string& key, const fs::path& src, const util::FileDigest& digest) {
  std::string full = full_key(key);
  const std::uint64_t size = digest.size;
  if (size >= settings_.multipart_threshold && size > settings_.part_size)
    return put_multipart(full, src, digest);
  Call c{"PUT", full};
  c.headers = sse_headers();
  c.headers.emplace_back("Content-Type", "application/octet-stream");
  c.body_file = src;
  c.body_length = size;
  c.payload_sha256 = digest.hex;  // the key's hash: no reading pass to compute it
  auto r = call(c);
  if (r.status != 200) fail_response(c, r, "PUT");
}

void S3Remote::abort_upload(const std::string& full, const std::string& upload_id) {
  Call a{"DELETE", full, {{"uploadId", upload_id}}};
  try {
    auto resp = call(a);
    if (resp.status != 204 && resp.status != 200 && resp.status != 404)
      fail_response(a, resp, "AbortMultipartUpload");
  } catch (const Error&) {
    // Best effort (gc sweeps what is left): the failure that led here is
    // what the caller needs to see.
  }
}

void S3Remote::put_multipart(const std::string& full, const fs::path& src, const util::FileDigest& digest) {
  const std::uint64_t size = digest.size;
  // One attempt per request (remote.hpp): a transient failure leaves the
  // upload pending for the retry wrapper's next put(), any other aborts it.
  PendingUpload up;
  {
    std::lock_guard lock(pending_mutex_);
    if (auto it = pending_.find(full); it != pending_.end() && it->second.sha256 == digest.hex) {
      up = std::move(it->second);
      pending_.erase(it);
    }
  }
  if (up.upload_id.empty()) {
    // S3 allows at most 10,000 parts: grow the part size for huge files.
    std::uint64_t part = std::max(settings_.part_size, (size + 9999) / 10000);
    up.part_size = (part + (1 << 20) - 1) / (1 << 20) * (1 << 20);
    up.sha256 = digest.hex;
    up.etags.assign(static_cast<std::size_t>((size + up.part_size - 1) / up.part_size), "");
    Call init{"POST", full, {{"uploads", ""}}};
    init.headers = sse_headers();
    init.headers.emplace_back("Content-Type", "application/octet-stream");
    auto r = call(init);
    if (r.status != 200) fail_response(init, r, "CreateMultipartUpload");
    auto upload_id = xml_text(r.body, "UploadId");
    if (!upload_id || upload_id->empty())
      fail(ErrorKind::transient, "S3 CreateMultipartUpload s3://{}/{}: no UploadId in the answer",
           settings_.location.bucket, full);
    up.upload_id = *upload_id;
  }
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < up.etags.size(); ++i)
    if (up.etags[i].empty()) todo.push_back(i);

  try {
    util::FileReader file(src);
    run_on_free_slots(*slots_, todo.size(), [&](std::size_t t) {
      const std::size_t i = todo[t];
      std::uint64_t offset = i * up.part_size;
      std::uint64_t length = std::min(up.part_size, size - offset);
      Call c{"PUT", full, {{"partNumber", std::to_string(i + 1)}, {"uploadId", up.upload_id}}};
      std::string buffer;
      if (length <= kMaxBufferedPart) {
        // Read once: hashed and sent from memory.
        buffer.resize(length);
        read_at(file, buffer.data(), offset, length);
        c.body = buffer;
        c.payload_sha256 = util::sha256_hex(buffer);
      } else {
        c.body_file = src;
        c.body_offset = offset;
        c.body_length = length;
        c.payload_sha256 = sha256_range(src, offset, length);
      }
      auto resp = call(c);
      if (resp.status != 200) fail_response(c, resp, fmt::format("UploadPart {}", i + 1));
      auto it = resp.headers.find("etag");
      if (it == resp.headers.end() || it->second.empty())
        fail(ErrorKind::transient, "S3 UploadPart {} of s3://{}/{}: no ETag in the answer", i + 1,
             settings_.location.bucket, full);
      up.etags[i] = it->second;  // each thread writes its own element
    });
    std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (std::size_t i = 0; i < up.etags.size(); ++i)
      body += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", i + 1,
                          xml_escape(up.etags[i]));
    body += "</CompleteMultipartUpload>";
    Call done{"POST", full, {{"uploadId", up.upload_id}}};
    done.headers.emplace_back("Content-Type", "application/xml");
    done.body = body;
    auto resp = call(done);
    // S3 may answer 200 and still report an error in the body.
    if (resp.status != 200 || !parse_error_body(resp.body).code.empty())
      fail_response(done, resp, "CompleteMultipartUpload");
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::transient) {
      std::unique_lock lock(pending_mutex_);
      // try_emplace leaves `up` alone when another put of the key left an
      // upload meanwhile: that one is kept, this one aborted.
      if (pending_.try_emplace(full, std::move(up)).second) throw;
    }
    abort_upload(full, up.upload_id);
    throw;
  } catch (...) {
    abort_upload(full, up.upload_id);
    throw;
  }
}

std::vector<ObjectInfo> S3Remote::list(const std::string& prefix) {
  std::string base = settings_.location.prefix.empty() ? "" : settings_.location.prefix + "/";
  std::vector<ObjectInfo> out;
  std::string token;
  for (;;) {
    Call c{"GET", "", {{"list-type", "2"}}};
    if (!(base + prefix).empty()) c.query.emplace_back("prefix", base + prefix);
    if (!token.empty()) c.query.emplace_back("continuation-token", token);
    auto r = call(c);
    if (r.status != 200) fail_response(c, r, "ListObjectsV2");
    for (auto item : xml_elements(r.body, "Contents")) {
      auto key = xml_text(item, "Key").value_or("");
      if (key.compare(0, base.size(), base) != 0) continue;
      std::uint64_t size = 0;
      try {
        size = std::stoull(xml_text(item, "Size").value_or("0"));
      } catch (const std::exception&) {
      }
      out.push_back(
          {key.substr(base.size()), size, parse_s3_time(xml_text(item, "LastModified").value_or(""))});
    }
    auto truncated = xml_text(r.body, "IsTruncated").value_or("false");
    token = xml_text(r.body, "NextContinuationToken").value_or("");
    if (truncated != "true" || token.empty()) break;
  }
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

void S3Remote::remove(const std::string& key) {
  Call c{"DELETE", full_key(key)};
  auto r = call(c);
  if (r.status == 204 || r.status == 200) return;
  if (r.status == 404 && parse_error_body(r.body).code != "NoSuchBucket") return;
  fail_response(c, r, "DELETE");
}

}  // namespace dvx::remote::s3
