#include "remote/http/http_client.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"
#include "remote/http/curl_api.hpp"

namespace dvx::remote::http {

namespace {

constexpr std::size_t kMaxErrorBody = 1 << 20;

struct Transfer {
  const HttpRequest* req = nullptr;
  HttpResponse* resp = nullptr;
  CURL* curl = nullptr;
  // upload source
  int body_fd = -1;
  std::uint64_t sent = 0;
  std::uint64_t upload_size = 0;
  // download sink
  int out_fd = -1;
  bool sink_decided = false;
  bool to_file = false;
  // libcurl hands over at most 16 KiB per write callback: body bytes for the
  // file gather here and go out in large writes (and hash updates).
  std::vector<char>* pending = nullptr;
  std::uint64_t flushed = 0;  // body bytes already written to the file
  std::string local_error;    // a failure of ours inside a callback
};

// Writes the gathered body bytes at their place in the file and feeds them to
// the request's hash. False (with local_error set) when the write fails.
bool flush_pending(Transfer* t) {
  const char* p = t->pending->data();
  std::size_t left = t->pending->size();
  std::uint64_t at = t->req->response_offset + t->flushed;
  while (left > 0) {
    ssize_t w = ::pwrite(t->out_fd, p, left, static_cast<off_t>(at));
    if (w < 0) {
      if (errno == EINTR) continue;
      t->local_error =
          fmt::format("cannot write {}: {}", t->req->response_file.string(), std::strerror(errno));
      return false;
    }
    p += w;
    at += static_cast<std::uint64_t>(w);
    left -= static_cast<std::size_t>(w);
  }
  if (t->req->response_hash) t->req->response_hash->update(t->pending->data(), t->pending->size());
  t->flushed += t->pending->size();
  t->pending->clear();
  return true;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->resp->headers.clear();  // a new status line (e.g. after 100 Continue)
    return size * n;
  }
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name = util::lower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    t->resp->headers[name] = std::string(value);
  }
  return size * n;
}

constexpr long kReceiveBuffer = 512L << 10;
constexpr long kSendBuffer = 512L << 10;

std::size_t on_write(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t len = size * n;
  if (!t->sink_decided) {
    long status = 0;
    curl_api().easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    t->to_file = !t->req->response_file.empty() && status >= 200 && status < 300;
    t->sink_decided = true;
    if (t->to_file) {
      t->out_fd = ::open(t->req->response_file.c_str(),
                         O_WRONLY | O_CREAT | O_CLOEXEC | (t->req->response_truncate ? O_TRUNC : 0), 0644);
      if (t->out_fd < 0) {
        t->local_error =
            fmt::format("cannot write {}: {}", t->req->response_file.string(), std::strerror(errno));
        return 0;
      }
    }
  }
  std::size_t accept = len;
  if (t->to_file && t->req->max_body > 0 && t->resp->body_bytes + len >= t->req->max_body) {
    accept = static_cast<std::size_t>(t->req->max_body - t->resp->body_bytes);
    t->resp->stopped_early = t->resp->body_bytes + len > t->req->max_body;
  }
  len = accept;
  t->resp->body_bytes += len;
  if (t->to_file) {
    if (t->pending->size() + len > t->pending->capacity() && !flush_pending(t)) return 0;
    t->pending->insert(t->pending->end(), data, data + len);
  } else if (t->resp->body.size() < kMaxErrorBody || t->req->response_file.empty()) {
    t->resp->body.append(data, len);
  }
  return t->resp->stopped_early ? 0 : len;  // 0 makes libcurl stop (CURLE_WRITE_ERROR)
}

std::size_t on_read(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t want = std::min<std::uint64_t>(size * n, t->upload_size - t->sent);
  if (want == 0) return 0;
  if (t->body_fd >= 0) {
    ssize_t r;
    do {
      r = ::pread(t->body_fd, buf, want, static_cast<off_t>(t->req->body_offset + t->sent));
    } while (r < 0 && errno == EINTR);
    if (r <= 0) {
      t->local_error =
          r == 0 ? fmt::format("{} is shorter than expected (changed while uploading?)",
                               t->req->body_file.string())
                 : fmt::format("cannot read {}: {}", t->req->body_file.string(), std::strerror(errno));
      return CURL_READFUNC_ABORT;
    }
    t->sent += static_cast<std::uint64_t>(r);
    return static_cast<std::size_t>(r);
  }
  std::memcpy(buf, t->req->body.data() + t->sent, want);
  t->sent += want;
  return want;
}

int on_seek(void* user, curl_off_t offset, int origin) {
  auto* t = static_cast<Transfer*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<std::uint64_t>(offset) > t->upload_size)
    return CURL_SEEKFUNC_CANTSEEK;
  t->sent = static_cast<std::uint64_t>(offset);
  return CURL_SEEKFUNC_OK;
}

