#include "pipeline/templating.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "dvx/pipeline/params.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::pipeline::detail {

namespace {

// Follows a dotted name through tables (and lists, by index).
const nlohmann::json* walk(const nlohmann::json& tree, const std::string& name) {
  const nlohmann::json* at = &tree;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    std::string part = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (at->is_object()) {
      auto it = at->find(part);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array() && !part.empty() && part.find_first_not_of("0123456789") == std::string::npos &&
               part.size() < 10) {
      std::size_t i = std::stoul(part);
      if (i >= at->size()) return nullptr;
      at = &(*at)[i];
    } else {
      return nullptr;
    }
    if (dot == std::string::npos) return at;
    start = dot + 1;
  }
}

// A table in a command: "--key value" arguments, as DVC unpacks it.
void unpack(const nlohmann::json& table, const std::string& prefix, std::vector<std::string>& args) {
  for (const auto& [k, v] : table.items()) {
    std::string name = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object()) {
      unpack(v, name, args);
    } else if (v.is_boolean()) {
      args.push_back((v.get<bool>() ? "--" : "--no-") + name);
    } else if (v.is_array()) {
      std::string a = "--" + name;
      for (const auto& item : v) a += " " + to_text(item);
      args.push_back(a);
    } else {
      args.push_back("--" + name + " " + to_text(v));
    }
  }
}

struct Match {
  std::size_t begin, end;  // of "${...}"
  std::string name;
};

std::vector<Match> matches(const std::string& text) {
  std::vector<Match> out;
  for (std::size_t i = text.find("${"); i != std::string::npos; i = text.find("${", i + 1)) {
    if (i > 0 && text[i - 1] == '\\') continue;
    std::size_t close = text.find('}', i + 2);
    if (close == std::string::npos)
      fail(ErrorKind::usage, "'{}': '${{' without its closing '}}' (write \\${{ for a literal ${{)", text);
    std::string name = text.substr(i + 2, close - i - 2);
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.empty()) fail(ErrorKind::usage, "'{}': empty '${{}}'", text);
    out.push_back({i, close + 1, name});
  }
  return out;
}

}  // namespace

std::string to_text(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::string: return v.get<std::string>();
    case nlohmann::json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::null: return "None";
    case nlohmann::json::value_t::number_float: {
      double d = v.get<double>();
      if (std::isnan(d)) return "nan";
      if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
      std::string s = fmt::format("{}", d);
      if (s.find_first_of(".e") == std::string::npos) s += ".0";  // as Python writes 1.0
      return s;
    }
    default: return v.dump();
  }
}

bool has_interpolation(const std::string& text) {
  for (std::size_t i = text.find("${"); i != std::string::npos; i = text.find("${", i + 1))
    if (i == 0 || text[i - 1] != '\\') return true;
  return false;
}

void Vars::set_default_file(const ReadRepoFile* read, std::string path) {
  default_read_ = read;
  default_file_ = std::move(path);
}

void Vars::merge(nlohmann::json& into, const nlohmann::json& from, const std::string& source,
                 const std::string& prefix) {
  for (const auto& [k, v] : from.items()) {
    std::string name = prefix.empty() ? k : prefix + "." + k;
    auto it = into.find(k);
    if (it == into.end()) {
      into[k] = v;
      if (prefix.empty()) origin_[k] = source;
    } else if (it->is_object() && v.is_object()) {
      merge(*it, v, source, name);
    } else {
      std::string first = origin_.count(name.substr(0, name.find('.')))
                              ? origin_[name.substr(0, name.find('.'))]
                              : std::string("another entry");
      fail(ErrorKind::usage, "var '{}' of {} is already defined by {}", name, source, first);
    }
  }
}

