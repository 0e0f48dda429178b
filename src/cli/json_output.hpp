#pragma once
// What every `--json` shares: one document, indented by 2, on stdout
// (progress and messages stay on stderr), and the shape of a transfer
// (push, pull, fetch). Schemas: docs/json/<command>.schema.json.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dvx/transfer/queue.hpp"

namespace dvx::cli {

// `j` on stdout, followed by a newline, flushed.
void print_json(const nlohmann::json& j);

// {"remote", "requested", "present", <verb>: [{oid, size, path}] sorted by
// oid, <verb>_count, <verb>_bytes, "seconds", "failed": [{oid, size, path,
// kind, message}]}; `verb` is "uploaded" or "downloaded"; `remote` null when
// empty (pull without a remote).
nlohmann::json transfer_json(const transfer::TransferResult& result, const std::string& remote,
                             const std::string& verb);

// [{oid, size, path, kind, message}] in the order given.
nlohmann::json failures_json(const std::vector<transfer::Failure>& failures);

}  // namespace dvx::cli
