#include "stats/parquet/decompress.hpp"

#include <lz4.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <limits>

#include "dvx/util/error.hpp"

namespace dvx::stats::parquet {

namespace {

void gunzip(const std::uint8_t* src, std::size_t src_size, std::uint8_t* dst, std::size_t dst_size) {
  z_stream zs{};
  // 15 + 32: zlib or gzip header, detected.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) fail(ErrorKind::permanent, "zlib inflateInit failed");
  std::size_t in_pos = 0, out_pos = 0;
  int rc = Z_OK;
  for (;;) {
    zs.next_in = const_cast<Bytef*>(src + in_pos);
    zs.avail_in = static_cast<uInt>(std::min<std::size_t>(src_size - in_pos, 1u << 30));
    zs.next_out = dst + out_pos;
    zs.avail_out = static_cast<uInt>(std::min<std::size_t>(dst_size - out_pos, 1u << 30));
    std::size_t before_in = zs.avail_in, before_out = zs.avail_out;
    rc = inflate(&zs, Z_NO_FLUSH);
    in_pos += before_in - zs.avail_in;
    out_pos += before_out - zs.avail_out;
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members: continue with the next one.
      if (in_pos < src_size && out_pos < dst_size) {
        if (inflateReset(&zs) != Z_OK) break;
        continue;
      }
      break;
    }
    if (rc != Z_OK) break;
    if (before_in == zs.avail_in && before_out == zs.avail_out) break;  // no progress
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) fail(ErrorKind::corrupt, "GZIP data is invalid or truncated (zlib code {})", rc);
  if (out_pos != dst_size)
    fail(ErrorKind::corrupt, "GZIP data decompresses to {} bytes, page header says {}", out_pos, dst_size);
}

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// Hadoop's LZ4 framing: repeated [u32 BE decompressed size][u32 BE compressed
// size][raw LZ4 block]. Returns false if the input is not in that shape.
bool try_lz4_hadoop(const std::uint8_t* src, std::size_t src_size, std::uint8_t* dst, std::size_t dst_size) {
  std::size_t in = 0, out = 0;
  while (in < src_size) {
    if (src_size - in < 8) return false;
    std::uint32_t dsize = be32(src + in), csize = be32(src + in + 4);
    in += 8;
    if (csize > src_size - in || dsize > dst_size - out) return false;
    int n = LZ4_decompress_safe(reinterpret_cast<const char*>(src + in), reinterpret_cast<char*>(dst + out),
                                static_cast<int>(csize), static_cast<int>(dsize));
    if (n < 0 || static_cast<std::uint32_t>(n) != dsize) return false;
    in += csize;
    out += dsize;
  }
  return out == dst_size;
}

bool try_lz4_frame(const std::uint8_t* src, std::size_t src_size, std::uint8_t* dst, std::size_t dst_size) {
  if (src_size < 4 || src[0] != 0x04 || src[1] != 0x22 || src[2] != 0x4d || src[3] != 0x18) return false;
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) return false;
  std::size_t in = 0, out = 0;
  bool ok = false;
  for (;;) {
    std::size_t in_n = src_size - in, out_n = dst_size - out;
    std::size_t hint = LZ4F_decompress(ctx, dst + out, &out_n, src + in, &in_n, nullptr);
    if (LZ4F_isError(hint)) break;
    in += in_n;
    out += out_n;
    if (hint == 0) {
      ok = out == dst_size;
      break;
    }
    if (in_n == 0 && out_n == 0) break;  // no progress: truncated or output full
  }
  LZ4F_freeDecompressionContext(ctx);
  return ok;
}

bool try_lz4_raw(const std::uint8_t* src, std::size_t src_size, std::uint8_t* dst, std::size_t dst_size) {
  if (src_size > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
      dst_size > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return false;
  int n = LZ4_decompress_safe(reinterpret_cast<const char*>(src), reinterpret_cast<char*>(dst),
                              static_cast<int>(src_size), static_cast<int>(dst_size));
  return n >= 0 && static_cast<std::size_t>(n) == dst_size;
}

}  // namespace

