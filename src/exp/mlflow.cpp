#include "dvx/exp/mlflow.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::exp {

namespace {

namespace fs = std::filesystem;

// A YAML single-quoted scalar ('' escapes a quote): safe for any text.
std::string yaml_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// MLflow checks names against [/\w.\- ] (and ':' in newer versions); other
// characters become '_'. '/' is kept: MLflow reads such a name back as the
// file's path relative to the folder.
std::string mlflow_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == ' ' ||
              c == '/';
    out += ok ? c : '_';
  }
  while (out.find("//") != std::string::npos) out.replace(out.find("//"), 2, "/");
  if (!out.empty() && out.front() == '/') out.erase(0, 1);
  return out.empty() ? "_" : out;
}

void write(const fs::path& file, const std::string& text) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec)
    fail(ErrorKind::permanent, "cannot create folder {}: {}", file.parent_path().string(), ec.message());
  util::write_file_atomic(file, text);
}

std::string value_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string file_uri(const fs::path& p) {
  return "file://" + p.string();
}

// The label of a param or metric in MLflow: the key, or file/key when two
// files of the rows use the same key.
std::vector<std::pair<std::string, std::pair<std::string, nlohmann::json>>> named_values(
    const pipeline::ValueTable& table, const std::vector<Column>& columns, bool metric) {
  std::vector<std::pair<std::string, std::pair<std::string, nlohmann::json>>> out;
  for (const auto& [file, keys] : table)
    for (const auto& [key, v] : keys) {
      std::string label = key;
      for (const auto& c : columns)
        if (c.metric == metric && c.file == file && c.key == key) label = c.label;
      out.push_back({mlflow_name(label == key ? key : file + "/" + key), {file, v}});
    }
  return out;
}

}  // namespace

MlflowExport write_mlflow(const fs::path& dir_in, const std::string& experiment_name,
                          const std::vector<Row>& rows) {
  fs::path dir = fs::absolute(dir_in).lexically_normal();
  MlflowExport result;
  // A numeric id, as MLflow's own (_generate_unique_integer_id), stable for the name.
  std::string h = util::sha256_hex(experiment_name);
  result.experiment_id =
      std::to_string(std::stoull(h.substr(0, 12), nullptr, 16) % 900000000000000ULL + 100000000000000ULL);
  fs::path exp_dir = dir / result.experiment_id;
  std::error_code ec;
  fs::create_directories(dir / ".trash", ec);
  std::int64_t created = rows.empty() ? 0 : rows.front().time * 1000;
  for (const auto& r : rows) created = std::min(created, r.time * 1000);
  write(exp_dir / "meta.yaml",
        fmt::format("artifact_location: {}\ncreation_time: {}\nexperiment_id: {}\nlast_update_time: {}\n"
                    "lifecycle_stage: active\nname: {}\n",
                    yaml_quoted(file_uri(exp_dir)), created, yaml_quoted(result.experiment_id), created,
                    yaml_quoted(experiment_name)));
  // Labels as exp show names its columns (key, or file:key when ambiguous).
  auto columns = select_columns(rows, {"*"}, {"*"});
  for (const auto& r : rows) {
    std::string run_id = r.commit.substr(0, 32);
    fs::path run_dir = exp_dir / run_id;
    fs::remove_all(run_dir, ec);
    std::int64_t ms = r.time * 1000;
    int status = r.status == "failed" ? 4 : 3;  // RunStatus FAILED, FINISHED
    write(run_dir / "meta.yaml",
          fmt::format("artifact_uri: {}\ndeleted_time: null\nend_time: {}\nentry_point_name: ''\n"
                      "experiment_id: {}\nlifecycle_stage: active\nrun_id: {}\nrun_name: {}\nrun_uuid: {}\n"
                      "source_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {}\nstatus: {}\n"
                      "tags: []\nuser_id: ''\n",
                      yaml_quoted(file_uri(run_dir / "artifacts")), ms, yaml_quoted(result.experiment_id),
                      yaml_quoted(run_id), yaml_quoted(r.name), yaml_quoted(run_id), ms, status));
    fs::create_directories(run_dir / "artifacts", ec);
    fs::create_directories(run_dir / "params", ec);
    fs::create_directories(run_dir / "metrics", ec);
    for (const auto& [name, fv] : named_values(r.params, columns, false))
      write(run_dir / "params" / name, value_text(fv.second));
    for (const auto& [name, fv] : named_values(r.metrics, columns, true)) {
      const auto& v = fv.second;
      if (!v.is_number() && !v.is_boolean()) continue;  // MLflow metrics are numbers
      double d = v.is_boolean() ? (v.get<bool>() ? 1.0 : 0.0) : v.get<double>();
      if (!std::isfinite(d)) continue;
      write(run_dir / "metrics" / name, fmt::format("{} {} 0\n", ms, d));
    }
    std::vector<std::pair<std::string, std::string>> tags{
        {"mlflow.runName", r.name},
        {"mlflow.source.git.commit", r.commit},
        {"mlflow.source.type", "LOCAL"},
        {"dvx.kind", r.kind},
    };
    if (r.baseline) tags.push_back({"dvx.baseline", *r.baseline});
    if (!r.status.empty()) tags.push_back({"dvx.status", r.status});
    for (const auto& [path, oid] : r.deps) tags.push_back({"dvx.dep." + path, oid});
    for (const auto& [path, oid] : r.outs) tags.push_back({"dvx.out." + path, oid});
    for (const auto& [k, v] : tags) write(run_dir / "tags" / mlflow_name(k), v);
    ++result.runs;
  }
  return result;
}

}  // namespace dvx::exp
