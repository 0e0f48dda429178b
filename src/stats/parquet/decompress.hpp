#pragma once
// Page decompression for the Parquet codecs the reader supports. The output
// size is the page header's uncompressed size; the caller bounds it before
// calling. Throws dvx::Error(corrupt) when the stream is invalid or does not
// decompress to exactly that size.
#include <cstddef>
#include <cstdint>

#include "stats/parquet/metadata.hpp"

namespace dvx::stats::parquet {

// Largest output size the codec can produce from `compressed` input bytes
// (used to reject page headers claiming impossible sizes).
std::uint64_t max_decompressed_size(Codec codec, std::uint64_t compressed);

void decompress(Codec codec, const std::uint8_t* src, std::size_t src_size, std::uint8_t* dst,
                std::size_t dst_size);

}  // namespace dvx::stats::parquet
