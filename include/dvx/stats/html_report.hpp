#pragma once
// One self-contained HTML page for people to look at (drift, validate, row
// diff): inline CSS and inline SVG, no script, no font or image fetched, so
// it opens offline and can be attached to a CI run. Build it block by block,
// then str(). Every chart is one <svg class="chart" data-column="NAME">, so a
// reader (or a test) finds exactly one per column it was drawn for.
//
// Charts overlay one to a few series (e.g. "before" and "after"); each is
// drawn as shares of its own total, so versions with different row counts
// compare at a glance.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::stats::html {

enum class Tone { plain, good, warn, bad, muted };

struct Cell {
  std::string text;
  Tone tone = Tone::plain;
  Cell(std::string t, Tone tn = Tone::plain) : text(std::move(t)), tone(tn) {}  // NOLINT: implicit
  Cell(const char* t, Tone tn = Tone::plain) : text(t), tone(tn) {}             // NOLINT: implicit
};

// One version's numbers in a chart: counts per bin or category
// (Histogram, Bars), or a sorted sample (Ecdf).
struct Series {
  std::string label;
  std::vector<double> values;
};

// How an axis value is written (a date, a timestamp, a decimal, ...).
using ValueText = std::function<std::string(double)>;

struct Histogram {
  std::vector<double> edges;   // bins + 1 ascending edges, shared by every series
  std::vector<Series> series;  // counts per bin
  ValueText text;              // empty: 4 significant digits
};

struct Bars {
  std::vector<std::string> categories;  // drawn top to bottom (most frequent first)
  std::vector<Series> series;           // counts per category
  std::vector<double> totals;           // per series: all non-null values (shares are of this); empty = sum
};

struct Ecdf {
  std::vector<Series> series;  // each a sorted sample (thinned to at most 400 steps when drawn)
  ValueText text;
};

// Histogram of sorted samples on `bins` equal-width bins spanning all of
// them (one bin when every value is equal); empty samples give no counts.
Histogram histogram_of_sorted(const std::vector<std::string>& labels,
                              const std::vector<const std::vector<double>*>& sorted, std::size_t bins = 30);

// Text with & < > " ' escaped for HTML content and attributes.
std::string escape(std::string_view text);

class Page {
 public:
  explicit Page(std::string title);

  // A coloured box at the top: good (no problem), warn, bad (found a problem).
  Page& verdict(Tone tone, const std::string& headline, const std::string& detail = {});
  Page& heading(const std::string& text);
  Page& paragraph(const std::string& text);
  Page& table(const std::vector<std::string>& header, const std::vector<std::vector<Cell>>& rows);

  // Charts, side by side in a grid until the next non-chart block. `column`
  // titles the chart and is its data-column; `note` is a line under it.
  Page& histogram(const std::string& column, const Histogram& h, const std::string& note = {});
  Page& bars(const std::string& column, const Bars& b, const std::string& note = {});
  Page& ecdf(const std::string& column, const Ecdf& e, const std::string& note = {});
  // A chart slot with only a note (a column with nothing to draw), so the
  // grid still has one figure per column.
  Page& no_chart(const std::string& column, const std::string& note);

  std::string str() const;

 private:
  void open_grid();
  void close_grid();
  void figure(const std::string& column, const std::string& svg, const std::string& note,
              const std::vector<std::string>& legend);

  std::string title_;
  std::string body_;
  bool in_grid_ = false;
};

}  // namespace dvx::stats::html
