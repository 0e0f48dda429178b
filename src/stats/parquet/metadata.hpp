#pragma once
// Parquet footer (FileMetaData) and page headers, parsed from the Thrift
// compact protocol: only the fields a reader of values needs; the rest is
// skipped. Enum values are validated here, sizes and offsets by the reader.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dvx::stats::parquet {

enum class Type : std::int32_t {
  boolean = 0,
  int32 = 1,
  int64 = 2,
  int96 = 3,
  float_ = 4,
  double_ = 5,
  byte_array = 6,
  fixed_len_byte_array = 7
};

enum class Repetition : std::int32_t { required = 0, optional = 1, repeated = 2 };

// ConvertedType (legacy annotations).
namespace converted {
inline constexpr int kUtf8 = 0, kMap = 1, kMapKeyValue = 2, kList = 3, kEnum = 4, kDecimal = 5, kDate = 6,
                     kTimeMillis = 7, kTimeMicros = 8, kTimestampMillis = 9, kTimestampMicros = 10,
                     kUint8 = 11, kUint16 = 12, kUint32 = 13, kUint64 = 14, kInt8 = 15, kInt16 = 16,
                     kInt32 = 17, kInt64 = 18, kJson = 19, kBson = 20, kInterval = 21;
}

enum class TimeUnit { millis, micros, nanos };

struct LogicalType {
  enum Kind {
    none,
    string,
    map,
    list,
    enum_,
    decimal,
    date,
    time,
    timestamp,
    integer,
    unknown,
    json,
    bson,
    uuid,
    float16,
    other  // an annotation this reader does not know (newer writers)
  } kind = none;
  int scale = 0, precision = 0;  // decimal
  bool adjusted_to_utc = false;  // time, timestamp
  TimeUnit unit = TimeUnit::millis;
  int bit_width = 0;  // integer
  bool is_signed = true;
  int raw_id = 0;  // union field id (for messages about `other`)
};

struct SchemaElement {
  std::optional<Type> type;
  int type_length = 0;
  std::optional<Repetition> repetition;
  std::string name;
  int num_children = 0;
  std::optional<int> converted_type;
  int scale = 0, precision = 0;
  LogicalType logical;
};

enum class Codec : std::int32_t {
  uncompressed = 0,
  snappy = 1,
  gzip = 2,
  lzo = 3,
  brotli = 4,
  lz4 = 5,
  zstd = 6,
  lz4_raw = 7
};

namespace encoding {
inline constexpr int kPlain = 0, kPlainDictionary = 2, kRle = 3, kBitPacked = 4, kDeltaBinaryPacked = 5,
                     kDeltaLengthByteArray = 6, kDeltaByteArray = 7, kRleDictionary = 8, kByteStreamSplit = 9;
const char* name(int e);
}  // namespace encoding

struct ColumnMetaData {
  Type type = Type::int32;
  std::vector<std::string> path;
  Codec codec = Codec::uncompressed;
  std::int64_t num_values = 0;
  std::int64_t total_uncompressed_size = 0;
  std::int64_t total_compressed_size = 0;
  std::int64_t data_page_offset = 0;
  std::optional<std::int64_t> dictionary_page_offset;
};

struct ColumnChunk {
  std::string file_path;
  bool has_meta = false;
  bool encrypted = false;
  ColumnMetaData meta;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  std::int64_t num_rows = 0;
};

struct FileMetaData {
  int version = 0;
  std::vector<SchemaElement> schema;
  std::int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::string created_by;
  bool encrypted = false;
};

enum class PageType : std::int32_t { data = 0, index = 1, dictionary = 2, data_v2 = 3 };

struct PageHeader {
  PageType type = PageType::data;
  std::int32_t uncompressed_page_size = 0;
  std::int32_t compressed_page_size = 0;
  std::optional<std::uint32_t> crc;
  // DATA_PAGE / DATA_PAGE_V2 / DICTIONARY_PAGE
  bool has_type_header = false;
  std::int16_t type_header_id = 0;  // 5 data v1, 7 dictionary, 8 data v2
  std::int32_t num_values = 0;
  std::int32_t encoding = 0;
  std::int32_t def_level_encoding = encoding::kRle;  // v1
  std::int32_t rep_level_encoding = encoding::kRle;  // v1
  std::int32_t num_nulls = 0;                        // v2
  std::int32_t num_rows = 0;                         // v2
  std::int32_t def_levels_byte_length = 0;           // v2
  std::int32_t rep_levels_byte_length = 0;           // v2
  bool is_compressed = true;                         // v2
};

// Parses the footer. Throws dvx::Error(corrupt) on malformed input.
FileMetaData parse_file_metadata(const std::uint8_t* data, std::size_t size);
// Parses a page header at data; sets header_size to the bytes it took.
PageHeader parse_page_header(const std::uint8_t* data, std::size_t size, std::size_t& header_size);

const char* type_name(Type t);
const char* codec_name(Codec c);

}  // namespace dvx::stats::parquet