bool transient_curl_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_WEIRD_SERVER_REPLY: return true;
    default: return false;
  }
}

}  // namespace

HttpClient::HttpClient(HttpOptions options) : options_(options) {}

HttpClient::~HttpClient() {
  for (void* h : idle_) curl_api().easy_cleanup(static_cast<CURL*>(h));
}

void* HttpClient::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  CURL* h = curl_api().easy_init();
  if (!h) fail(ErrorKind::permanent, "cannot initialise libcurl");
  return h;
}

void HttpClient::release(void* handle) {
  curl_api().easy_reset(static_cast<CURL*>(handle));  // keeps the connection cache
  std::lock_guard lock(mutex_);
  idle_.push_back(handle);
}

HttpResponse HttpClient::perform(const HttpRequest& req) {
  const CurlApi& lib = curl_api();
  HttpResponse resp;
  Transfer t;
  t.req = &req;
  t.resp = &resp;
  thread_local std::vector<char> pending;  // reused by this thread's requests
  pending.clear();
  pending.reserve(kReceiveBuffer);
  t.pending = &pending;
  CURL* curl = static_cast<CURL*>(acquire());
  t.curl = curl;
  struct Cleanup {
    HttpClient* self;
    CURL* curl;
    Transfer* t;
    curl_slist* headers = nullptr;
    ~Cleanup() {
      if (t->body_fd >= 0) ::close(t->body_fd);
      if (t->out_fd >= 0) ::close(t->out_fd);
      curl_api().slist_free_all(headers);
      self->release(curl);
    }
  } cleanup{this, curl, &t};

  bool has_file_body = !req.body_file.empty();
  if (has_file_body) {
    t.body_fd = ::open(req.body_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (t.body_fd < 0) fail_errno(fmt::format("cannot read {}", req.body_file.string()), errno);
    t.upload_size = req.body_length;
  } else {
    t.upload_size = req.body.size();
  }

  lib.easy_setopt(curl, CURLOPT_URL, req.url.c_str());
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  lib.easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  lib.easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, options_.low_speed_time_s);
  lib.easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  // Larger buffers than libcurl's 16 KiB / 64 KiB defaults: a 512 MiB object
  // then takes a few hundred callbacks and file writes instead of 32,000.
  lib.easy_setopt(curl, CURLOPT_BUFFERSIZE, kReceiveBuffer);
  lib.easy_setopt(curl, CURLOPT_UPLOAD_BUFFERSIZE, kSendBuffer);
  lib.easy_setopt(curl, CURLOPT_USERAGENT, "git-dvx");
  lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  lib.easy_setopt(curl, CURLOPT_HEADERDATA, &t);
  lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_write);
  lib.easy_setopt(curl, CURLOPT_WRITEDATA, &t);
  char errbuf[CURL_ERROR_SIZE] = {0};
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);

  if (req.method == "HEAD") {
    lib.easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (req.method == "PUT" || req.method == "POST") {
    lib.easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    lib.easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
    lib.easy_setopt(curl, CURLOPT_READDATA, &t);
    lib.easy_setopt(curl, CURLOPT_SEEKFUNCTION, on_seek);
    lib.easy_setopt(curl, CURLOPT_SEEKDATA, &t);
    lib.easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(t.upload_size));
    if (req.method == "POST") lib.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "POST");
  } else if (req.method != "GET") {
    lib.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }

  for (const auto& [name, value] : req.headers)
    cleanup.headers = lib.slist_append(cleanup.headers, (name + ": " + value).c_str());
  cleanup.headers = lib.slist_append(cleanup.headers, "Expect:");  // no 100-continue round trip
  lib.easy_setopt(curl, CURLOPT_HTTPHEADER, cleanup.headers);

  CURLcode rc = lib.easy_perform(curl);
  lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp.status);
  if (t.to_file && t.local_error.empty()) flush_pending(&t);
  if (!t.local_error.empty()) fail(ErrorKind::permanent, "{} {}: {}", req.method, req.url, t.local_error);
  if (rc == CURLE_WRITE_ERROR && resp.stopped_early) rc = CURLE_OK;
  if (rc != CURLE_OK) {
    std::string detail = errbuf[0] ? errbuf : lib.easy_strerror(rc);
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    fail(transient_curl_error(rc) ? ErrorKind::transient : ErrorKind::permanent, "{} {}: {} (curl error {})",
         req.method, req.url, detail, static_cast<int>(rc));
  }
  return resp;
}

}  // namespace dvx::remote::http
