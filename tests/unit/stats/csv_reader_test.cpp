// CSV reader: RFC 4180 edge cases, compared with pandas.read_csv on the same
// bytes (run during the test), plus the errors for malformed input.
#include "dvx/stats/csv_reader.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>

#include "dvx/util/error.hpp"
#include "stats/scipy_oracle.hpp"

namespace dvx::stats {
namespace {

// pandas prints, per column: name, kind, then every value (repr; NA as <NA>).
const char* kPandasScript = R"PY(
import sys, json, pandas as pd, numpy as np
kw = json.loads(sys.argv[1].rsplit("|", 1)[0])
df = pd.read_csv(sys.argv[1].rsplit("|", 1)[1], **kw)
out = []
for c in df.columns:
    s = df[c]
    numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
    vals = []
    for v in s:
        if pd.isna(v): vals.append(None)
        elif numeric: vals.append(float(v))
        else: vals.append(str(v))
    out.append({'name': str(c), 'numeric': bool(numeric), 'values': vals})
print(json.dumps(out))
)PY";

void expect_equal_to_pandas(const std::string& name, const std::string& text,
                            const std::string& pandas_kwargs = "{}", const CsvOptions& opts = {}) {
  auto path = testing::temp_dir() / (name + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  const std::string out = testing::run_python(kPandasScript, pandas_kwargs + "|" + path.string());
  Table t = read_csv(path, opts);
  // Re-render ours in the same JSON shape and compare texts value by value.
  std::string ours = "[";
  auto jstr = [](const std::string& s) {
    std::string o = "\"";
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        o += '\\';
        o += static_cast<char>(c);
      } else if (c == '\n') {
        o += "\\n";
      } else if (c == '\r') {
        o += "\\r";
      } else if (c == '\t') {
        o += "\\t";
      } else {
        o += static_cast<char>(c);
      }
    }
    return o + "\"";
  };
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const Column& col = t.columns[c];
    ours += (c ? ", " : "") + std::string("{\"name\": ") + jstr(col.name) +
            ", \"numeric\": " + (col.kind == ColumnKind::numeric ? "true" : "false") + ", \"values\": [";
    for (std::size_t r = 0; r < t.rows; ++r) {
      if (r) ours += ", ";
      if (col.kind == ColumnKind::numeric) {
        const double v = col.numbers[r];
        if (std::isnan(v)) {
          ours += "null";
        } else {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%.17g", v);
          // Python's json prints floats with repr; normalise via strtod below.
          ours += buf;
        }
      } else {
        ours += col.category_null[r] ? "null" : jstr(col.categories[r]);
      }
    }
    ours += "]}";
  }
  ours += "]";
  // Compare structurally: parse numbers on both sides as doubles.
  auto normalise = [](const std::string& s) {
    std::string o;
    for (std::size_t i = 0; i < s.size();) {
      if ((std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-') &&
          (i == 0 || s[i - 1] == ' ' || s[i - 1] == '[')) {
        char* end = nullptr;
        double v = std::strtod(s.c_str() + i, &end);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        o += buf;
        i = static_cast<std::size_t>(end - s.c_str());
      } else {
        o += s[i++];
      }
    }
    while (!o.empty() && (o.back() == '\n' || o.back() == ' ')) o.pop_back();
    return o;
  };
  EXPECT_EQ(normalise(ours), normalise(out)) << name;
}

TEST(CsvReader, PlainNumbersAndStrings) {
  expect_equal_to_pandas("plain", "a,b,c\n1,x,2.5\n2,y,-3e2\n3,z,+4\n");
}

TEST(CsvReader, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  expect_equal_to_pandas("quoted",
                         "id,text,n\n1,\"hello, world\",1\n2,\"she said \"\"hi\"\"\",2\n3,\"two\nlines\",3\n"
                         "4,\"\",4\n");
}

TEST(CsvReader, CrlfLineEnds) {
  expect_equal_to_pandas("crlf", "a,b\r\n1,x\r\n2,\"y\r\nz\"\r\n3,w\r\n");
}

TEST(CsvReader, MissingValuesAsPandasDefaults) {
  expect_equal_to_pandas("missing",
                         "a,b,c,d\n1,NA,,x\nNaN,2,null,None\n3,N/A,5,\n,nan,6,NULL\n4,<NA>,#N/A,y\n");
}

