#include "remote/s3/s3_credentials.hpp"

#include <cstdlib>
#include <filesystem>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::remote::s3 {

namespace fs = std::filesystem;

namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

fs::path aws_file(const char* env_name, const char* default_name) {
  if (auto v = env(env_name); !v.empty()) return v;
  auto home = env("HOME");
  if (home.empty()) return {};
  return fs::path(home) / ".aws" / default_name;
}

IniFile load_ini(const fs::path& path) {
  if (path.empty()) return {};
  auto text = util::read_file_if_exists(path);
  return text ? parse_ini(*text) : IniFile{};
}

const std::map<std::string, std::string>* config_section(const IniFile& config, const std::string& profile) {
  auto it = config.find("profile " + profile);
  if (it == config.end() && profile == "default") it = config.find("default");
  return it == config.end() ? nullptr : &it->second;
}

std::optional<Credentials> from_section(const std::map<std::string, std::string>* s) {
  if (!s) return std::nullopt;
  auto id = s->find("aws_access_key_id");
  auto secret = s->find("aws_secret_access_key");
  if (id == s->end() || secret == s->end() || id->second.empty() || secret->second.empty())
    return std::nullopt;
  Credentials c{id->second, secret->second, {}};
  if (auto t = s->find("aws_session_token"); t != s->end()) c.session_token = t->second;
  return c;
}

}  // namespace

IniFile parse_ini(const std::string& text) {
  IniFile out;
  std::string section;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string line = trim(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    pos = nl == std::string::npos ? text.size() + 1 : nl + 1;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = trim(line.substr(1, line.size() - 2));
      out[section];
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos || section.empty()) continue;
    out[section][trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return out;
}

Credentials resolve_credentials(const std::string& profile_option) {
  if (profile_option.empty()) {
    auto id = env("AWS_ACCESS_KEY_ID"), secret = env("AWS_SECRET_ACCESS_KEY");
    if (!id.empty() && !secret.empty()) return {id, secret, env("AWS_SESSION_TOKEN")};
    if (!id.empty() || !secret.empty())
      fail(ErrorKind::permanent, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set (only {} is)",
           id.empty() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
  }
  std::string profile = profile_option;
  if (profile.empty()) profile = env("AWS_PROFILE");
  bool explicit_profile = !profile.empty();
  if (profile.empty()) profile = "default";
  auto cred_path = aws_file("AWS_SHARED_CREDENTIALS_FILE", "credentials");
  auto conf_path = aws_file("AWS_CONFIG_FILE", "config");
  auto creds_ini = load_ini(cred_path);
  auto conf_ini = load_ini(conf_path);
  auto cs = creds_ini.find(profile);
  if (auto c = from_section(cs == creds_ini.end() ? nullptr : &cs->second)) return *c;
  if (auto c = from_section(config_section(conf_ini, profile))) return *c;
  if (explicit_profile && cs == creds_ini.end() && !config_section(conf_ini, profile))
    fail(ErrorKind::permanent, "AWS profile '{}' not found in {} or {}", profile, cred_path.string(),
         conf_path.string());
  fail(ErrorKind::permanent,
       "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE / the "
       "remote's "
       "'profile' option naming a profile with aws_access_key_id in {} (looked for profile '{}')",
       cred_path.string(), profile);
}

std::string resolve_region(const std::string& region_option, const std::string& profile_option) {
  if (!region_option.empty()) return region_option;
  if (auto v = env("AWS_REGION"); !v.empty()) return v;
  if (auto v = env("AWS_DEFAULT_REGION"); !v.empty()) return v;
  std::string profile = profile_option.empty() ? env("AWS_PROFILE") : profile_option;
  if (profile.empty()) profile = "default";
  auto conf = load_ini(aws_file("AWS_CONFIG_FILE", "config"));
  if (auto* s = config_section(conf, profile)) {
    if (auto it = s->find("region"); it != s->end() && !it->second.empty()) return it->second;
  }
  return "us-east-1";
}

}  // namespace dvx::remote::s3
