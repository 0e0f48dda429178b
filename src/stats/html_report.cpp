#include "dvx/stats/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace dvx::stats::html {

namespace {

// Series colours (colour-blind safe pair first), and the chart geometry.
constexpr const char* kColours[] = {"#4c78a8", "#f58518", "#54a24b", "#b279a2"};
constexpr double kWidth = 380, kHeight = 210;
constexpr double kLeft = 46, kRight = 10, kTop = 10, kBottom = 34;
constexpr std::size_t kMaxEcdfSteps = 400;

const char* colour(std::size_t i) {
  return kColours[i % (sizeof kColours / sizeof kColours[0])];
}

const char* tone_class(Tone t) {
  switch (t) {
    case Tone::plain: return "";
    case Tone::good: return "good";
    case Tone::warn: return "warn";
    case Tone::bad: return "bad";
    case Tone::muted: return "muted";
  }
  return "";
}

std::string default_text(double v) {
  if (v != 0 && (std::fabs(v) < 1e-3 || std::fabs(v) >= 1e6)) return fmt::format("{:.3g}", v);
  return fmt::format("{:.4g}", v);
}

std::string value_text(const ValueText& text, double v) {
  return text ? text(v) : default_text(v);
}

std::string pct_text(double share) {
  return share >= 0.1 || share == 0 ? fmt::format("{:.0f}%", 100 * share)
                                    : fmt::format("{:.1f}%", 100 * share);
}

double total_of(const Series& s) {
  double t = 0;
  for (double v : s.values) t += v;
  return t;
}

// The plot frame: y axis with 0 and the top share, x axis line.
std::string frame(double ymax) {
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  std::string s;
  s += fmt::format(R"(<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>)", x0, y0, x1, y0);
  s += fmt::format(R"(<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>)", x0, y0, x0, y1);
  s += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="end">0</text>)", x0 - 4, y0 + 4);
  s += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>)", x0 - 4, y1 + 8,
                   pct_text(ymax));
  return s;
}

std::string svg_open(const std::string& column, const char* kind, double height = kHeight) {
  return fmt::format(R"(<svg class="chart" data-column="{}" data-kind="{}" )"
                     R"(viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{} of {}">)",
                     escape(column), kind, kWidth, height, kWidth, height, kind, escape(column));
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Histogram histogram_of_sorted(const std::vector<std::string>& labels,
                              const std::vector<const std::vector<double>*>& sorted, std::size_t bins) {
  Histogram h;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto* s : sorted) {
    if (s->empty()) continue;
    lo = std::min(lo, s->front());
    hi = std::max(hi, s->back());
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) return h;  // no values, or infinities: nothing to bin
  if (lo == hi || bins == 0) bins = 1;
  const double width = lo == hi ? 1 : (hi - lo) / static_cast<double>(bins);
  for (std::size_t i = 0; i <= bins; ++i)
    h.edges.push_back(lo == hi ? lo - 0.5 + static_cast<double>(i) : lo + width * static_cast<double>(i));
  if (lo != hi) h.edges.back() = hi;
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    Series s{k < labels.size() ? labels[k] : fmt::format("series {}", k + 1), std::vector<double>(bins, 0)};
    // Sorted input: walk the bins once (the last bin includes its right edge, as numpy).
    std::size_t b = 0;
    for (double v : *sorted[k]) {
      while (b + 1 < bins && v >= h.edges[b + 1]) ++b;
      s.values[b] += 1;
    }
    h.series.push_back(std::move(s));
  }
  return h;
}

Page::Page(std::string title) : title_(std::move(title)) {}

void Page::open_grid() {
  if (!in_grid_) body_ += "<div class=\"grid\">\n";
  in_grid_ = true;
}

void Page::close_grid() {
  if (in_grid_) body_ += "</div>\n";
  in_grid_ = false;
}

Page& Page::verdict(Tone tone, const std::string& headline, const std::string& detail) {
  close_grid();
  body_ += fmt::format("<div class=\"verdict {}\"><strong>{}</strong>{}</div>\n", tone_class(tone),
                       escape(headline), detail.empty() ? "" : "<br>" + escape(detail));
  return *this;
}

Page& Page::heading(const std::string& text) {
  close_grid();
  body_ += "<h2>" + escape(text) + "</h2>\n";
  return *this;
}

Page& Page::paragraph(const std::string& text) {
  close_grid();
  body_ += "<p>" + escape(text) + "</p>\n";
  return *this;
}

Page& Page::table(const std::vector<std::string>& header, const std::vector<std::vector<Cell>>& rows) {
  close_grid();
  body_ += "<div class=\"scroll\"><table>\n<thead><tr>";
  for (const auto& h : header) body_ += "<th>" + escape(h) + "</th>";
  body_ += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    body_ += "<tr>";
    for (const auto& c : row) {
      const char* cls = tone_class(c.tone);
      body_ += *cls ? fmt::format("<td class=\"{}\">", cls) : std::string("<td>");
      body_ += escape(c.text) + "</td>";
    }
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table></div>\n";
  return *this;
}

