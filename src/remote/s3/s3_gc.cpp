// What gc asks of S3 beyond single-object calls: DeleteObjects (up to 1,000
// keys per request, Content-MD5 required by S3) and the multipart uploads a
// killed push left behind (ListMultipartUploads, AbortMultipartUpload).
#include <openssl/evp.h>

#include <ctime>
#include <optional>

#include "dvx/util/error.hpp"
#include "remote/s3/s3_remote.hpp"
#include "remote/s3/s3_xml.hpp"

namespace dvx::remote::s3 {

namespace {

constexpr std::size_t kDeleteBatch = 1000;  // S3's limit per DeleteObjects request

std::string base64_md5(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr) != 1)
    fail(ErrorKind::permanent, "MD5 of a DeleteObjects request failed");
  unsigned char out[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  int n = EVP_EncodeBlock(out, digest, static_cast<int>(len));
  return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
}

}  // namespace

void S3Remote::remove_many(const std::vector<std::string>& keys) {
  for (std::size_t from = 0; from < keys.size(); from += kDeleteBatch)
    delete_objects(keys, from, std::min(keys.size(), from + kDeleteBatch));
}

void S3Remote::delete_objects(const std::vector<std::string>& keys, std::size_t from, std::size_t to) {
  std::string body = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>";
  for (std::size_t i = from; i < to; ++i)
    body += "<Object><Key>" + xml_escape(full_key(keys[i])) + "</Key></Object>";
  body += "</Delete>";
  Call c{"POST", "", {{"delete", ""}}};
  c.headers.emplace_back("Content-Type", "application/xml");
  c.headers.emplace_back("Content-MD5", base64_md5(body));
  c.body = body;
  auto r = call(c);
  // A server without a working DeleteObjects (501 NotImplemented; s3rver
  // answers 500 to large batches) gets one DELETE per key: deletes are
  // idempotent, so the keys it may have removed already cost nothing.
  if (r.status == 500 || r.status == 501) {
    for (std::size_t i = from; i < to; ++i) remove(keys[i]);
    return;
  }
  // A 200 answer lists per-key failures as <Error> inside <DeleteResult>;
  // any other <Error> answer means the whole request failed.
  bool result = r.body.find("<DeleteResult") != std::string::npos;
  if (r.status != 200 || (!result && !parse_error_body(r.body).code.empty()))
    fail_response(c, r, "DeleteObjects");
  // Quiet mode: the answer lists only the keys that could not be deleted.
  for (auto err : xml_elements(r.body, "Error")) {
    auto code = xml_text(err, "Code").value_or("");
    if (code == "NoSuchKey") continue;
    fail(code == "InternalError" || code == "SlowDown" ? ErrorKind::transient : ErrorKind::permanent,
         "S3 DeleteObjects s3://{}/{} failed: {} ({})", settings_.location.bucket,
         xml_text(err, "Key").value_or("?"), code, xml_text(err, "Message").value_or(""));
  }
}

std::vector<Temporary> S3Remote::stale_temporaries(std::int64_t older_than_seconds) {
  std::string base = settings_.location.prefix.empty() ? "" : settings_.location.prefix + "/";
  std::int64_t limit = static_cast<std::int64_t>(std::time(nullptr)) - older_than_seconds;
  std::vector<Temporary> out;
  std::string key_marker, upload_marker;
  for (;;) {
    Call c{"GET", "", {{"uploads", ""}}};
    if (!base.empty()) c.query.emplace_back("prefix", base);
    if (!key_marker.empty()) c.query.emplace_back("key-marker", key_marker);
    if (!upload_marker.empty()) c.query.emplace_back("upload-id-marker", upload_marker);
    auto r = call(c);
    if (r.status == 501 || parse_error_body(r.body).code == "NotImplemented") return out;
    if (r.status != 200) fail_response(c, r, "ListMultipartUploads");
    // A server without ListMultipartUploads may answer with an object
    // listing instead: no uploads it can tell us about.
    if (r.body.find("ListMultipartUploadsResult") == std::string::npos) return out;
    for (auto upload : xml_elements(r.body, "Upload")) {
      auto key = xml_text(upload, "Key").value_or("");
      auto id = xml_text(upload, "UploadId").value_or("");
      if (key.compare(0, base.size(), base) != 0 || id.empty()) continue;
      auto initiated = parse_s3_time(xml_text(upload, "Initiated").value_or(""));
      if (initiated == 0 || initiated > limit) continue;
      out.push_back({key.substr(base.size()), id, 0, initiated});
    }
    if (xml_text(r.body, "IsTruncated").value_or("false") != "true") break;
    key_marker = xml_text(r.body, "NextKeyMarker").value_or("");
    upload_marker = xml_text(r.body, "NextUploadIdMarker").value_or("");
    if (key_marker.empty() && upload_marker.empty()) break;
  }
  return out;
}

void S3Remote::remove_temporary(const Temporary& t) {
  Call c{"DELETE", full_key(t.key), {{"uploadId", t.id}}};
  auto r = call(c);
  if (r.status == 204 || r.status == 200) return;
  if (r.status == 404 && parse_error_body(r.body).code == "NoSuchUpload") return;
  fail_response(c, r, "AbortMultipartUpload");
}

}  // namespace dvx::remote::s3
