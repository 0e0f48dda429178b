#include "pipeline/yaml_subset.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include "dvx/pipeline/params.hpp"
#include "dvx/util/error.hpp"

namespace dvx::pipeline::detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Length of the line without its comment ('#' at the start or after a space, outside quotes).
std::size_t strip_comment(std::string_view line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return i;
    }
  }
  return line.size();
}

std::string unquote(std::string_view s, bool& ok) {
  ok = true;
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      out += s[i];
      if (s[i] == '\'' && i + 2 < s.size() && s[i + 1] == '\'') ++i;
    }
    return out;
  }
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) {
        char e = s[++i];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        out += s[i];
      }
    }
    return out;
  }
  ok = false;
  return std::string(s);
}

std::vector<std::string_view> split_flow(std::string_view inner) {
  std::vector<std::string_view> parts;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ',') {
      parts.push_back(trim(inner.substr(start, i - start)));
      start = i + 1;
    }
  }
  auto last = trim(inner.substr(start));
  if (!last.empty() || !parts.empty()) parts.push_back(last);
  return parts;
}

std::size_t digits(std::string_view s, std::size_t i) {
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// [-+]?[0-9]+ (hand-written: std::regex recurses per character and
// overflows the stack on a long value).
bool is_yaml_int(std::string_view s) {
  std::size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  return i < s.size() && digits(s, i) == s.size();
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_yaml_float(std::string_view s) {
  std::size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i < s.size() && s[i] == '.') {
    const std::size_t end = digits(s, i + 1);
    if (end == i + 1) return false;
    i = end;
  } else {
    const std::size_t end = digits(s, i);
    if (end == i) return false;
    i = end;
    if (i < s.size() && s[i] == '.') i = digits(s, i + 1);
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
    const std::size_t end = digits(s, j);
    if (end == j) return false;
    i = end;
  }
  return i == s.size();
}

// Too large a magnitude reads as +-inf, too small as +-0 (as YAML parsers do).
double yaml_float(std::string_view s) {
  const bool negative = s.front() == '-';
  if (s.front() == '+' || s.front() == '-') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) {
    const auto e = s.find_first_of("eE");
    const bool huge = e == std::string_view::npos || s[e + 1] != '-';
    v = huge ? std::numeric_limits<double>::infinity() : 0.0;
  }
  return negative ? -v : v;
}

}  // namespace

nlohmann::json yaml_scalar(std::string_view text) {
  std::string_view s = trim(text);
  bool quoted = false;
  std::string unq = unquote(s, quoted);
  if (quoted) return unq;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::string str(s);
  if (is_yaml_int(str)) {
    long long v = 0;
    auto begin = str.data() + (str[0] == '+' ? 1 : 0);
    auto [p, ec] = std::from_chars(begin, str.data() + str.size(), v);
    if (ec == std::errc() && p == str.data() + str.size()) return v;
  }
  if (is_yaml_float(str)) return yaml_float(str);
  if (s == ".inf" || s == "+.inf") return std::numeric_limits<double>::infinity();
  if (s == "-.inf") return -std::numeric_limits<double>::infinity();
  return str;
}