void Vars::load_file(const ReadRepoFile& read, const std::string& path,
                     const std::vector<std::string>& keys) {
  if (loaded_.count(path) && keys.empty()) return;  // the same file twice, as DVC allows
  auto text = read ? read(path) : std::nullopt;
  if (!text) fail(ErrorKind::usage, "vars file '{}' does not exist", path);
  nlohmann::json tree = parse_params(*text, path);
  nlohmann::json take = nlohmann::json::object();
  if (keys.empty()) {
    take = tree;
  } else {
    for (const auto& k : keys) {
      auto v = lookup_param(tree, k);
      if (!v) fail(ErrorKind::usage, "var '{}' not found in '{}'", k, path);
      take[k] = *v;
    }
  }
  merge(tree_, take, path, "");
  files_.emplace_back(path, std::move(tree));
  loaded_.insert(path);
  sources_.push_back(path);
}

void Vars::load_inline(const nlohmann::json& table, const std::string& source) {
  merge(tree_, table, source, "");
  sources_.push_back(source);
}

void Vars::set(const std::string& name, nlohmann::json value) {
  tree_[name] = std::move(value);
  origin_[name] = name;
  if (std::find(sources_.begin(), sources_.end(), name) == sources_.end()) sources_.push_back(name);
}

std::optional<Vars::Found> Vars::lookup(const std::string& name) const {
  std::string top = name.substr(0, name.find('.'));
  if (tree_.contains(top)) {
    const nlohmann::json* v = walk(tree_, name);
    if (!v) return std::nullopt;
    auto o = origin_.find(top);
    std::string file;
    if (o != origin_.end())
      for (const auto& [path, tree] : files_)
        if (path == o->second && lookup_param(tree, name)) file = path;
    return Found{*v, file};
  }
  if (!default_read_ || default_file_.empty() || loaded_.count(default_file_)) return std::nullopt;
  if (!default_tree_) {
    auto text = (*default_read_)(default_file_);
    default_tree_.emplace(default_file_,
                          text ? parse_params(*text, default_file_) : nlohmann::json::object());
  }
  const nlohmann::json* v = walk(default_tree_->second, name);
  if (!v) return std::nullopt;
  return Found{*v, lookup_param(default_tree_->second, name) ? default_file_ : std::string()};
}

std::string Vars::sources() const {
  std::vector<std::string> all = sources_;
  if (default_read_ && !default_file_.empty() && !loaded_.count(default_file_) &&
      (default_tree_ ? !default_tree_->second.empty() : static_cast<bool>((*default_read_)(default_file_))))
    all.push_back(default_file_);
  return all.empty() ? "none defined" : util::join(all, ", ");
}

Interpolation interpolate(const std::string& text, const Vars& vars, bool in_cmd) {
  Interpolation out;
  auto found = matches(text);
  auto resolve = [&](const Match& m) {
    auto f = vars.lookup(m.name);
    if (!f)
      fail(ErrorKind::usage, "'${{{}}}': '{}' is not defined (vars from: {})", m.name, m.name,
           vars.sources());
    if (!f->file.empty()) out.used.emplace_back(f->file, m.name);
    return f->value;
  };
  if (found.size() == 1 && found[0].begin == 0 && found[0].end == text.size()) {
    out.value = resolve(found[0]);
    return out;
  }
  std::string s;
  std::size_t at = 0;
  for (const auto& m : found) {
    s += text.substr(at, m.begin - at);
    nlohmann::json v = resolve(m);
    if (v.is_object() && in_cmd) {
      std::vector<std::string> args;
      unpack(v, "", args);
      s += util::join(args, " ");
    } else if (v.is_object() || v.is_array()) {
      fail(ErrorKind::usage, "'${{{}}}' is a {}: only a whole value \"${{{}}}\" can be one{}", m.name,
           v.is_object() ? "table" : "list", m.name,
           v.is_object() ? " (or a table in 'cmd', as --key value)" : "");
    } else {
      s += to_text(v);
    }
    at = m.end;
  }
  s += text.substr(at);
  // "\${" is a literal "${".
  for (std::size_t i = s.find("\\${"); i != std::string::npos; i = s.find("\\${", i + 2)) s.erase(i, 1);
  out.value = s;
  return out;
}

}  // namespace dvx::pipeline::detail
