#pragma once
// libcurl, loaded with dlopen when the first HTTP request is made rather
// than linked: a linked libcurl loads itself and some twenty libraries of
// its own (TLS, Kerberos, LDAP, IDN, ...) into every git-dvx process, about
// 5 ms per start, and git starts git-dvx as the filter of every checkout and
// in hooks, where most runs never talk to an HTTP store.
#include <curl/curl.h>

namespace dvx::remote::http {

// The libcurl functions git-dvx calls; same signatures as curl/curl.h.
struct CurlApi {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
  CURLcode (*easy_perform)(CURL* handle);
  void (*easy_reset)(CURL* handle);
  void (*easy_cleanup)(CURL* handle);
  const char* (*easy_strerror)(CURLcode code);
  curl_slist* (*slist_append)(curl_slist* list, const char* text);
  void (*slist_free_all)(curl_slist* list);
};

// Loads libcurl (once, thread-safe) and runs curl_global_init. Throws
// Error(permanent) naming the library when it cannot be loaded or lacks a
// function.
const CurlApi& curl_api();

}  // namespace dvx::remote::http
