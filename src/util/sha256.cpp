#include "dvx/util/sha256.hpp"

#include <openssl/evp.h>

#include <vector>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::util {

struct Sha256::Ctx {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Ctx() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  if (!ctx_->md || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1)
    fail(ErrorKind::permanent, "OpenSSL: cannot initialise SHA-256");
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, std::size_t size) {
  if (size) EVP_DigestUpdate(ctx_->md, data, size);
}

std::string Sha256::finish_hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_->md, digest, &len);
  EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr);
  return hex_encode({digest, len});
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.finish_hex();
}

FileDigest sha256_file(const std::filesystem::path& path) {
  FileReader in(path);
  Sha256 h;
  FileDigest out;
  auto buf = make_io_buffer();
  while (std::size_t n = in.read(buf.get(), kIoBlock)) {
    h.update(buf.get(), n);
    out.size += n;
  }
  out.hex = h.finish_hex();
  return out;
}

std::string hex_encode(std::span<const unsigned char> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  return out;
}

bool hex_decode_to(std::string_view hex, std::span<unsigned char> out) {
  auto nibble = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  if (hex.size() != 2 * out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

std::string hex_decode(std::string_view hex, std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (!hex_decode_to(hex, {reinterpret_cast<unsigned char*>(raw.data()), bytes})) return {};
  return raw;
}

}  // namespace dvx::util
