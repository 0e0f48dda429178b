#include "dvx/transfer/summary.hpp"

#include <fmt/format.h>

#include "dvx/util/human_size.hpp"

namespace dvx::transfer {

namespace {
std::string moved(const TransferResult& result) {
  return fmt::format("{} ({})", util::count_of(result.transferred, "object"), util::human_size(result.bytes));
}
}  // namespace

std::string upload_summary(const TransferResult& result, const std::string& store) {
  if (result.transferred == 0)
    return fmt::format("everything up to date: store '{}' has all {}", store,
                       util::count_of(result.requested, "object"));
  return fmt::format("{} uploaded to store '{}'", moved(result), store);
}

std::string download_summary(const TransferResult& result, std::size_t files_written,
                             const std::string& store) {
  std::string downloaded =
      result.transferred ? fmt::format("{} downloaded from store '{}'", moved(result), store) : "";
  if (files_written == 0 && downloaded.empty()) return "everything up to date";
  if (files_written == 0) return downloaded;
  std::string written = util::count_of(files_written, "file") + " written";
  return downloaded.empty() ? written + " from the local cache" : written + ", " + downloaded;
}

}  // namespace dvx::transfer
