#include "pipeline/yaml_params.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

#include "dvx/pipeline/lock.hpp"
#include "dvx/pipeline/params.hpp"
#include "dvx/util/error.hpp"

namespace dvx::pipeline::detail {

namespace {

// Aliases are expanded into the tree: a few nested aliases can stand for
// billions of values ("billion laughs"); no params file has this many.
constexpr std::size_t kMaxValues = 1'000'000;

int line_of(const YAML::Node& node) {
  return node.Mark().is_null() ? 0 : node.Mark().line + 1;
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

std::optional<long long> based_int(std::string_view s, std::string_view prefix, int base) {
  if (!s.starts_with(prefix) || s.size() == prefix.size()) return std::nullopt;
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data() + prefix.size(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

template <class Json>
class Converter {
 public:
  explicit Converter(const std::string& filename) : file_(filename) {}

  Json convert(const YAML::Node& node, int depth) {
    if (depth > kMaxParamsDepth)
      fail(ErrorKind::usage, "{}:{}: values nested more than {} levels deep", file_, line_of(node),
           kMaxParamsDepth);
    if (++values_ > kMaxValues)
      fail(ErrorKind::usage, "{}: more than {} values once aliases are expanded", file_, kMaxValues);
    switch (node.Type()) {
      case YAML::NodeType::Map: return map(node, depth);
      case YAML::NodeType::Sequence: {
        Json arr = Json::array();
        for (const auto& item : node) arr.push_back(convert(item, depth + 1));
        return arr;
      }
      case YAML::NodeType::Scalar: return scalar(node);
      default: return nullptr;  // Null, Undefined
    }
  }

 private:
  Json map(const YAML::Node& node, int depth) {
    Json obj = Json::object();
    std::vector<YAML::Node> merges;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar())
        fail(ErrorKind::usage, "{}:{}: a key must be a plain value, not a list or a map", file_,
             line_of(kv.first));
      const std::string& key = kv.first.Scalar();
      if (key == "<<" && kv.first.Tag() == "?") {
        merges.push_back(kv.second);
        continue;
      }
      if (obj.contains(key))
        fail(ErrorKind::usage, "{}:{}: key '{}' appears twice in the same mapping", file_, line_of(kv.first),
             key);
      obj[key] = convert(kv.second, depth + 1);
    }
    // Merge keys (YAML 1.1, kept by ruamel.yaml): the mapping's own keys win,
    // then the merged mappings in order.
    for (const auto& m : merges) {
      std::vector<YAML::Node> sources;
      if (m.IsMap()) {
        sources.push_back(m);
      } else if (m.IsSequence()) {
        for (const auto& s : m) sources.push_back(s);
      }
      for (const auto& s : sources) {
        if (!s.IsMap())
          fail(ErrorKind::usage, "{}:{}: '<<' merges a mapping (or a list of mappings) into another", file_,
               line_of(m));
        Json merged = convert(s, depth + 1);
        for (auto& [k, v] : merged.items())
          if (!obj.contains(k)) obj[k] = v;
      }
    }
    return obj;
  }

  Json scalar(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    const std::string& tag = node.Tag();
    // "!" is a quoted or block scalar: always a string.
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return text;
    return Json(yaml_scalar(text));
  }

  const std::string& file_;
  std::size_t values_ = 0;
};

// Sees only where documents start. yaml-cpp 0.7's LoadAll never returns on
// some malformed input ('{"a": 1}, ': the parser hands out a document again
// without consuming the stray ','), so documents are counted here and the
// count stops at two: one is all a params file may hold.
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
  }
  void OnMapEnd() override {}
};

YAML::Node load(std::string_view text, const std::string& filename) {
  try {
    std::string owned(text);
    {
      std::istringstream in(owned);
      YAML::Parser parser(in);
      DocumentStarts starts;
      while (starts.marks.size() < 2 && parser.HandleNextDocument(starts)) {
      }
      if (starts.marks.size() > 1)
        fail(ErrorKind::usage, "{}:{}: several YAML documents ('---'); a params file holds one", filename,
             starts.marks[1].line + 1);
    }
    return YAML::Load(owned);
  } catch (const YAML::Exception& e) {
    fail(ErrorKind::usage, "{}:{}: invalid YAML: {}", filename, e.mark.is_null() ? 0 : e.mark.line + 1,
         e.msg);
  }
}

template <class Json>
Json parse_as(std::string_view text, const std::string& filename) {
  YAML::Node root = load(text, filename);
  Json tree = Converter<Json>(filename).convert(root, 0);
  if (tree.is_null()) return Json::object();  // an empty file
  return tree;
}

std::optional<YAML::Node> child(const YAML::Node& map, std::string_view key) {
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  return std::nullopt;
}

// The node of dotted `key`, found as lookup_param finds it; `flow`: inside a
// flow collection (where a plain scalar ends at ',', ']' or '}').
std::optional<YAML::Node> find_node(const YAML::Node& map, std::string_view key, bool& flow) {
  if (!map.IsMap()) return std::nullopt;
  bool here = flow || map.Style() == YAML::EmitterStyle::Flow;
  if (auto n = child(map, key)) {
    flow = here;
    return n;
  }
  for (std::size_t dot = key.rfind('.'); dot != std::string_view::npos && dot > 0;
       dot = key.rfind('.', dot - 1)) {
    if (auto n = child(map, key.substr(0, dot)); n && n->IsMap()) {
      bool f = here;
      if (auto v = find_node(*n, key.substr(dot + 1), f)) {
        flow = f;
        return v;
      }
    }
  }
  return std::nullopt;
}

// End of the quoted scalar starting at `pos`, npos when unterminated.
std::size_t quoted_end(const std::string& text, std::size_t pos) {
  char q = text[pos];
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (q == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i + 1;
    }
  }
  return std::string::npos;
}