void Page::figure(const std::string& column, const std::string& svg, const std::string& note,
                  const std::vector<std::string>& legend) {
  open_grid();
  body_ += "<figure>\n<figcaption>" + escape(column) + "</figcaption>\n";
  if (!legend.empty()) {
    body_ += "<div class=\"legend\">";
    for (std::size_t i = 0; i < legend.size(); ++i)
      body_ += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", colour(i), escape(legend[i]));
    body_ += "</div>\n";
  }
  body_ += svg;
  if (!note.empty()) body_ += "\n<div class=\"note\">" + escape(note) + "</div>";
  body_ += "\n</figure>\n";
}

Page& Page::histogram(const std::string& column, const Histogram& h, const std::string& note) {
  const std::size_t bins = h.edges.size() > 1 ? h.edges.size() - 1 : 0;
  if (bins == 0 || h.series.empty()) return no_chart(column, note.empty() ? "no values to draw" : note);
  std::vector<double> totals;
  double ymax = 0;
  for (const auto& s : h.series) {
    totals.push_back(total_of(s));
    for (double v : s.values)
      if (totals.back() > 0) ymax = std::max(ymax, v / totals.back());
  }
  if (ymax <= 0) ymax = 1;
  const double pw = kWidth - kLeft - kRight, ph = kHeight - kTop - kBottom,
               bw = pw / static_cast<double>(bins);
  std::string svg = svg_open(column, "histogram") + frame(ymax);
  std::vector<std::string> legend;
  for (std::size_t k = 0; k < h.series.size(); ++k) {
    const auto& s = h.series[k];
    legend.push_back(s.label);
    if (totals[k] <= 0) continue;
    svg += fmt::format(R"(<g fill="{}" fill-opacity="0.5" stroke="{}" stroke-width="0.6">)", colour(k),
                       colour(k));
    for (std::size_t b = 0; b < bins && b < s.values.size(); ++b) {
      const double share = s.values[b] / totals[k];
      if (share <= 0) continue;
      const double hgt = ph * share / ymax;
      svg += fmt::format(
          R"(<rect x="{:.2f}" y="{:.2f}" width="{:.2f}" height="{:.2f}"><title>{}: {} to {}: {}</title></rect>)",
          kLeft + bw * static_cast<double>(b), kTop + ph - hgt, bw, hgt, escape(s.label),
          escape(value_text(h.text, h.edges[b])), escape(value_text(h.text, h.edges[b + 1])),
          pct_text(share));
    }
    svg += "</g>";
  }
  const double ybase = kHeight - kBottom + 14;
  svg += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="start">{}</text>)", kLeft, ybase,
                     escape(value_text(h.text, h.edges.front())));
  svg += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>)", kLeft + pw / 2,
                     ybase, escape(value_text(h.text, (h.edges.front() + h.edges.back()) / 2)));
  svg += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>)", kWidth - kRight,
                     ybase, escape(value_text(h.text, h.edges.back())));
  svg += "</svg>";
  figure(column, svg, note, legend);
  return *this;
}

Page& Page::bars(const std::string& column, const Bars& b, const std::string& note) {
  if (b.categories.empty() || b.series.empty())
    return no_chart(column, note.empty() ? "no values to draw" : note);
  const std::size_t n = b.categories.size(), k = b.series.size();
  std::vector<double> totals;
  double xmax = 0;
  for (std::size_t s = 0; s < k; ++s) {
    totals.push_back(s < b.totals.size() ? b.totals[s] : total_of(b.series[s]));
    for (double v : b.series[s].values)
      if (totals.back() > 0) xmax = std::max(xmax, v / totals.back());
  }
  if (xmax <= 0) xmax = 1;
  const double label_w = 110, bar_h = 7, gap = 6, row_h = bar_h * static_cast<double>(k) + gap;
  const double height = kTop + row_h * static_cast<double>(n) + 22;
  const double pw = kWidth - label_w - kRight - 34;
  std::string svg = svg_open(column, "bars", height);
  std::vector<std::string> legend;
  for (const auto& s : b.series) legend.push_back(s.label);
  for (std::size_t i = 0; i < n; ++i) {
    const double y = kTop + row_h * static_cast<double>(i);
    std::string name = b.categories[i];
    if (name.size() > 18) name = name.substr(0, 17) + "\u2026";
    svg += fmt::format(R"(<text class="tick" x="{}" y="{:.2f}" text-anchor="end"><title>{}</title>{}</text>)",
                       label_w - 4, y + bar_h * static_cast<double>(k) / 2 + 3, escape(b.categories[i]),
                       escape(name));
    for (std::size_t s = 0; s < k; ++s) {
      const double v = i < b.series[s].values.size() ? b.series[s].values[i] : 0;
      const double share = totals[s] > 0 ? v / totals[s] : 0;
      const double w = pw * share / xmax, yy = y + bar_h * static_cast<double>(s);
      svg += fmt::format(
          R"(<rect x="{}" y="{:.2f}" width="{:.2f}" height="{}" fill="{}"><title>{}: {}</title></rect>)",
          label_w, yy, w, bar_h - 1, colour(s), escape(b.series[s].label), pct_text(share));
      svg += fmt::format(R"(<text class="tick" x="{:.2f}" y="{:.2f}">{}</text>)", label_w + w + 3,
                         yy + bar_h - 1.5, pct_text(share));
    }
  }
  svg += fmt::format(R"(<line class="axis" x1="{}" y1="{}" x2="{}" y2="{:.2f}"/>)", label_w, kTop, label_w,
                     kTop + row_h * static_cast<double>(n));
  svg += "</svg>";
  figure(column, svg, note, legend);
  return *this;
}

