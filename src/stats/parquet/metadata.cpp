#include "stats/parquet/metadata.hpp"

#include "dvx/util/error.hpp"
#include "stats/parquet/thrift_compact.hpp"

namespace dvx::stats::parquet {

const char* encoding::name(int e) {
  switch (e) {
    case kPlain: return "PLAIN";
    case kPlainDictionary: return "PLAIN_DICTIONARY";
    case kRle: return "RLE";
    case kBitPacked: return "BIT_PACKED";
    case kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case kRleDictionary: return "RLE_DICTIONARY";
    case kByteStreamSplit: return "BYTE_STREAM_SPLIT";
    default: return "unknown encoding";
  }
}

const char* type_name(Type t) {
  switch (t) {
    case Type::boolean: return "BOOLEAN";
    case Type::int32: return "INT32";
    case Type::int64: return "INT64";
    case Type::int96: return "INT96";
    case Type::float_: return "FLOAT";
    case Type::double_: return "DOUBLE";
    case Type::byte_array: return "BYTE_ARRAY";
    case Type::fixed_len_byte_array: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "?";
}

const char* codec_name(Codec c) {
  switch (c) {
    case Codec::uncompressed: return "UNCOMPRESSED";
    case Codec::snappy: return "SNAPPY";
    case Codec::gzip: return "GZIP";
    case Codec::lzo: return "LZO";
    case Codec::brotli: return "BROTLI";
    case Codec::lz4: return "LZ4";
    case Codec::zstd: return "ZSTD";
    case Codec::lz4_raw: return "LZ4_RAW";
  }
  return "?";
}

namespace {

using R = CompactReader;

Type to_type(std::int32_t v) {
  if (v < 0 || v > 7) fail(ErrorKind::corrupt, "invalid physical type {}", v);
  return static_cast<Type>(v);
}

TimeUnit parse_time_unit(R& r) {
  TimeUnit u = TimeUnit::millis;
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  while (r.next_field(id, t)) {
    if (id == 1)
      u = TimeUnit::millis;
    else if (id == 2)
      u = TimeUnit::micros;
    else if (id == 3)
      u = TimeUnit::nanos;
    else
      fail(ErrorKind::corrupt, "invalid time unit {}", id);
    r.skip(t);
  }
  r.end_struct();
  return u;
}

LogicalType parse_logical_type(R& r) {
  LogicalType lt;
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  bool seen = false;
  while (r.next_field(id, t)) {
    if (seen) {  // a union has one member; tolerate and ignore extras
      r.skip(t);
      continue;
    }
    seen = true;
    lt.raw_id = id;
    if (t != ttype::kStruct) {
      r.skip(t);
      lt.kind = LogicalType::other;
      continue;
    }
    std::int16_t fid;
    std::uint8_t ft;
    switch (id) {
      case 5:  // DECIMAL
        lt.kind = LogicalType::decimal;
        r.begin_struct();
        while (r.next_field(fid, ft)) {
          if (fid == 1)
            lt.scale = r.read_i32(ft);
          else if (fid == 2)
            lt.precision = r.read_i32(ft);
          else
            r.skip(ft);
        }
        r.end_struct();
        break;
      case 7:  // TIME
      case 8:  // TIMESTAMP
        lt.kind = id == 7 ? LogicalType::time : LogicalType::timestamp;
        r.begin_struct();
        while (r.next_field(fid, ft)) {
          if (fid == 1)
            lt.adjusted_to_utc = r.read_bool(ft);
          else if (fid == 2) {
            r.expect_struct(ft);
            lt.unit = parse_time_unit(r);
          } else
            r.skip(ft);
        }
        r.end_struct();
        break;
      case 10:  // INTEGER
        lt.kind = LogicalType::integer;
        r.begin_struct();
        while (r.next_field(fid, ft)) {
          if (fid == 1)
            lt.bit_width = r.read_i32(ft);
          else if (fid == 2)
            lt.is_signed = r.read_bool(ft);
          else
            r.skip(ft);
        }
        r.end_struct();
        break;
      default:
        switch (id) {
          case 1: lt.kind = LogicalType::string; break;
          case 2: lt.kind = LogicalType::map; break;
          case 3: lt.kind = LogicalType::list; break;
          case 4: lt.kind = LogicalType::enum_; break;
          case 6: lt.kind = LogicalType::date; break;
          case 11: lt.kind = LogicalType::unknown; break;
          case 12: lt.kind = LogicalType::json; break;
          case 13: lt.kind = LogicalType::bson; break;
          case 14: lt.kind = LogicalType::uuid; break;
          case 15: lt.kind = LogicalType::float16; break;
          default: lt.kind = LogicalType::other; break;
        }
        r.skip(t);
    }
  }
  r.end_struct();
  return lt;
}

SchemaElement parse_schema_element(R& r) {
  SchemaElement e;
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  while (r.next_field(id, t)) {
    switch (id) {
      case 1: e.type = to_type(r.read_i32(t)); break;
      case 2: e.type_length = r.read_i32(t); break;
      case 3: {
        auto v = r.read_i32(t);
        if (v < 0 || v > 2) fail(ErrorKind::corrupt, "invalid repetition type {}", v);
        e.repetition = static_cast<Repetition>(v);
        break;
      }
      case 4: e.name = r.read_string(t); break;
      case 5: e.num_children = r.read_i32(t); break;
      case 6: e.converted_type = r.read_i32(t); break;
      case 7: e.scale = r.read_i32(t); break;
      case 8: e.precision = r.read_i32(t); break;
      case 10:
        r.expect_struct(t);
        e.logical = parse_logical_type(r);
        break;
      default: r.skip(t);
    }
  }
  r.end_struct();
  return e;
}

ColumnMetaData parse_column_meta(R& r) {
  ColumnMetaData m;
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  bool have_type = false, have_codec = false;
  while (r.next_field(id, t)) {
    switch (id) {
      case 1:
        m.type = to_type(r.read_i32(t));
        have_type = true;
        break;
      case 3: {
        auto h = r.read_list_header(t);
        for (std::size_t i = 0; i < h.size; ++i) m.path.push_back(r.read_string(h.elem_type));
        break;
      }
      case 4: {
        auto v = r.read_i32(t);
        if (v < 0 || v > 7) fail(ErrorKind::corrupt, "invalid compression codec {}", v);
        m.codec = static_cast<Codec>(v);
        have_codec = true;
        break;
      }
      case 5: m.num_values = r.read_i64(t); break;
      case 6: m.total_uncompressed_size = r.read_i64(t); break;
      case 7: m.total_compressed_size = r.read_i64(t); break;
      case 9: m.data_page_offset = r.read_i64(t); break;
      case 11: m.dictionary_page_offset = r.read_i64(t); break;
      default: r.skip(t);
    }
  }
  r.end_struct();
  if (!have_type || !have_codec) fail(ErrorKind::corrupt, "column metadata lacks its type or codec");
  return m;
}

ColumnChunk parse_column_chunk(R& r) {
  ColumnChunk c;
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  while (r.next_field(id, t)) {
    switch (id) {
      case 1: c.file_path = r.read_string(t); break;
      case 3:
        r.expect_struct(t);
        c.meta = parse_column_meta(r);
        c.has_meta = true;
        break;
      case 8:
      case 9:
        c.encrypted = true;
        r.skip(t);
        break;
      default: r.skip(t);
    }
  }
  r.end_struct();
  return c;
}

RowGroup parse_row_group(R& r) {
  RowGroup g;
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  while (r.next_field(id, t)) {
    switch (id) {
      case 1: {
        auto h = r.read_list_header(t);
        g.columns.reserve(h.size);
        for (std::size_t i = 0; i < h.size; ++i) {
          r.expect_struct(h.elem_type);
          g.columns.push_back(parse_column_chunk(r));
        }
        break;
      }
      case 3: g.num_rows = r.read_i64(t); break;
      default: r.skip(t);
    }
  }
  r.end_struct();
  return g;
}

}  // namespace

FileMetaData parse_file_metadata(const std::uint8_t* data, std::size_t size) {
  R r(data, size);
  FileMetaData f;
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  while (r.next_field(id, t)) {
    switch (id) {
      case 1: f.version = r.read_i32(t); break;
      case 2: {
        auto h = r.read_list_header(t);
        f.schema.reserve(h.size);
        for (std::size_t i = 0; i < h.size; ++i) {
          r.expect_struct(h.elem_type);
          f.schema.push_back(parse_schema_element(r));
        }
        break;
      }
      case 3: f.num_rows = r.read_i64(t); break;
      case 4: {
        auto h = r.read_list_header(t);
        f.row_groups.reserve(h.size);
        for (std::size_t i = 0; i < h.size; ++i) {
          r.expect_struct(h.elem_type);
          f.row_groups.push_back(parse_row_group(r));
        }
        break;
      }
      case 6: f.created_by = r.read_string(t); break;
      case 8:
        f.encrypted = true;
        r.skip(t);
        break;
      default: r.skip(t);
    }
  }
  r.end_struct();
  return f;
}

PageHeader parse_page_header(const std::uint8_t* data, std::size_t size, std::size_t& header_size) {
  R r(data, size);
  PageHeader p;
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  bool have_type = false, have_sizes = false;
  while (r.next_field(id, t)) {
    switch (id) {
      case 1: {
        auto v = r.read_i32(t);
        if (v < 0 || v > 3) fail(ErrorKind::corrupt, "invalid page type {}", v);
        p.type = static_cast<PageType>(v);
        have_type = true;
        break;
      }
      case 2: p.uncompressed_page_size = r.read_i32(t); break;
      case 3:
        p.compressed_page_size = r.read_i32(t);
        have_sizes = true;
        break;
      case 4: p.crc = static_cast<std::uint32_t>(r.read_i32(t)); break;
      case 5:  // DataPageHeader
      case 7:  // DictionaryPageHeader
      case 8:  // DataPageHeaderV2
      {
        r.expect_struct(t);
        p.has_type_header = true;
        p.type_header_id = id;
        r.begin_struct();
        std::int16_t fid;
        std::uint8_t ft;
        while (r.next_field(fid, ft)) {
          if (fid == 1) {
            p.num_values = r.read_i32(ft);
          } else if (id == 5) {
            if (fid == 2)
              p.encoding = r.read_i32(ft);
            else if (fid == 3)
              p.def_level_encoding = r.read_i32(ft);
            else if (fid == 4)
              p.rep_level_encoding = r.read_i32(ft);
            else
              r.skip(ft);
          } else if (id == 7) {
            if (fid == 2)
              p.encoding = r.read_i32(ft);
            else
              r.skip(ft);
          } else {
            switch (fid) {
              case 2: p.num_nulls = r.read_i32(ft); break;
              case 3: p.num_rows = r.read_i32(ft); break;
              case 4: p.encoding = r.read_i32(ft); break;
              case 5: p.def_levels_byte_length = r.read_i32(ft); break;
              case 6: p.rep_levels_byte_length = r.read_i32(ft); break;
              case 7: p.is_compressed = r.read_bool(ft); break;
              default: r.skip(ft);
            }
          }
        }
        r.end_struct();
        break;
      }
      default: r.skip(t);
    }
  }
  r.end_struct();
  if (!have_type || !have_sizes) fail(ErrorKind::corrupt, "page header lacks its type or size");
  header_size = r.position();
  return p;
}

}  // namespace dvx::stats::parquet
