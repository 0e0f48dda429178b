// Scheme registry and object keys.
#include "dvx/remote/remote.hpp"

#include <cctype>
#include <mutex>

#include "dvx/util/error.hpp"
#include "remote/backends.hpp"

namespace dvx::remote {

namespace {
struct Registry {
  std::mutex mutex;
  std::map<std::string, RemoteFactory> factories;
};

Registry& registry() {
  static Registry* reg = [] {
    auto* r = new Registry;  // never destroyed: remotes may be opened during static destruction
    r->factories["file"] = make_local_remote;
    r->factories["s3"] = make_s3_remote;
    return r;
  }();
  return *reg;
}

bool valid_scheme(const std::string& s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  return true;
}
}  // namespace

std::string url_scheme(std::string_view url) {
  auto pos = url.find("://");
  if (pos == std::string_view::npos) return "file";  // a plain directory path
  std::string scheme(url.substr(0, pos));
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme;
}

void register_scheme(const std::string& scheme, RemoteFactory factory) {
  if (!valid_scheme(scheme)) fail(ErrorKind::usage, "invalid remote scheme name '{}'", scheme);
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.factories[scheme] = std::move(factory);
}

std::vector<std::string> registered_schemes() {
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  std::vector<std::string> out;
  for (const auto& [name, _] : reg.factories) out.push_back(name);
  return out;
}

std::unique_ptr<Remote> open_remote(const RemoteConfig& config) {
  if (config.url.empty())
    fail(ErrorKind::usage, "remote '{}' has no URL (set one with: git dvx remote modify {} url URL)",
         config.name, config.name);
  std::string scheme = url_scheme(config.url);
  RemoteFactory factory;
  {
    auto& reg = registry();
    std::lock_guard lock(reg.mutex);
    auto it = reg.factories.find(scheme);
    if (it == reg.factories.end()) {
      std::string known;
      for (const auto& [name, _] : reg.factories) known += (known.empty() ? "" : ", ") + name + "://";
      fail(ErrorKind::usage,
           "remote '{}': unsupported URL scheme '{}' in '{}' (supported: {}, or a directory path)",
           config.name, scheme, config.url, known);
    }
    factory = it->second;
  }
  return factory(config);
}

std::string object_key(std::string_view oid) {
  if (oid.size() < 5) fail(ErrorKind::usage, "'{}' is not an object id", oid);
  return fmt::format("{}/{}/{}", oid.substr(0, 2), oid.substr(2, 2), oid);
}

}  // namespace dvx::remote
