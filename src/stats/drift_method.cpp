#include "dvx/stats/drift_method.hpp"

#include <cmath>

#include "dvx/util/strings.hpp"

namespace dvx::stats {

// Each method's factory, defined beside its statistic.
#define DVX_DRIFT_METHOD(name) DriftMethod drift_method_##name();
#include "drift_methods.def"
#undef DVX_DRIFT_METHOD

bool DriftMethod::is_drift(const MethodResult& r, double threshold) const {
  if (decision == Decision::p_below) return r.p_value < threshold;
  return r.statistic >= threshold;
}

const std::vector<DriftMethod>& drift_methods() {
  // Built on first use (no static initialiser order to worry about).
  static const std::vector<DriftMethod> methods = {
#define DVX_DRIFT_METHOD(name) drift_method_##name(),
#include "drift_methods.def"
#undef DVX_DRIFT_METHOD
  };
  return methods;
}

const DriftMethod* find_drift_method(std::string_view name) {
  for (const auto& m : drift_methods())
    if (m.name == name) return &m;
  return nullptr;
}

std::string drift_method_names() {
  std::vector<std::string> names;
  for (const auto& m : drift_methods()) names.push_back(m.name);
  return util::join(names, "|");
}

}  // namespace dvx::stats
