// DVC addresses objects by md5 (OpenSSL EVP). DVC 2.x hashed a text file as
// if its CRLFs were LFs ("dos2unix"); a file is text when its first 8000
// bytes hold no NUL (DVC's istextfile), so binary files hash as they are.
#include <openssl/evp.h>

#include <memory>

#include "dvx/dvc/dvc_files.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::dvc {

namespace {

class Md5 {
 public:
  Md5() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_md5(), nullptr) != 1)
      fail(ErrorKind::permanent, "OpenSSL: cannot start an md5 digest");
  }
  void update(const void* data, std::size_t size) { EVP_DigestUpdate(ctx_.get(), data, size); }
  std::string finish() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_.get(), out, &n);
    return util::hex_encode({out, n});
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

std::string md5_of_file(const fs::path& file, bool dos2unix) {
  util::FileReader in(file);
  auto buf = util::make_io_buffer();
  Md5 md5;
  bool first = true;
  bool text = false;
  bool pending_cr = false;  // a CR at the end of the previous block
  std::string converted;
  for (std::size_t n; (n = in.read(buf.get(), util::kIoBlock)) > 0;) {
    if (first) {
      text = dos2unix &&
             std::string_view(buf.get(), std::min<std::size_t>(n, 8000)).find('\0') == std::string_view::npos;
      first = false;
    }
    if (!text) {
      md5.update(buf.get(), n);
      continue;
    }
    converted.clear();
    for (std::size_t i = 0; i < n; ++i) {
      char c = buf[i];
      if (pending_cr) {
        if (c != '\n') converted += '\r';
        pending_cr = false;
      }
      if (c == '\r')
        pending_cr = true;
      else
        converted += c;
    }
    md5.update(converted.data(), converted.size());
  }
  if (pending_cr) md5.update("\r", 1);
  return md5.finish();
}

}  // namespace

std::string md5_hex(std::string_view data) {
  Md5 md5;
  md5.update(data.data(), data.size());
  return md5.finish();
}

std::string md5_file(const fs::path& file) {
  return md5_of_file(file, false);
}
std::string legacy_md5_file(const fs::path& file) {
  return md5_of_file(file, true);
}

}  // namespace dvx::dvc
