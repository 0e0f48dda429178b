#include "dvx/transfer/downloader.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::transfer {

Download Downloader::fetch(const core::Pointer& pointer) {
  request(pointer);
  for (;;) {
    auto done = wait_some();
    if (done.empty()) {
      end_batch();
      return {pointer, "download did not complete"};
    }
    for (auto& d : done)
      if (d.pointer.oid == pointer.oid) {
        end_batch();
        return d;
      }
  }
}

namespace {

// Downloads on a pool of `jobs` threads from one remote. The remote is
// opened at the first request: during `git clone` the filter starts before
// every file of the new worktree (.dvxconfig among them) is written.
class PoolDownloader final : public Downloader {
 public:
  PoolDownloader(const git::Repo& repo, const cache::ObjectStore& store,
                 std::optional<remote::RemoteConfig> config, DownloadProgress progress)
      : repo_(repo), store_(store), config_(std::move(config)), progress_options_(progress) {}

  ~PoolDownloader() override {
    pool_.reset();  // finish running downloads before members go
    end_batch();
  }

  void request(const core::Pointer& pointer) override {
    std::unique_lock lock(mutex_);
    if (!requested_.insert(pointer.oid).second) return;
    if (!opened_) open_locked();
    if (!remote_) {
      finished_.push_back({pointer, fmt::format("object {}… cannot be downloaded: {}",
                                                pointer.oid.substr(0, 12), open_error_)});
      cv_.notify_all();
      return;
    }
    ++pending_;
    if (!progress_)
      progress_ = std::make_unique<Progress>("downloading", "from " + remote_->describe(), 0, 0,
                                             progress_options_.enabled, progress_options_.delay);
    progress_->add(1, pointer.size);
    Progress* progress = progress_.get();
    pool_->submit([this, pointer, progress] { run(pointer, *progress); });
  }

  void end_batch() override {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return pending_ == 0; });
    if (!progress_) return;
    progress_->finish(batch_ok_);
    progress_.reset();
    batch_ok_ = true;
  }

  std::vector<Download> wait_some() override {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !finished_.empty() || pending_ == 0; });
    std::vector<Download> out;
    out.swap(finished_);
    return out;
  }

 private:
  void open_locked() {
    opened_ = true;
    try {
      if (!config_) config_ = find_remote(repo_);
      if (!config_) {
        open_error_ = no_remote_hint();
        return;
      }
      auto opened = open_transfer_remote(*config_);
      remote_ = std::move(opened.remote);
      pool_ = std::make_unique<util::ThreadPool>(static_cast<std::size_t>(std::max(1, opened.jobs)));
    } catch (const Error& e) {
      open_error_ = e.what();
    }
  }

  void run(const core::Pointer& pointer, Progress& progress) {
    Download d{pointer, ""};
    try {
      download_one(*remote_, store_, {pointer, "object"});
    } catch (const std::exception& e) {
      d.error = e.what();
    }
    progress.advance(pointer.size);
    std::lock_guard lock(mutex_);
    if (!d.error.empty()) batch_ok_ = false;
    finished_.push_back(std::move(d));
    --pending_;
    cv_.notify_all();
  }

  const git::Repo& repo_;
  const cache::ObjectStore& store_;
  std::optional<remote::RemoteConfig> config_;
  DownloadProgress progress_options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool opened_ = false;
  std::string open_error_;
  std::unique_ptr<remote::Remote> remote_;
  std::unordered_set<std::string> requested_;
  std::vector<Download> finished_;
  std::size_t pending_ = 0;
  std::unique_ptr<Progress> progress_;  // the current batch's line
  bool batch_ok_ = true;
  std::unique_ptr<util::ThreadPool> pool_;  // last: destroyed first
};

}  // namespace

std::unique_ptr<Downloader> open_downloader(const git::Repo& repo, const cache::ObjectStore& store,
                                            DownloadProgress progress) {
  if (repo.is_bare()) return nullptr;
  std::optional<remote::RemoteConfig> config;
  try {
    config = find_remote(repo);
  } catch (const Error&) {
    // A broken configuration is reported per object, at the first request.
    return std::make_unique<PoolDownloader>(repo, store, std::nullopt, progress);
  }
  if (config) return std::make_unique<PoolDownloader>(repo, store, std::move(config), progress);
  // Nothing configured. During a clone's checkout .dvxconfig may not be in
  // the worktree yet while HEAD has one: stay available and look again at
  // the first request.
  std::error_code ec;
  if (std::filesystem::exists(repo.workdir() / ".dvxconfig", ec)) return nullptr;
  try {
    if (!repo.has_head() || !repo.read_blob("HEAD", ".dvxconfig")) return nullptr;
  } catch (const Error&) {
    return nullptr;
  }
  return std::make_unique<PoolDownloader>(repo, store, std::nullopt, progress);
}

}  // namespace dvx::transfer
