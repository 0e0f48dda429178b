// RFC 4180 CSV reader producing a column Table. One pass over the mapped
// file converts fields to doubles as they come; a column that turns out to
// be categorical after rows were stored as numbers is re-read for those rows
// in a second pass (so the file text itself is never kept in memory).
#include "dvx/stats/csv_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <memory>
#include <set>
#include <unordered_map>

#include "dvx/util/error.hpp"
#include "hash_index.hpp"
#include "radix_sort.hpp"

namespace dvx::stats {

namespace {

// pandas 1.5 read_csv defaults (keep_default_na); "None" is not one of them.
constexpr std::array<std::string_view, 18> kMissing = {
    "",     "NA",   "N/A",  "n/a", "NaN",      "nan",     "-NaN",     "-nan",   "null",
    "NULL", "<NA>", "#N/A", "#NA", "#N/A N/A", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN"};

bool parse_number(std::string_view s, double* out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return false;
  if (s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || s.front() == '-' || s.front() == '+') return false;
  }
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *out);
  if (ptr != end) return false;
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves the value unset: overflow -> +-inf, underflow -> 0
    const bool neg = s.front() == '-';
    const bool big = s.find_first_of("eE") != std::string_view::npos && s[s.find_first_of("eE") + 1] != '-';
    *out = big ? (neg ? -INFINITY : INFINITY) : (neg ? -0.0 : 0.0);
    return true;
  }
  return ec == std::errc();
}

struct Mapped {
  const char* data = nullptr;
  std::size_t size = 0;
  void* map = nullptr;
  int fd = -1;
  Mapped(const std::filesystem::path& path) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(ErrorKind::not_found, "cannot open {}: {}", path.string(), std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0)
      fail(ErrorKind::permanent, "cannot stat {}: {}", path.string(), std::strerror(errno));
    size = static_cast<std::size_t>(st.st_size);
    if (size > 0) {
      map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (map == MAP_FAILED)
        fail(ErrorKind::permanent, "cannot map {}: {}", path.string(), std::strerror(errno));
      ::madvise(map, size, MADV_SEQUENTIAL);
      data = static_cast<const char*>(map);
    }
  }
  ~Mapped() {
    if (map && map != MAP_FAILED) ::munmap(map, size);
    if (fd >= 0) ::close(fd);
  }
  Mapped(const Mapped&) = delete;
  Mapped& operator=(const Mapped&) = delete;
};