TEST(CsvReader, TypeInferenceFlipsLateColumnsToCategorical) {
  std::string text = "a,b\n";
  for (int i = 0; i < 500; ++i) text += std::to_string(i) + "," + std::to_string(i * 0.5) + "\n";
  text += "oops,1\n";
  expect_equal_to_pandas("flip", text);
}

TEST(CsvReader, ShortRowsPaddedBlankLinesSkippedNoFinalNewline) {
  expect_equal_to_pandas("short", "a,b,c\n1,2,3\n\n4,5\n6,7,8");
}

TEST(CsvReader, DelimiterDetectionSemicolonTabPipe) {
  expect_equal_to_pandas("semi", "a;b;c\n1;\"x;y\";3\n2;z;4\n", "{\"sep\": \";\"}");
  expect_equal_to_pandas("tab", "a\tb\n1\tx y\n2\tz\n", "{\"sep\": \"\\t\"}");
  expect_equal_to_pandas("pipe", "a|b\n1|2\n3|4\n", "{\"sep\": \"|\"}");
  EXPECT_EQ(detect_delimiter("a,b;c\n1,2;3\n"), ',');
  EXPECT_EQ(detect_delimiter("a;b;c\n1,5;2,5;3\n"), ';');
}

TEST(CsvReader, ExplicitDelimiter) {
  CsvOptions o;
  o.delimiter = ';';
  expect_equal_to_pandas("explicit", "a;b\n1,5;2\n", "{\"sep\": \";\"}", o);
}

TEST(CsvReader, DuplicateAndEmptyHeaderNamesAreMangledLikePandas) {
  expect_equal_to_pandas("dupes", "a,a,,b,a\n1,2,3,4,5\n");
}

TEST(CsvReader, BomIsIgnored) {
  expect_equal_to_pandas("bom", "\xEF\xBB\xBFx,y\n1,2\n");
}

// Every field quoted (Python csv.QUOTE_ALL, Excel): the string_views of the
// earlier header fields once pointed into scratch strings that a vector
// reallocation had moved (heap-use-after-free, empty column names).
TEST(CsvReader, FullyQuotedRecordsKeepEveryFieldText) {
  const Table t =
      parse_csv("\"alpha\",\"beta\",\"gamma\"\n\"1\",\"x\",\"y\"\n\"2\",\"x y\",\"z\"\n", {}, "quoted.csv");
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].name, "alpha");
  EXPECT_EQ(t.columns[1].name, "beta");
  EXPECT_EQ(t.columns[2].name, "gamma");
  ASSERT_EQ(t.rows, 2u);
  ASSERT_EQ(t.columns[0].kind, ColumnKind::numeric);
  EXPECT_EQ(t.columns[0].numbers, (std::vector<double>{1, 2}));
  ASSERT_EQ(t.columns[1].kind, ColumnKind::categorical);
  EXPECT_EQ(t.columns[1].categories, (std::vector<std::string>{"x", "x y"}));
  EXPECT_EQ(t.columns[2].categories, (std::vector<std::string>{"y", "z"}));
  // Wide and with long values (past the small-string buffer), against pandas.
  std::string text;
  for (int c = 0; c < 40; ++c) text += (c ? "," : "") + fmt::format("\"column number {:02}\"", c);
  text += "\n";
  for (int r = 0; r < 30; ++r) {
    for (int c = 0; c < 40; ++c)
      text += (c ? "," : "") +
              (c % 2 ? fmt::format("\"{}\"", r * c) : fmt::format("\"value \"\"{}\"\" of row {}\"", c, r));
    text += "\n";
  }
  expect_equal_to_pandas("quote_all", text);
}

void expect_corrupt(const std::string& text, const std::string& needle, const CsvOptions& options = {}) {
  try {
    parse_csv(text, options, "data.csv");
    ADD_FAILURE() << "no error for: " << text;
  } catch (const dvx::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::corrupt);
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("data.csv"), std::string::npos) << e.what();
  }
}

TEST(CsvReader, MalformedInputGivesErrorsNamingFileAndLine) {
  expect_corrupt("a,b\n1,\"open\n2,3\n", "line 2: unterminated quoted field");
  expect_corrupt("a,b\n1,\"x\"y\n", "line 2: unexpected character 'y' after a closing quote");
  expect_corrupt("a,b\n1,2\n3,4,5\n", "line 3: expected 2 fields, saw 3");
  expect_corrupt("", "empty file");
  expect_corrupt("\n\n", "empty file");
}

