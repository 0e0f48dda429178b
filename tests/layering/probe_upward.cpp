// Built only by the CTest `layering_compile`, which expects this file NOT to
// compile: it belongs to layer core (linked like one), and core's include
// view holds no header of filter, a layer above it.
#include "dvx/core/pointer.hpp"
#include "dvx/filter/dvx_filter.hpp"
