#include "dvx/util/strings.hpp"

namespace dvx::util {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::vector<std::string> split_nonempty(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto at = s.find(sep);
    std::string_view part = s.substr(0, at);
    if (!part.empty()) out.emplace_back(part);
    s.remove_prefix(at == std::string_view::npos ? s.size() : at + 1);
  }
  return out;
}

}  // namespace dvx::util
