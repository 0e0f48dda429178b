// The backend registry and object keys.
#include "dvx/remote/remote.hpp"

#include <cctype>
#include <map>
#include <mutex>

#include "dvx/remote/backend.hpp"
#include "dvx/remote/request_slots.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"
#include "remote/backends.hpp"

namespace dvx::remote {

namespace {
struct Registry {
  std::mutex mutex;
  std::map<std::string, Backend, std::less<>> backends;
};

Registry& registry() {
  static Registry* reg = [] {
    auto* r = new Registry;  // never destroyed: remotes may be opened during static destruction
    for (auto make : kBuiltinBackends) {
      Backend b = make();
      std::string scheme = b.scheme;
      r->backends.emplace(std::move(scheme), std::move(b));
    }
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
  return util::lower(url.substr(0, pos));
}

void register_backend(Backend backend) {
  if (!valid_scheme(backend.scheme))
    fail(ErrorKind::usage, "invalid remote scheme name '{}'", backend.scheme);
  if (!backend.open) fail(ErrorKind::usage, "backend '{}' has no factory", backend.scheme);
  if (backend.label.empty()) backend.label = backend.scheme;
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  std::string scheme = backend.scheme;
  reg.backends.insert_or_assign(std::move(scheme), std::move(backend));
}

void register_scheme(const std::string& scheme, RemoteFactory factory) {
  register_backend({scheme, scheme, {}, {}, std::move(factory)});
}

std::optional<Backend> find_backend(std::string_view scheme) {
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  auto it = reg.backends.find(scheme);
  if (it == reg.backends.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> registered_schemes() {
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  std::vector<std::string> out;
  for (const auto& entry : reg.backends) out.push_back(entry.first);
  return out;
}

std::unique_ptr<Remote> open_remote(const RemoteConfig& config, BackendContext context) {
  if (config.url.empty())
    fail(ErrorKind::usage, "remote '{}' has no URL (set one with: git dvx remote modify {} url URL)",
         config.name, config.name);
  std::string scheme = url_scheme(config.url);
  auto backend = find_backend(scheme);
  if (!backend) {
    std::string known;
    for (const auto& name : registered_schemes()) known += (known.empty() ? "" : ", ") + name + "://";
    fail(ErrorKind::usage,
         "remote '{}': unsupported URL scheme '{}' in '{}' (supported: {}, or a directory path)", config.name,
         scheme, config.url, known);
  }
  if (!context.slots) context.slots = request_slots(config);
  return backend->open(config, context);
}

std::string object_key(std::string_view oid) {
  if (oid.size() < 5) fail(ErrorKind::usage, "'{}' is not an object id", oid);
  return fmt::format("{}/{}/{}", oid.substr(0, 2), oid.substr(2, 2), oid);
}

}  // namespace dvx::remote