TEST(CsvReader, FieldsLargerThanTheLimitAreRefusedNamingTheLine) {
  CsvOptions small;
  small.max_field_bytes = 8;
  // Exactly at the limit is fine, quoted or not (a doubled quote counts once).
  const Table t = parse_csv("a,b\n12345678,\"ab\"\"cdefg\"\n", small, "data.csv");
  EXPECT_EQ(t.columns[0].numbers, (std::vector<double>{12345678}));
  EXPECT_EQ(t.columns[1].categories, (std::vector<std::string>{"ab\"cdefg"}));
  const std::string limit_msg = "a field is larger than 8 bytes";
  expect_corrupt("a,b\n1,2\n3,123456789\n", "line 3: " + limit_msg, small);
  expect_corrupt("a,b\n1,2\n\n123456789,3\n", "line 4: " + limit_msg, small);  // numeric fast path
  expect_corrupt("a,b\n1,\"1234\n56789\"\n", "line 2: " + limit_msg, small);   // starts on line 2
  expect_corrupt("a,b\n1,\"1234\"\"5678\"\n", "line 2: " + limit_msg, small);
  expect_corrupt("abcdefghi,b\n1,2\n", "line 1: " + limit_msg, small);
  expect_corrupt("a,\"abcdefghi\"\n1,2\n", "line 1: " + limit_msg, small);
  // The default is 64 MiB.
  EXPECT_EQ(CsvOptions{}.max_field_bytes, std::size_t{64} << 20);
}

TEST(CsvReader, TooManyColumnsOrTooMuchPaddingIsRefused) {
  expect_corrupt(std::string(kMaxCsvColumns, ',') + "\n1\n",
                 fmt::format("line 1: more than {} fields in one row", kMaxCsvColumns));
  // A 50,000-column header then one-field rows: every row pads 49,999 nulls.
  std::string text(49999, ',');
  text += "\n";
  for (int r = 0; r < 200; ++r) text += "1\n";
  expect_corrupt(text, "too many missing fields in short rows");
}

TEST(CsvReader, MissingFileIsNotFound) {
  try {
    read_csv("/nonexistent/dvx.csv");
    ADD_FAILURE();
  } catch (const dvx::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
  }
}

}  // namespace
}  // namespace dvx::stats

namespace dvx::stats {
namespace {

// encode_categories: the same values as one string per row, as codes into a
// dictionary holding each distinct value once (nulls, a column that turns
// categorical late, quoted fields, many distinct values).
TEST(CsvReaderEncoded, CodesAndDictionaryHoldTheSameValuesAsStrings) {
  std::string text = "a,b,c\n";
  for (int i = 0; i < 5000; ++i)
    text += std::to_string(i) + "," + (i % 7 == 0 ? std::string("NA") : "v" + std::to_string(i % 1300)) +
            "," + (i == 4321 ? std::string("\"late, text\"") : std::to_string(i % 3)) + "\n";
  CsvOptions plain, encoded;
  encoded.encode_categories = true;
  const Table s = parse_csv(text, plain, "t.csv");
  const Table e = parse_csv(text, encoded, "t.csv");
  ASSERT_EQ(s.columns.size(), e.columns.size());
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    const Column& sc = s.columns[c];
    const Column& ec = e.columns[c];
    ASSERT_EQ(sc.kind, ec.kind) << sc.name;
    if (sc.kind != ColumnKind::categorical) continue;
    EXPECT_TRUE(ec.categories.empty()) << sc.name;
    ASSERT_EQ(ec.codes.size(), sc.categories.size()) << sc.name;
    std::set<std::string> distinct;
    for (std::size_t r = 0; r < ec.codes.size(); ++r) {
      if (sc.category_null[r]) {
        EXPECT_EQ(ec.codes[r], Column::kNullCode) << sc.name << " row " << r;
        continue;
      }
      ASSERT_LT(ec.codes[r], ec.dictionary.size());
      EXPECT_EQ(ec.dictionary[ec.codes[r]], sc.categories[r]) << sc.name << " row " << r;
      distinct.insert(sc.categories[r]);
    }
    EXPECT_EQ(ec.dictionary.size(), distinct.size()) << sc.name << ": each distinct value once";
  }
  EXPECT_EQ(e.columns[2].kind, ColumnKind::categorical);  // turned categorical at row 4321
}

}  // namespace
}  // namespace dvx::stats
