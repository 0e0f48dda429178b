#include "stats/parquet/column_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

#include "dvx/util/error.hpp"
#include "stats/parquet/decompress.hpp"
#include "stats/parquet/encodings.hpp"

namespace dvx::stats::parquet {

namespace {

constexpr std::uint64_t kMaxDictHeaderPadding = 100;  // PARQUET-816 (old parquet-mr)

int bit_width_for(int max_level) {
  int w = 0;
  while ((1 << w) <= max_level) ++w;
  return w;
}

}  // namespace

void ColumnReader::reserve(std::uint64_t rows) {
  // Reserve for the claimed rows only up to a modest bound: the vectors
  // grow with what the pages really hold, not with what the footer says.
  rows = std::min<std::uint64_t>(rows, std::max<std::uint64_t>(std::uint64_t(1) << 20, ctx_.file.size()));
  if (leaf_.kind == ColumnKind::numeric) out_.numbers.reserve(rows);
  if (leaf_.kind == ColumnKind::categorical) {
    out_.categories.reserve(rows);
    out_.category_null.reserve(rows);
  }
}

void ColumnReader::read_all() {
  std::uint64_t total = 0;
  for (const auto& rg : ctx_.md.row_groups) total += static_cast<std::uint64_t>(rg.num_rows);
  reserve(total);
  for (rg_ = 0; rg_ < ctx_.md.row_groups.size(); ++rg_) read_chunk(ctx_.md.row_groups[rg_]);
}

void ColumnReader::read_row_group(std::size_t group) {
  rg_ = group;
  reserve(static_cast<std::uint64_t>(ctx_.md.row_groups[group].num_rows));
  read_chunk(ctx_.md.row_groups[group]);
}

void ColumnReader::read_chunk(const RowGroup& rg) {
  const ColumnChunk& cc = rg.columns[index_];
  if (cc.encrypted) fail(ErrorKind::permanent, "column chunk is encrypted (not supported)");
  if (!cc.file_path.empty())
    fail(ErrorKind::permanent, "column chunk lives in another file ({}), which is not supported",
         cc.file_path);
  if (!cc.has_meta) fail(ErrorKind::corrupt, "column chunk has no metadata");
  const ColumnMetaData& m = cc.meta;
  if (m.type != leaf_.type)
    fail(ErrorKind::corrupt, "column chunk type {} differs from the schema's {}", type_name(m.type),
         type_name(leaf_.type));
  if (m.num_values < 0 || static_cast<std::uint64_t>(m.num_values) > ctx_.max_values)
    fail(ErrorKind::corrupt, "column chunk claims {} values (limit {})", m.num_values, ctx_.max_values);
  std::int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 && *m.dictionary_page_offset < start)
    start = *m.dictionary_page_offset;
  std::int64_t length = m.total_compressed_size;
  if (start < 4 || length < 0 || static_cast<std::uint64_t>(start) > ctx_.data_end ||
      static_cast<std::uint64_t>(length) > ctx_.data_end - static_cast<std::uint64_t>(start))
    fail(ErrorKind::corrupt, "column chunk at offset {} of {} bytes lies outside the data area (0..{})",
         start, length, ctx_.data_end);
  std::uint64_t len = static_cast<std::uint64_t>(length);
  if (ctx_.parquet816_padding)
    len += std::min<std::uint64_t>(kMaxDictHeaderPadding,
                                   ctx_.data_end - static_cast<std::uint64_t>(start) - len);
  buf_ = ctx_.file.read(static_cast<std::uint64_t>(start), len);
  codec_ = m.codec;
  if (codec_ == Codec::lzo || codec_ == Codec::brotli)
    fail(ErrorKind::permanent, "compression codec {} is not supported", codec_name(codec_));
  have_dict_ = false;
  dict_size_ = 0;
  dict_num_.clear();
  dict_str_.clear();
  rows_ = 0;
  first_level_ = true;
  std::uint64_t seen = 0, want = static_cast<std::uint64_t>(m.num_values);
  std::size_t pos = 0;
  for (page_ = 0; seen < want; ++page_) {
    if (pos >= buf_.size())
      fail(ErrorKind::corrupt, "column chunk ends after {} of its {} values", seen, want);
    std::size_t hs = 0;
    PageHeader h = parse_page_header(buf_.data() + pos, buf_.size() - pos, hs);
    pos += hs;
    if (h.compressed_page_size < 0 || static_cast<std::size_t>(h.compressed_page_size) > buf_.size() - pos)
      fail(ErrorKind::corrupt, "page of {} bytes overruns its column chunk ({} bytes left)",
           h.compressed_page_size, buf_.size() - pos);
    if (h.uncompressed_page_size < 0 || static_cast<std::uint64_t>(h.uncompressed_page_size) > kMaxPageBytes)
      fail(ErrorKind::corrupt, "page claims {} uncompressed bytes", h.uncompressed_page_size);
    const std::uint8_t* page = buf_.data() + pos;
    std::size_t csize = static_cast<std::size_t>(h.compressed_page_size);
    pos += csize;
    if (h.crc) {
      std::uint32_t crc = static_cast<std::uint32_t>(::crc32(0L, page, static_cast<uInt>(csize)));
      if (crc != *h.crc)
        fail(ErrorKind::corrupt, "page CRC mismatch (header {:08x}, data {:08x})", *h.crc, crc);
    }
    switch (h.type) {
      case PageType::dictionary: read_dictionary(h, page, csize, seen); break;
      case PageType::data:
      case PageType::data_v2: {
        if (!h.has_type_header || h.type_header_id != (h.type == PageType::data ? 5 : 8))
          fail(ErrorKind::corrupt, "data page lacks its data page header");
        if (h.num_values < 0 || static_cast<std::uint64_t>(h.num_values) > want - seen)
          fail(ErrorKind::corrupt, "data page claims {} values, {} remain in the column chunk", h.num_values,
               want - seen);
        if (h.type == PageType::data)
          read_data_v1(h, page, csize);
        else
          read_data_v2(h, page, csize);
        seen += static_cast<std::uint64_t>(h.num_values);
        break;
      }
      case PageType::index: break;
    }
  }
  if (static_cast<std::int64_t>(rows_) != rg.num_rows)
    fail(ErrorKind::corrupt, "column chunk holds {} rows, its row group has {}", rows_, rg.num_rows);
}