Page& Page::ecdf(const std::string& column, const Ecdf& e, const std::string& note) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : e.series) {
    if (s.values.empty()) continue;
    lo = std::min(lo, s.values.front());
    hi = std::max(hi, s.values.back());
  }
  if (!std::isfinite(lo) || !std::isfinite(hi))
    return no_chart(column, note.empty() ? "no values to draw" : note);
  if (lo == hi) lo -= 0.5, hi += 0.5;
  const double pw = kWidth - kLeft - kRight, ph = kHeight - kTop - kBottom;
  auto px = [&](double v) { return kLeft + pw * (v - lo) / (hi - lo); };
  auto py = [&](double f) { return kTop + ph * (1 - f); };
  std::string svg = svg_open(column, "ecdf") + frame(1);
  std::vector<std::string> legend;
  for (std::size_t k = 0; k < e.series.size(); ++k) {
    const auto& v = e.series[k].values;
    legend.push_back(e.series[k].label);
    if (v.empty()) continue;
    const std::size_t n = v.size(), step = std::max<std::size_t>(1, n / kMaxEcdfSteps);
    std::string pts = fmt::format("{:.2f},{:.2f}", px(lo), py(0));
    double last_f = 0;
    for (std::size_t i = step - 1; i < n; i += step) {
      const double f = static_cast<double>(i + 1) / static_cast<double>(n);
      pts += fmt::format(" {:.2f},{:.2f} {:.2f},{:.2f}", px(v[i]), py(last_f), px(v[i]), py(f));
      last_f = f;
    }
    pts += fmt::format(" {:.2f},{:.2f} {:.2f},{:.2f}", px(v.back()), py(1), px(hi), py(1));
    svg +=
        fmt::format(R"(<polyline fill="none" stroke="{}" stroke-width="1.6" points="{}"/>)", colour(k), pts);
  }
  const double ybase = kHeight - kBottom + 14;
  svg += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="start">{}</text>)", kLeft, ybase,
                     escape(value_text(e.text, lo)));
  svg += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>)", kWidth - kRight,
                     ybase, escape(value_text(e.text, hi)));
  svg += "</svg>";
  figure(column, svg, note, legend);
  return *this;
}

Page& Page::no_chart(const std::string& column, const std::string& note) {
  figure(column, "<div class=\"nochart\">no chart</div>", note, {});
  return *this;
}

std::string Page::str() const {
  std::string out = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>)" + escape(title_) +
                    R"(</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:22px 0 8px}
.verdict{padding:10px 14px;border-radius:6px;margin:0 0 16px;border-left:6px solid #888;background:#f3f3f3}
.verdict.good{border-color:#2e7d32;background:#e8f5e9}.verdict.warn{border-color:#ef6c00;background:#fff3e0}
.verdict.bad{border-color:#c62828;background:#ffebee}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px}
th,td{padding:4px 10px;border-bottom:1px solid #e3e3e3;text-align:left;white-space:nowrap}
th{background:#fafafa;position:sticky;top:0}td.good{color:#2e7d32}td.warn{color:#ef6c00;font-weight:600}
td.bad{color:#c62828;font-weight:600}td.muted{color:#888}
.grid{display:flex;flex-wrap:wrap;gap:14px}
figure{margin:0;padding:8px 10px;border:1px solid #e3e3e3;border-radius:6px;width:380px}
figcaption{font-weight:600;margin-bottom:2px;overflow-wrap:anywhere}
.legend{font-size:12px;color:#555}.legend span{margin-right:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px;opacity:.75}
.note{font-size:12px;color:#555;margin-top:2px}.nochart{color:#888;font-size:12px;padding:20px 0}
svg .axis{stroke:#999;stroke-width:1}svg .tick{font-size:10px;fill:#555}
</style>
</head>
<body>
<h1>)" + escape(title_) +
                    "</h1>\n" + body_;
  if (in_grid_) out += "</div>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace dvx::stats::html
