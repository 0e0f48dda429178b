#pragma once
// A ValidationReport as text (terminal), Markdown (CI summaries), JSON
// (docs/json/validate.schema.json) or one self-contained HTML page.
#include <nlohmann/json.hpp>
#include <string>

#include "dvx/quality/validate.hpp"

namespace dvx::quality {

std::string render_text(const ValidationReport& report);
std::string render_markdown(const ValidationReport& report);
nlohmann::json to_json(const ValidationReport& report);
std::string render_html(const ValidationReport& report);

}  // namespace dvx::quality
