#pragma once
// Numbers for JSON and text without binary float noise. Arithmetic on
// decimal inputs leaves noise (0.95 - 0.934 is 0.016000000000000014); a
// double holds 15 significant decimal digits exactly, so rounding to 15
// digits removes the noise, and the shortest round-trip printing that
// nlohmann::json and fmt use then shows 0.016. Every double a command
// computes goes through here before it is printed.
namespace dvx::util {

// The double nearest to `v` rounded to 15 significant digits; NaN and the
// infinities unchanged.
double decimal_round(double v);

}  // namespace dvx::util
