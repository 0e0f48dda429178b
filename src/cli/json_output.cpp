#include "cli/json_output.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>

#include "dvx/util/decimal.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {

void print_json(const nlohmann::json& j) {
  std::cout << j.dump(2) << "\n" << std::flush;
}

namespace {

nlohmann::json object_json(const transfer::Item& item) {
  return {{"oid", item.pointer.oid}, {"size", item.pointer.size}, {"path", item.label}};
}

// "not_found": ErrorKind as a JSON name (to_string says "not found" for people).
std::string kind_name(ErrorKind kind) {
  std::string name(to_string(kind));
  std::replace(name.begin(), name.end(), ' ', '_');
  return name;
}

}  // namespace

nlohmann::json failures_json(const std::vector<transfer::Failure>& failures) {
  auto out = nlohmann::json::array();
  for (const auto& f : failures) {
    auto j = object_json(f.item);
    j["kind"] = kind_name(f.kind);
    j["message"] = f.message;
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json transfer_json(const transfer::TransferResult& result, const std::string& remote,
                             const std::string& verb) {
  auto moved = result.moved;
  std::sort(moved.begin(), moved.end(),
            [](const auto& a, const auto& b) { return a.pointer.oid < b.pointer.oid; });
  auto objects = nlohmann::json::array();
  for (const auto& item : moved) objects.push_back(object_json(item));
  return {{"remote", remote.empty() ? nlohmann::json(nullptr) : nlohmann::json(remote)},
          {"requested", result.requested},
          {"present", result.present},
          {verb, std::move(objects)},
          {verb + "_count", result.transferred},
          {verb + "_bytes", result.bytes},
          {"seconds", util::decimal_round(std::round(result.seconds * 1000) / 1000)},  // milliseconds
          {"failed", failures_json(result.failures)}};
}

}  // namespace dvx::cli