const std::uint8_t* ColumnReader::inflate(const std::uint8_t* src, std::size_t csize, std::size_t usize) {
  if (codec_ == Codec::uncompressed) {
    if (csize != usize)
      fail(ErrorKind::corrupt, "uncompressed page is {} bytes, its header says {}", csize, usize);
    return src;
  }
  if (usize > max_decompressed_size(codec_, csize))
    fail(ErrorKind::corrupt, "page claims {} bytes decompressed from {} {} bytes, which is impossible", usize,
         csize, codec_name(codec_));
  page_buf_.resize(usize);
  decompress(codec_, src, csize, page_buf_.data(), usize);
  return page_buf_.data();
}

void ColumnReader::read_dictionary(const PageHeader& h, const std::uint8_t* page, std::size_t csize,
                                   std::uint64_t seen) {
  if (!h.has_type_header || h.type_header_id != 7)
    fail(ErrorKind::corrupt, "dictionary page lacks its dictionary page header");
  if (have_dict_) fail(ErrorKind::corrupt, "column chunk has a second dictionary page");
  if (seen > 0) fail(ErrorKind::corrupt, "dictionary page follows data pages");
  if (h.num_values < 0) fail(ErrorKind::corrupt, "dictionary page claims {} values", h.num_values);
  if (h.encoding != encoding::kPlain && h.encoding != encoding::kPlainDictionary)
    fail(ErrorKind::corrupt, "dictionary page encoding {} is not PLAIN", encoding::name(h.encoding));
  std::size_t usize = static_cast<std::size_t>(h.uncompressed_page_size);
  const std::uint8_t* data = inflate(page, csize, usize);
  auto n = static_cast<std::size_t>(h.num_values);
  if (leaf_.type != Type::boolean && n > usize)  // every non-boolean value takes at least one byte... or 4
    fail(ErrorKind::corrupt, "dictionary page claims {} values in {} bytes", n, usize);
  phys_.clear();
  decode_plain(leaf_, data, usize, n, phys_);
  have_dict_ = true;
  dict_size_ = n;
  if (leaf_.kind == ColumnKind::numeric) {
    dict_num_.resize(n);
    for (std::size_t i = 0; i < n; ++i) dict_num_[i] = to_number(leaf_, phys_, i);
  } else if (leaf_.kind == ColumnKind::categorical) {
    dict_str_.resize(n);
    for (std::size_t i = 0; i < n; ++i) dict_str_[i] = to_text(leaf_, phys_, i);
  }
}

