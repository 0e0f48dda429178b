#pragma once
// Small text helpers shared by the lineage commands: dates (sizes are
// util/human_size.hpp).
#include <cstdint>
#include <string>

#include "dvx/git/history.hpp"

namespace dvx::lineage {

// Author date as YYYY-MM-DD in the author's time zone.
std::string short_date(const git::CommitInfo& commit);
// Author date as ISO 8601 with the author's offset: 2026-11-20T10:11:12+01:00.
std::string iso_date(const git::CommitInfo& commit);
// Commit time as ISO 8601 in UTC with milliseconds (for OpenLineage eventTime).
std::string iso_utc(std::int64_t seconds);

}  // namespace dvx::lineage