// End of the flow collection starting at `pos` ('[' or '{').
std::size_t flow_end(const std::string& text, std::size_t pos) {
  int level = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"' || c == '\'') {
      i = quoted_end(text, i);
      if (i == std::string::npos) return i;
      --i;
    } else if (c == '[' || c == '{') {
      ++level;
    } else if (c == ']' || c == '}') {
      if (--level == 0) return i + 1;
    } else if (c == '#' && i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
      i = text.find('\n', i);
      if (i == std::string::npos) return i;
    }
  }
  return std::string::npos;
}

// End of the one-line plain scalar starting at `pos`.
std::size_t plain_end(const std::string& text, std::size_t pos, bool flow) {
  std::size_t i = pos;
  for (; i < text.size() && text[i] != '\n' && text[i] != '\r'; ++i) {
    char c = text[i];
    if (c == '#' && (text[i - 1] == ' ' || text[i - 1] == '\t')) break;
    if (flow && (c == ',' || c == ']' || c == '}')) break;
  }
  while (i > pos && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  return i;
}

bool plain_safe(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  if (s.find_first_of(":#'\"[]{},&*!|>%@`\n\r\t\\") != std::string::npos) return false;
  if (s.front() == '-' || s.front() == '?') return false;
  auto back = yaml_scalar(s);
  return back.is_string() && back.get<std::string>() == s;
}

std::string key_text(const std::string& k) {
  return plain_safe(k) ? k : nlohmann::json(k).dump();
}

void emit_block(const nlohmann::ordered_json& v, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (v.is_object()) {
    for (const auto& [k, item] : v.items()) {
      out += pad + key_text(k) + ":";
      if ((item.is_object() || item.is_array()) && !item.empty()) {
        out += "\n";
        emit_block(item, indent + 2, out);
      } else {
        out += " " + yaml_flow_text(nlohmann::json(item)) + "\n";
      }
    }
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if ((item.is_object() || item.is_array()) && !item.empty()) {
        out += pad + "-\n";
        emit_block(item, indent + 2, out);
      } else {
        out += pad + "- " + yaml_flow_text(nlohmann::json(item)) + "\n";
      }
    }
  } else {
    out += pad + yaml_flow_text(nlohmann::json(v)) + "\n";
  }
}

}  // namespace

nlohmann::json parse_yaml(std::string_view text, const std::string& filename) {
  return parse_as<nlohmann::json>(text, filename);
}

nlohmann::ordered_json parse_yaml_ordered(std::string_view text, const std::string& filename) {
  return parse_as<nlohmann::ordered_json>(text, filename);
}

nlohmann::json yaml_scalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (is_yaml_int(s)) {
    long long v = 0;
    auto begin = s.data() + (s[0] == '+' ? 1 : 0);
    auto [p, ec] = std::from_chars(begin, s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return v;
  }
  if (auto v = based_int(s, "0x", 16)) return *v;
  if (auto v = based_int(s, "0o", 8)) return *v;
  if (is_yaml_float(s)) return yaml_float(s);
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF")
    return std::numeric_limits<double>::infinity();
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -std::numeric_limits<double>::infinity();
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  return std::string(s);
}

std::string yaml_flow_text(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      return plain_safe(s) ? s : v.dump();  // JSON strings are valid double-quoted YAML
    }
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::number_float: {
      double d = v.get<double>();
      if (std::isnan(d)) return ".nan";
      if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
      return toml_value_text(v);  // shortest text that reads back, with a '.' or exponent
    }
    case nlohmann::json::value_t::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + yaml_flow_text(v[i]);
      return out + "]";
    }
    case nlohmann::json::value_t::object: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, item] : v.items()) {
        out += (first ? "" : ", ") + key_text(k) + ": " + yaml_flow_text(item);
        first = false;
      }
      return out + "}";
    }
    default: return v.dump();
  }
}

std::string yaml_document(const nlohmann::ordered_json& tree) {
  std::string out;
  if (tree.is_object() && tree.empty()) return "{}\n";
  emit_block(tree, 0, out);
  return out;
}

std::optional<std::string> yaml_replace_value(const std::string& text, const std::string& filename,
                                              const std::string& key, const nlohmann::json& value) {
  YAML::Node root = load(text, filename);
  bool flow = false;
  auto node = find_node(root, key, flow);
  if (!node || node->Mark().is_null()) return std::nullopt;
  auto pos = static_cast<std::size_t>(node->Mark().pos);
  if (pos >= text.size()) return std::nullopt;
  std::size_t end = std::string::npos;
  char c = text[pos];
  if (node->IsScalar() && (c == '"' || c == '\'')) {
    end = quoted_end(text, pos);
  } else if ((node->IsSequence() || node->IsMap()) && node->Style() == YAML::EmitterStyle::Flow &&
             (c == '[' || c == '{')) {
    end = flow_end(text, pos);
  } else if (node->IsScalar() && std::string_view("&*!|>#\n\r").find(c) == std::string_view::npos) {
    end = plain_end(text, pos, flow);
  }
  if (end == std::string::npos || end <= pos) return std::nullopt;
  return text.substr(0, pos) + yaml_flow_text(value) + text.substr(end);
}

}  // namespace dvx::pipeline::detail
