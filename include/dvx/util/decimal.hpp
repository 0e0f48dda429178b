#pragma once
// Numbers for JSON and text without binary float noise. Arithmetic on
// decimal inputs leaves noise (0.95 - 0.934 is 0.015999999999999903); a
// double holds 15 significant decimal digits exactly, so rounding to those
// digits removes the noise, and the shortest round-trip printing that
// nlohmann::json and fmt use then shows 0.016. Every double a command
// computes goes through here before it is printed.
namespace dvx::util {

// `v` rounded to the 15 significant digits of the larger of |v| and
// |scale|. A difference b - a is exact only to the digits of its operands,
// so pass scale = max(|a|, |b|): 0.95 - 0.934 rounds to 0.016 (not to
// 0.0159999999999999, its own 15 digits). NaN and the infinities unchanged;
// a value below the resolution of `scale` becomes 0.
double decimal_round(double v, double scale = 0);

}  // namespace dvx::util