std::size_t ColumnReader::read_levels(int enc, int max_level, const std::uint8_t* data, std::size_t size,
                                      std::size_t n, std::vector<std::uint32_t>& out, const char* what,
                                      bool v2) {
  out.resize(n);
  int bw = bit_width_for(max_level);
  std::size_t used;
  if (v2) {
    RleBitPackedDecoder dec(data, size, bw);
    dec.decode(out.data(), n);
    used = size;
  } else if (enc == encoding::kRle) {
    if (size < 4) fail(ErrorKind::corrupt, "{} levels lack their length prefix", what);
    std::uint32_t len = le32(data);
    if (len > size - 4)
      fail(ErrorKind::corrupt, "{} levels claim {} bytes, page has {}", what, len, size - 4);
    RleBitPackedDecoder dec(data + 4, len, bw);
    dec.decode(out.data(), n);
    used = 4 + len;
  } else if (enc == encoding::kBitPacked) {
    used = decode_bit_packed_msb(data, size, bw, out.data(), n);
  } else {
    fail(ErrorKind::corrupt, "{} level encoding {} is not supported", what, encoding::name(enc));
  }
  for (std::uint32_t v : out)
    if (v > static_cast<std::uint32_t>(max_level))
      fail(ErrorKind::corrupt, "{} level {} exceeds the column's maximum {}", what, v, max_level);
  return used;
}

void ColumnReader::read_data_v1(const PageHeader& h, const std::uint8_t* page, std::size_t csize) {
  std::size_t usize = static_cast<std::size_t>(h.uncompressed_page_size);
  const std::uint8_t* data = inflate(page, csize, usize);
  auto n = static_cast<std::size_t>(h.num_values);
  std::size_t pos = 0;
  reps_.clear();
  defs_.clear();
  if (leaf_.max_rep > 0)
    pos += read_levels(h.rep_level_encoding, leaf_.max_rep, data, usize, n, reps_, "repetition", false);
  if (leaf_.max_def > 0)
    pos += read_levels(h.def_level_encoding, leaf_.max_def, data + pos, usize - pos, n, defs_, "definition",
                       false);
  decode_page_values(h.encoding, data + pos, usize - pos, n);
}