YamlDoc parse_yaml_subset(std::string_view text, const std::string& filename) {
  YamlDoc doc;
  struct Level {
    std::size_t indent;
    nlohmann::json* node;
    std::string prefix;
  };
  std::vector<Level> stack{{0, &doc.tree, ""}};
  int line_no = 0;
  std::size_t pos = 0;
  auto error = [&](const std::string& what) { fail(ErrorKind::usage, "{}:{}: {}", filename, line_no, what); };
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    std::string_view line = raw.substr(0, strip_comment(raw));
    if (trim(line).empty()) continue;
    if (line_no == 1 && trim(line) == "---") continue;
    if (trim(line) == "---" || trim(line) == "...")
      error("several YAML documents in one params file are not supported");
    std::size_t indent = line.find_first_not_of(' ');
    if (line[indent] == '\t') error("tabs cannot indent YAML");
    std::string_view body = trim(line.substr(indent));
    if (body.starts_with("- ") || body == "-")
      error("YAML block lists ('- item') are not supported in params files; write a flow list: key: [a, b]");
    if (body.starts_with('&') || body.starts_with('*') || body.starts_with('!') || body.starts_with('?'))
      error("YAML anchors, aliases, tags and complex keys are not supported in params files");
    while (stack.size() > 1 && indent < stack.back().indent) stack.pop_back();
    if (indent != stack.back().indent) error("unexpected indentation");
    // key: value
    std::size_t colon = std::string_view::npos;
    char quote = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        if (i == 0) quote = c;
      } else if (c == ':' && (i + 1 == body.size() || body[i + 1] == ' ')) {
        colon = i;
        break;
      }
    }
    if (colon == std::string_view::npos) error("expected 'key: value' (only YAML mappings are supported)");
    bool quoted = false;
    std::string key = unquote(trim(body.substr(0, colon)), quoted);
    if (key.empty()) error("empty key");
    std::string_view value = trim(body.substr(colon + 1));
    nlohmann::json& obj = *stack.back().node;
    if (obj.contains(key)) error("duplicate key '" + key + "'");
    std::string dotted = stack.back().prefix.empty() ? key : stack.back().prefix + "." + key;
    if (value.empty()) {
      obj[key] = nlohmann::json::object();
      // The block below sets the indent of the new level; null when there is none.
      std::size_t next_indent = std::string::npos;
      std::size_t look = pos;
      while (look <= text.size()) {
        std::size_t lnl = text.find('\n', look);
        std::string_view l =
            text.substr(look, lnl == std::string_view::npos ? std::string_view::npos : lnl - look);
        look = lnl == std::string_view::npos ? text.size() + 1 : lnl + 1;
        std::string_view content = l.substr(0, strip_comment(l));
        if (trim(content).empty()) continue;
        next_indent = content.find_first_not_of(' ');
        break;
      }
      if (next_indent == std::string::npos || next_indent <= indent) {
        obj[key] = nullptr;
        std::size_t vbegin = static_cast<std::size_t>(body.data() - raw.data()) + colon + 1;
        doc.spans[dotted] = {line_no, vbegin, vbegin};
      } else {
        if (stack.size() >= static_cast<std::size_t>(kMaxParamsDepth))
          error(fmt::format("mappings nested more than {} levels deep", kMaxParamsDepth));
        stack.push_back({next_indent, &obj[key], dotted});
      }
      continue;
    }
    if (value.starts_with('|') || value.starts_with('>'))
      error("YAML block scalars ('|', '>') are not supported in params files");
    if (value.starts_with('&') || value.starts_with('*') || value.starts_with('!'))
      error("YAML anchors, aliases and tags are not supported in params files");
    nlohmann::json v;
    if (value.starts_with('[')) {
      if (!value.ends_with(']')) error("a flow list must end on the same line with ']'");
      v = nlohmann::json::array();
      for (auto part : split_flow(value.substr(1, value.size() - 2))) {
        if (part.starts_with('[') || part.starts_with('{'))
          error("nested flow collections are not supported");
        v.push_back(yaml_scalar(part));
      }
    } else if (value.starts_with('{')) {
      error("YAML flow mappings ('{...}') are not supported in params files; use an indented block");
    } else {
      if ((value.front() == '"' || value.front() == '\'') &&
          (value.size() < 2 || value.back() != value.front()))
        error("unterminated quoted string");
      v = yaml_scalar(value);
    }
    obj[key] = std::move(v);
    std::size_t vbegin = static_cast<std::size_t>(value.data() - raw.data());
    doc.spans[dotted] = {line_no, vbegin, vbegin + value.size()};
  }
  return doc;
}

}  // namespace dvx::pipeline::detail
