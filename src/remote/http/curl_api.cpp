#include "remote/http/curl_api.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "dvx/util/error.hpp"

namespace dvx::remote::http {

namespace {

// The soname libcurl4 installs (the library the build compiled against).
constexpr const char* kLibcurl = "libcurl.so.4";

template <typename F>
void resolve(void* lib, F& fn, const char* name) {
  void* sym = ::dlsym(lib, name);
  if (!sym) fail(ErrorKind::permanent, "{} has no function {}: is it libcurl 7 or later?", kLibcurl, name);
  fn = reinterpret_cast<F>(sym);
}

CurlApi load() {
  void* lib = ::dlopen(kLibcurl, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* why = ::dlerror();
    fail(ErrorKind::permanent,
         "cannot load {}, which talking to an HTTP or S3 store needs: {} (install libcurl4)", kLibcurl,
         why ? why : "unknown error");
  }
  CurlApi api{};
  resolve(lib, api.global_init, "curl_global_init");
  resolve(lib, api.easy_init, "curl_easy_init");
  resolve(lib, api.easy_setopt, "curl_easy_setopt");
  resolve(lib, api.easy_getinfo, "curl_easy_getinfo");
  resolve(lib, api.easy_perform, "curl_easy_perform");
  resolve(lib, api.easy_reset, "curl_easy_reset");
  resolve(lib, api.easy_cleanup, "curl_easy_cleanup");
  resolve(lib, api.easy_strerror, "curl_easy_strerror");
  resolve(lib, api.slist_append, "curl_slist_append");
  resolve(lib, api.slist_free_all, "curl_slist_free_all");
  if (CURLcode rc = api.global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK)
    fail(ErrorKind::permanent, "curl_global_init failed: {}", api.easy_strerror(rc));
  return api;  // the library stays loaded for the life of the process
}

}  // namespace

const CurlApi& curl_api() {
  // A function-local static: initialised once even when threads race here;
  // a throw leaves it uninitialised, so the next call tries again.
  static const CurlApi api = load();
  return api;
}

}  // namespace dvx::remote::http