// Splits the text into records and fields. Calls on_field(col, value) for
// each field and on_record(fields) at the end of each non-blank record.
class Tokenizer {
 public:
  Tokenizer(std::string_view text, char delim, std::size_t max_field, const std::string& name)
      : t_(text), delim_(delim), max_field_(max_field), name_(name) {
    if (t_.size() >= 3 && t_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  std::size_t line() const { return line_; }

  // Reads the next record into fields; false at the end of input.
  bool next(std::vector<std::string_view>& fields) {
    fields.clear();
    if (!begin_record()) return false;
    for (;;) {
      bool end_of_record = false;
      fields.push_back(field(&end_of_record));
      if (fields.size() > kMaxCsvColumns)
        fail(ErrorKind::corrupt, "{}: line {}: more than {} fields in one row (the limit of the CSV reader)",
             name_, record_line_, kMaxCsvColumns);
      if (end_of_record) return true;
    }
  }

  // Skips blank lines; false at the end of input. Then call field() (or
  // try_number()) until end_of_record.
  bool begin_record() {
    scratch_used_ = 0;
    while (pos_ < t_.size() && (t_[pos_] == '\n' || t_[pos_] == '\r')) consume_newline();
    record_line_ = line_;
    return pos_ < t_.size();
  }

  std::string_view field(bool* end_of_record) { return read_field(end_of_record); }

  // Fast path for numeric columns: an unquoted number that ends exactly at
  // the delimiter or line end. Consumes nothing and returns false otherwise.
  bool try_number(double* v, bool* end_of_record) {
    const char* p = t_.data() + pos_;
    const char* end = t_.data() + t_.size();
    if (p >= end || *p == '"') return false;
    // A number longer than the field limit is left to field(), which refuses it.
    const char* limit = static_cast<std::size_t>(end - p) > max_field_ ? p + max_field_ : end;
    auto [ptr, ec] = std::from_chars(p, limit, *v);
    if (ec != std::errc() || ptr == p) return false;
    if (ptr == end) {
      pos_ = t_.size();
      *end_of_record = true;
    } else if (*ptr == delim_) {
      pos_ = static_cast<std::size_t>(ptr - t_.data()) + 1;
    } else if (*ptr == '\n' || *ptr == '\r') {
      pos_ = static_cast<std::size_t>(ptr - t_.data());
      consume_newline();
      *end_of_record = true;
    } else {
      return false;
    }
    return true;
  }

  std::size_t position() const { return pos_; }

  std::size_t record_line() const { return record_line_; }

 private:
  void consume_newline() {
    if (t_[pos_] == '\r' && pos_ + 1 < t_.size() && t_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  std::string_view read_field(bool* end_of_record) {
    if (pos_ < t_.size() && t_[pos_] == '"') return read_quoted(end_of_record);
    const std::size_t start = pos_;
    const char* p = t_.data() + pos_;
    const char* end = t_.data() + t_.size();
    // Stop at the limit: the bytes after it are never touched.
    const char* stop = static_cast<std::size_t>(end - p) > max_field_ ? p + max_field_ + 1 : end;
    while (p < stop && *p != delim_ && *p != '\n' && *p != '\r') ++p;
    if (static_cast<std::size_t>(p - (t_.data() + start)) > max_field_) field_too_large(line_);
    pos_ = static_cast<std::size_t>(p - t_.data());
    std::string_view field = t_.substr(start, pos_ - start);
    if (pos_ >= t_.size()) {
      *end_of_record = true;
    } else if (t_[pos_] == delim_) {
      ++pos_;  // at EOF ("a,b,") the next call yields the trailing empty field
    } else {
      consume_newline();
      *end_of_record = true;
    }
    return field;
  }

  std::string_view read_quoted(bool* end_of_record) {
    const std::size_t start_line = line_;
    ++pos_;  // opening quote
    std::string& buf = scratch();
    std::size_t run = pos_;
    for (;;) {
      if (pos_ >= t_.size())
        fail(ErrorKind::corrupt, "{}: line {}: unterminated quoted field (a '\"' is never closed)", name_,
             start_line);
      if (pos_ - run + buf.size() > max_field_) field_too_large(start_line);
      const char c = t_[pos_];
      if (c == '"') {
        buf.append(t_.data() + run, pos_ - run);
        if (pos_ + 1 < t_.size() && t_[pos_ + 1] == '"') {
          buf.push_back('"');
          pos_ += 2;
          run = pos_;
          continue;
        }
        ++pos_;  // closing quote
        break;
      }
      if (c == '\n' || (c == '\r' && !(pos_ + 1 < t_.size() && t_[pos_ + 1] == '\n'))) ++line_;
      ++pos_;
    }
    if (pos_ >= t_.size()) {
      *end_of_record = true;
    } else if (t_[pos_] == delim_) {
      ++pos_;
    } else if (t_[pos_] == '\n' || t_[pos_] == '\r') {
      consume_newline();
      *end_of_record = true;
    } else {
      fail(ErrorKind::corrupt, "{}: line {}: unexpected character '{}' after a closing quote", name_, line_,
           t_[pos_]);
    }
    return buf;
  }

  [[noreturn]] void field_too_large(std::size_t line) const {
    fail(ErrorKind::corrupt,
         "{}: line {}: a field is larger than {} bytes (the CSV reader's field limit; "
         "see --max-field-size)",
         name_, line, max_field_);
  }

  std::string& scratch() {
    if (scratch_used_ >= scratch_.size()) scratch_.emplace_back();
    std::string& s = scratch_[scratch_used_++];
    s.clear();
    return s;
  }

  std::string_view t_;
  char delim_;
  std::size_t max_field_;
  const std::string& name_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 1;
  // Unescaped quoted fields of the current record. A deque: growing it must
  // not move the strings that earlier fields' string_views point into.
  std::deque<std::string> scratch_;
  std::size_t scratch_used_ = 0;
};

std::vector<std::string> header_names(const std::vector<std::string_view>& fields) {
  std::vector<std::string> names;
  std::unordered_map<std::string, int> seen;
  std::set<std::string> used;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string name(fields[i]);
    if (name.empty()) name = "Unnamed: " + std::to_string(i);
    // pandas mangles duplicates as name.1, name.2, ...
    std::string candidate = name;
    int& k = seen[name];
    while (used.count(candidate)) candidate = name + "." + std::to_string(++k);
    used.insert(candidate);
    names.push_back(candidate);
  }
  return names;
}

// The codes of one encoded categorical column (CsvOptions::encode_categories).
class Encoder {
 public:
  std::uint32_t code(Column& col, std::string_view value) {
    bool inserted = false;
    const auto code = index_.find_or_add(
        value, [&](std::uint32_t c) -> std::string_view { return col.dictionary[c]; }, &inserted);
    if (inserted) col.dictionary.emplace_back(value);
    return code;
  }

 private:
  HashIndex index_;
};

// One encoder per column, made when the column turns out categorical
// (nullptr when not encoding).
using Encoders = std::vector<std::unique_ptr<Encoder>>;

void store_field(Column& col, std::string_view f, std::size_t row, std::size_t& flipped_at, Encoders* enc,
                 std::size_t c) {
  const bool missing = is_missing_token(f);
  if (col.kind == ColumnKind::numeric) {
    double v = NAN;
    if (missing || parse_number(f, &v)) {
      col.numbers.push_back(missing ? NAN : v);
      return;
    }
    // First non-numeric value: the column is categorical from here on.
    col.kind = ColumnKind::categorical;
    flipped_at = row;
    if (enc) {
      (*enc)[c] = std::make_unique<Encoder>();
      col.codes.assign(row, Column::kNullCode);
      col.codes.reserve(col.numbers.capacity());
    } else {
      col.categories.assign(row, std::string());
      col.category_null.assign(row, false);
    }
    col.numbers = {};
  }
  if (enc) {
    col.codes.push_back(missing ? Column::kNullCode : (*enc)[c]->code(col, f));
    return;
  }
  col.categories.emplace_back(missing ? std::string_view{} : f);
  col.category_null.push_back(missing);
}

}  // namespace

bool is_missing_token(std::string_view field) {
  if (field.size() > 8) return false;
  return std::find(kMissing.begin(), kMissing.end(), field) != kMissing.end();
}

char detect_delimiter(std::string_view sample) {
  const char candidates[] = {',', '\t', ';', '|'};
  std::vector<std::array<std::size_t, 4>> counts;
  std::array<std::size_t, 4> cur{};
  bool in_quotes = false;
  for (std::size_t i = 0; i < sample.size() && counts.size() < 20; ++i) {
    const char c = sample[i];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      if (cur != std::array<std::size_t, 4>{}) counts.push_back(cur);
      cur = {};
    } else if (!in_quotes) {
      for (int k = 0; k < 4; ++k)
        if (c == candidates[k]) ++cur[k];
    }
  }
  if (counts.empty() && cur != std::array<std::size_t, 4>{}) counts.push_back(cur);
  if (counts.empty()) return ',';
  int best = -1;
  std::size_t best_consistent = 0, best_count = 0;
  for (int k = 0; k < 4; ++k) {
    const std::size_t header = counts[0][k];
    if (header == 0) continue;
    std::size_t consistent = 0;
    for (const auto& row : counts) consistent += row[k] == header;
    if (consistent > best_consistent || (consistent == best_consistent && header > best_count)) {
      best = k;
      best_consistent = consistent;
      best_count = header;
    }
  }
  return best < 0 ? ',' : candidates[best];
}

Table parse_csv(std::string_view text, const CsvOptions& options, const std::string& name) {
  const char delim = options.delimiter ? options.delimiter : detect_delimiter(text.substr(0, 1 << 16));
  if (delim == '"' || delim == '\n' || delim == '\r')
    fail(ErrorKind::usage, "invalid CSV delimiter {:?}", delim);
  Tokenizer tok(text, delim, options.max_field_bytes, name);
  std::vector<std::string_view> fields;
  if (!tok.next(fields)) fail(ErrorKind::corrupt, "{}: empty file (no header row)", name);
  Table table;
  const auto names = header_names(fields);
  const std::size_t ncols = names.size();
  table.columns.resize(ncols);
  for (std::size_t c = 0; c < ncols; ++c) table.columns[c].name = names[c];
  // Rows stored as numbers before a column turned categorical: re-read later.
  std::vector<std::size_t> flipped_at(ncols, SIZE_MAX);
  Encoders encoders(options.encode_categories ? ncols : 0);
  Encoders* enc = options.encode_categories ? &encoders : nullptr;
  std::size_t row = 0;
  // Padding short rows costs memory the file does not pay for: a wide header
  // followed by one-field rows would grow the table without bound.
  std::size_t padded_cells = 0;
  const std::size_t max_padded_cells = std::max<std::size_t>(text.size(), 1 << 20);
  const std::size_t data_start = tok.position();
  bool reserved = false;
  while (tok.begin_record()) {
    bool end_of_record = false;
    std::size_t c = 0;
    for (; !end_of_record; ++c) {
      if (c >= ncols) {
        std::size_t n = c;
        while (!end_of_record) {
          tok.field(&end_of_record);
          ++n;
        }
        fail(ErrorKind::corrupt, "{}: line {}: expected {} fields, saw {}", name, tok.record_line(), ncols,
             n);
      }
      Column& col = table.columns[c];
      double v = NAN;
      if (col.kind == ColumnKind::numeric && tok.try_number(&v, &end_of_record)) {
        col.numbers.push_back(v);
        continue;
      }
      const std::string_view f = tok.field(&end_of_record);
      store_field(col, f, row, flipped_at[c], enc, c);
    }
    if (c < ncols && (padded_cells += ncols - c) > max_padded_cells)
      fail(ErrorKind::corrupt,
           "{}: line {}: too many missing fields in short rows ({} cells padded with nulls so far, more "
           "than the file has bytes)",
           name, tok.record_line(), padded_cells);
    for (; c < ncols; ++c)
      store_field(table.columns[c], std::string_view{}, row, flipped_at[c], enc, c);  // short row
    ++row;
    if (!reserved && row == 1000) {
      // Reserve for the estimated number of rows (avoids regrowth copies).
      reserved = true;
      const double per_row = static_cast<double>(tok.position() - data_start) / 1000.0;
      const auto estimate =
          static_cast<std::size_t>(static_cast<double>(text.size() - data_start) / per_row * 1.05);
      for (auto& col : table.columns) {
        if (col.kind == ColumnKind::numeric) {
          col.numbers.reserve(estimate);
          advise_huge_pages(col.numbers.data(), col.numbers.capacity() * sizeof(double));
        } else if (enc) {
          col.codes.reserve(estimate);
        } else {
          col.categories.reserve(estimate);
        }
      }
    }
  }
  table.rows = row;
  // Second pass for the rows of flipped columns read before the flip.
  bool any =
      std::any_of(flipped_at.begin(), flipped_at.end(), [](std::size_t r) { return r != SIZE_MAX && r > 0; });
  if (any) {
    Tokenizer again(text, delim, options.max_field_bytes, name);
    again.next(fields);  // header
    for (std::size_t r = 0; again.next(fields); ++r) {
      bool needed = false;
      for (std::size_t c = 0; c < ncols; ++c) {
        if (flipped_at[c] == SIZE_MAX || r >= flipped_at[c]) continue;
        needed = true;
        const std::string_view f = c < fields.size() ? fields[c] : std::string_view{};
        const bool missing = is_missing_token(f);
        Column& col = table.columns[c];
        if (enc) {
          col.codes[r] = missing ? Column::kNullCode : encoders[c]->code(col, f);
          continue;
        }
        col.categories[r] = missing ? std::string() : std::string(f);
        col.category_null[r] = missing;
      }
      if (!needed) break;
    }
  }
  return table;
}

Table read_csv(const std::filesystem::path& path, const CsvOptions& options) {
  Mapped file(path);
  return parse_csv(std::string_view(file.data ? file.data : "", file.size), options, path.string());
}

}  // namespace dvx::stats