void ColumnReader::read_data_v2(const PageHeader& h, const std::uint8_t* page, std::size_t csize) {
  if (h.rep_levels_byte_length < 0 || h.def_levels_byte_length < 0)
    fail(ErrorKind::corrupt, "data page v2 has negative level lengths");
  std::size_t rl = static_cast<std::size_t>(h.rep_levels_byte_length);
  std::size_t dl = static_cast<std::size_t>(h.def_levels_byte_length);
  std::size_t usize = static_cast<std::size_t>(h.uncompressed_page_size);
  if (rl > csize || dl > csize - rl || rl + dl > usize)
    fail(ErrorKind::corrupt, "data page v2 level lengths {}+{} exceed the page ({} bytes)", rl, dl, csize);
  auto n = static_cast<std::size_t>(h.num_values);
  reps_.clear();
  defs_.clear();
  if (leaf_.max_rep > 0) read_levels(encoding::kRle, leaf_.max_rep, page, rl, n, reps_, "repetition", true);
  if (leaf_.max_def > 0)
    read_levels(encoding::kRle, leaf_.max_def, page + rl, dl, n, defs_, "definition", true);
  const std::uint8_t* values = page + rl + dl;
  std::size_t vc = csize - rl - dl, vu = usize - rl - dl;
  if (h.is_compressed && codec_ != Codec::uncompressed) {
    if (vc == 0 && vu == 0) {
      values = page;  // nothing to decompress (an empty stream is not valid input for most codecs)
    } else {
      values = inflate(values, vc, vu);
    }
  } else if (vc != vu) {
    fail(ErrorKind::corrupt, "uncompressed data page v2 holds {} value bytes, its header says {}", vc, vu);
  }
  decode_page_values(h.encoding, values, vu, n);
}

void ColumnReader::decode_page_values(int enc, const std::uint8_t* data, std::size_t size, std::size_t n) {
  std::size_t present = n;
  if (leaf_.max_def > 0) {
    present = 0;
    for (std::uint32_t d : defs_) present += d == static_cast<std::uint32_t>(leaf_.max_def);
  }
  if (leaf_.max_rep > 0) {
    if (n > 0 && first_level_ && reps_[0] != 0)
      fail(ErrorKind::corrupt, "column chunk starts with repetition level {} instead of 0", reps_[0]);
    for (std::uint32_t r : reps_) rows_ += r == 0;
  } else {
    rows_ += n;
  }
  if (n > 0) first_level_ = false;
  bool dict = enc == encoding::kPlainDictionary || enc == encoding::kRleDictionary;
  phys_.clear();
  if (dict) {
    if (!have_dict_) fail(ErrorKind::corrupt, "dictionary-encoded page without a dictionary page");
    indices_.resize(present);
    if (present > 0) {
      if (size < 1) fail(ErrorKind::corrupt, "dictionary indices lack their bit width");
      int bw = data[0];
      if (bw > 32) fail(ErrorKind::corrupt, "dictionary index bit width {} exceeds 32", bw);
      RleBitPackedDecoder dec(data + 1, size - 1, bw);
      dec.decode(indices_.data(), present);
      for (std::uint32_t i : indices_)
        if (i >= dict_size_)
          fail(ErrorKind::corrupt, "dictionary index {} is out of range (dictionary has {} values)", i,
               dict_size_);
    }
  } else if (present > 0 || leaf_.type == Type::boolean) {
    decode_values(leaf_, enc, data, size, present, phys_);
    if (phys_count(leaf_, phys_) != present)
      fail(ErrorKind::corrupt, "page decoded {} values, expected {}", phys_count(leaf_, phys_), present);
  }
  if (leaf_.kind == ColumnKind::skipped) return;
  emit(dict, n);
}

void ColumnReader::emit(bool dict, std::size_t n) {
  bool numeric = leaf_.kind == ColumnKind::numeric;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    bool present = leaf_.max_def == 0 || defs_[i] == static_cast<std::uint32_t>(leaf_.max_def);
    if (numeric) {
      if (!present)
        out_.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
      else if (dict)
        out_.numbers.push_back(dict_num_[indices_[k++]]);
      else
        out_.numbers.push_back(to_number(leaf_, phys_, k++));
    } else {
      if (!present) {
        out_.categories.emplace_back();
        out_.category_null.push_back(true);
      } else {
        out_.categories.push_back(dict ? dict_str_[indices_[k++]] : to_text(leaf_, phys_, k++));
        out_.category_null.push_back(false);
      }
    }
  }
}

}  // namespace dvx::stats::parquet
