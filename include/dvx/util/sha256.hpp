#pragma once
// Streaming SHA-256 over OpenSSL EVP.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace dvx::util {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, std::size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  std::string finish_hex();  // lowercase hex; the object is reset afterwards

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

std::string sha256_hex(std::string_view data);

struct FileDigest {
  std::string hex;
  std::uint64_t size = 0;
};
// Reads the file in 1 MiB blocks; throws dvx::Error naming the path.
FileDigest sha256_file(const std::filesystem::path& path);

std::string hex_encode(std::span<const unsigned char> bytes);
// The bytes lowercase `hex` spells; empty when it is not lowercase hex of
// exactly 2 * `bytes` digits.
std::string hex_decode(std::string_view hex, std::size_t bytes);
// The same into `out` (hex must be 2 * out.size() digits); false when it is not.
bool hex_decode_to(std::string_view hex, std::span<unsigned char> out);

}  // namespace dvx::util
