#pragma once
// Just enough XML for S3 responses (flat, attribute-free elements): the inner
// text of elements by tag name, entity decoding, and escaping for requests.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::remote::s3 {

// Raw inner content of every <tag>...</tag> (also <tag attr="..">), in order.
std::vector<std::string_view> xml_elements(std::string_view xml, std::string_view tag);
// Decoded text of the first <tag>, or nullopt.
std::optional<std::string> xml_text(std::string_view xml, std::string_view tag);
std::string xml_unescape(std::string_view s);
std::string xml_escape(std::string_view s);

// Seconds since the epoch of an ISO 8601 UTC time as S3 writes it
// ("2026-11-30T10:42:35.000Z"); 0 when it cannot be read.
std::int64_t parse_s3_time(std::string_view text);

struct S3ErrorBody {
  std::string code;  // "NoSuchKey", "AccessDenied", ...; empty when the body is not an S3 error
  std::string message;
  std::string request_id;
};
S3ErrorBody parse_error_body(std::string_view body);

}  // namespace dvx::remote::s3
