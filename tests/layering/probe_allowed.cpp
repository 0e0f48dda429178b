// Built only by the CTest `layering_compile`: the control for
// probe_upward.cpp. Layer core sees its own headers and util's.
#include "dvx/core/pointer.hpp"
#include "dvx/util/error.hpp"

int dvx_layering_probe_allowed() { return static_cast<int>(dvx::core::kMaxPointerSize); }
