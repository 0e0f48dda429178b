#include "pipeline/toml_json.hpp"

#include <fmt/format.h>

#include <cmath>

#include "dvx/pipeline/lock.hpp"

namespace dvx::pipeline {
namespace detail {

nlohmann::json to_json(const toml::node& node) {
  if (auto* t = node.as_table()) {
    nlohmann::json obj = nlohmann::json::object();
    for (auto&& [k, v] : *t) obj[std::string(k.str())] = to_json(v);
    return obj;
  }
  if (auto* a = node.as_array()) {
    nlohmann::json arr = nlohmann::json::array();
    for (auto&& v : *a) arr.push_back(to_json(v));
    return arr;
  }
  if (auto* s = node.as_string()) return s->get();
  if (auto* i = node.as_integer()) return i->get();
  if (auto* f = node.as_floating_point()) return f->get();
  if (auto* b = node.as_boolean()) return b->get();
  // Dates and times are kept as their TOML text.
  std::ostringstream out;
  node.visit([&](auto&& v) { out << v; });
  return out.str();
}

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string toml_key(const std::string& key) {
  bool bare = !key.empty();
  for (char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) bare = false;
  return bare ? key : toml_string(key);
}

}  // namespace detail

std::string toml_value_text(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::string: return detail::toml_string(value.get<std::string>());
    case nlohmann::json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::number_integer: return std::to_string(value.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: return std::to_string(value.get<std::uint64_t>());
    case nlohmann::json::value_t::number_float: {
      double d = value.get<double>();
      if (std::isnan(d)) return "nan";
      if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
      std::string s = fmt::format("{}", d);  // shortest text that reads back as d
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
      return s;
    }
    case nlohmann::json::value_t::array: {
      std::string out = "[";
      bool first = true;
      for (const auto& v : value) {
        out += first ? "" : ", ";
        out += toml_value_text(v);
        first = false;
      }
      return out + "]";
    }
    case nlohmann::json::value_t::object: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : value.items()) {  // nlohmann objects iterate sorted
        out += first ? " " : ", ";
        out += detail::toml_key(k) + " = " + toml_value_text(v);
        first = false;
      }
      return out + (first ? "}" : " }");
    }
    default: return "\"\"";  // null has no TOML form
  }
}

}  // namespace dvx::pipeline
