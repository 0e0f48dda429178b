#include "quality/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "dvx/util/error.hpp"

namespace dvx::quality {
namespace {

pcre2_code* compile(const std::string& pattern, std::string* problem) {
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), PCRE2_UTF,
                                 &code, &offset, nullptr);
  if (!re && problem) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code, buf, sizeof buf);
    *problem = fmt::format("{} at offset {}", reinterpret_cast<const char*>(buf), offset);
  }
  return re;
}

}  // namespace

std::optional<std::string> regex_problem(const std::string& pattern) {
  std::string problem;
  pcre2_code* re = compile(pattern, &problem);
  if (!re) return problem;
  pcre2_code_free(re);
  return std::nullopt;
}

struct Regex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_data* data = nullptr;
};

Regex::Regex(const std::string& pattern) : impl_(std::make_unique<Impl>()) {
  std::string problem;
  impl_->code = compile(pattern, &problem);
  if (!impl_->code) fail(ErrorKind::usage, "pattern '{}' is not a valid regex: {}", pattern, problem);
  pcre2_jit_compile(impl_->code,
                    PCRE2_JIT_COMPLETE);  // falls back to the interpreter when JIT is unavailable
  impl_->data = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
}

Regex::~Regex() {
  pcre2_match_data_free(impl_->data);
  pcre2_code_free(impl_->code);
}

bool Regex::search(std::string_view text) {
  // Invalid UTF-8 in the data is not an error of the pattern: it does not match.
  int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, impl_->data,
                       nullptr);
  return rc >= 0;
}

}  // namespace dvx::quality