std::uint64_t max_decompressed_size(Codec codec, std::uint64_t compressed) {
  switch (codec) {
    case Codec::uncompressed: return compressed;
    case Codec::snappy: return compressed * 32 + 64;    // a 2-byte copy emits at most 64 bytes
    case Codec::gzip: return compressed * 1100 + 1024;  // deflate's limit is 1032:1
    case Codec::lz4:
    case Codec::lz4_raw: return compressed * 256 + 1024;                 // one 255-run byte adds 255 bytes
    case Codec::zstd: return std::numeric_limits<std::uint64_t>::max();  // checked against the frame header
    default: return 0;
  }
}

void decompress(Codec codec, const std::uint8_t* src, std::size_t src_size, std::uint8_t* dst,
                std::size_t dst_size) {
  switch (codec) {
    case Codec::uncompressed:
      if (src_size != dst_size)
        fail(ErrorKind::corrupt, "uncompressed page is {} bytes, page header says {}", src_size, dst_size);
      if (src_size) std::memcpy(dst, src, src_size);
      return;
    case Codec::snappy: {
      std::size_t n = 0;
      if (!snappy::GetUncompressedLength(reinterpret_cast<const char*>(src), src_size, &n))
        fail(ErrorKind::corrupt, "SNAPPY data is invalid");
      if (n != dst_size)
        fail(ErrorKind::corrupt, "SNAPPY data decompresses to {} bytes, page header says {}", n, dst_size);
      if (!snappy::RawUncompress(reinterpret_cast<const char*>(src), src_size, reinterpret_cast<char*>(dst)))
        fail(ErrorKind::corrupt, "SNAPPY data is invalid");
      return;
    }
    case Codec::gzip: gunzip(src, src_size, dst, dst_size); return;
    case Codec::zstd: {
      // Each frame that declares its content size must fit what is left.
      std::size_t out = 0, in = 0;
      while (in < src_size) {
        std::size_t frame = ZSTD_findFrameCompressedSize(src + in, src_size - in);
        if (ZSTD_isError(frame))
          fail(ErrorKind::corrupt, "ZSTD data is invalid: {}", ZSTD_getErrorName(frame));
        unsigned long long content = ZSTD_getFrameContentSize(src + in, frame);
        if (content == ZSTD_CONTENTSIZE_ERROR) fail(ErrorKind::corrupt, "ZSTD frame header is invalid");
        if (content != ZSTD_CONTENTSIZE_UNKNOWN && content > dst_size - out)
          fail(ErrorKind::corrupt, "ZSTD frame holds {} bytes, more than the page header's {}", content,
               dst_size);
        std::size_t n = ZSTD_decompress(dst + out, dst_size - out, src + in, frame);
        if (ZSTD_isError(n)) fail(ErrorKind::corrupt, "ZSTD data is invalid: {}", ZSTD_getErrorName(n));
        out += n;
        in += frame;
      }
      if (out != dst_size)
        fail(ErrorKind::corrupt, "ZSTD data decompresses to {} bytes, page header says {}", out, dst_size);
      return;
    }
    case Codec::lz4_raw:
      if (!try_lz4_raw(src, src_size, dst, dst_size))
        fail(ErrorKind::corrupt, "LZ4_RAW data is invalid or does not decompress to {} bytes", dst_size);
      return;
    case Codec::lz4:
      // Parquet's deprecated LZ4 codec: Hadoop framing in practice, but older
      // writers used the LZ4 frame format or bare blocks; try each, as Arrow does.
      if (try_lz4_hadoop(src, src_size, dst, dst_size)) return;
      if (try_lz4_frame(src, src_size, dst, dst_size)) return;
      if (try_lz4_raw(src, src_size, dst, dst_size)) return;
      fail(ErrorKind::corrupt,
           "LZ4 data is invalid (neither Hadoop, frame nor block format) or does not "
           "decompress to {} bytes",
           dst_size);
    default: fail(ErrorKind::permanent, "compression codec {} is not supported", codec_name(codec));
  }
}

}  // namespace dvx::stats::parquet
