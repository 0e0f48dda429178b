#pragma once
// A small HTTP client on libcurl's easy interface. Easy handles are pooled
// and reused (curl_easy_reset keeps their connection caches), so requests
// from any thread reuse open connections. Transport failures throw
// dvx::Error: transient for timeouts, refused/reset connections, truncated
// transfers; permanent otherwise. HTTP error statuses are returned, not thrown.
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dvx/util/sha256.hpp"

namespace dvx::remote::http {

struct HttpRequest {
  std::string method;  // GET, HEAD, PUT, POST, DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  // Body: `body` (memory), or `body_file` from body_offset for body_length bytes.
  std::string_view body;
  std::filesystem::path body_file;
  std::uint64_t body_offset = 0;
  std::uint64_t body_length = 0;
  // For a 2xx response, write the body to this file (created/truncated)
  // instead of HttpResponse::body.
  std::filesystem::path response_file;
  // Where in response_file the body goes; with response_truncate=false the
  // file is not truncated (ranged downloads into a shared file).
  std::uint64_t response_offset = 0;
  bool response_truncate = true;
  // When set, the body bytes written to response_file are also fed to it,
  // in order (one response is one in-order stream).
  util::Sha256* response_hash = nullptr;
  // When > 0: stop after this many body bytes of a 2xx response (the
  // connection is dropped; HttpResponse::stopped_early is set).
  std::uint64_t max_body = 0;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // error bodies are capped at 1 MiB
  std::uint64_t body_bytes = 0;                // bytes received (file or memory)
  bool stopped_early = false;                  // see HttpRequest::max_body
};

struct HttpOptions {
  long connect_timeout_ms = 10'000;
  long low_speed_time_s = 60;  // abort when under 1 byte/s for this long
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse perform(const HttpRequest& request);

 private:
  void* acquire();
  void release(void* handle);

  HttpOptions options_;
  std::mutex mutex_;
  std::vector<void*> idle_;
};

}  // namespace dvx::remote::http
