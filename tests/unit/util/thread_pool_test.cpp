// ThreadPool and parallel_for: every task runs once, results and exceptions
// come back, the number of threads at work never exceeds what was asked.
#include "dvx/util/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <numeric>
#include <stdexcept>
#include <vector>

using namespace dvx::util;

namespace {

// Counts calls running at once and remembers the most.
struct Concurrency {
  std::atomic<int> now{0}, most{0};
  void enter() {
    int n = ++now;
    for (int m = most; n > m && !most.compare_exchange_weak(m, n);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  void leave() { --now; }
};

}  // namespace

TEST(ThreadPool, ResultsAndExceptionsTravelThroughFutures) {
  ThreadPool pool(3);
  EXPECT_EQ(3u, pool.size());
  std::vector<std::future<int>> results;
  for (int i = 0; i < 50; ++i) results.push_back(pool.submit([i] { return i * i; }));
  auto bad = pool.submit([]() -> int { throw std::runtime_error("task 7 failed"); });
  for (int i = 0; i < 50; ++i) EXPECT_EQ(i * i, results[i].get());
  try {
    bad.get();
    FAIL() << "exception lost";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ("task 7 failed", e.what());
  }
}

TEST(ThreadPool, DestructorFinishesQueuedTasks) {
  std::atomic<int> done{0};
  {
    ThreadPool pool(2);
    for (int i = 0; i < 20; ++i)
      pool.submit([&done] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++done;
      });
  }
  EXPECT_EQ(20, done.load());
}

TEST(ThreadPool, NoMoreThreadsAtWorkThanThePoolHas) {
  Concurrency c;
  {
    ThreadPool pool(2);
    for (int i = 0; i < 20; ++i) pool.submit([&c] { c.enter(), c.leave(); });
  }
  EXPECT_LE(c.most.load(), 2);
}

TEST(ParallelFor, EveryIndexOnceWithinTheJobLimit) {
  Concurrency c;
  std::vector<std::atomic<int>> hits(200);
  parallel_for(hits.size(), 3, [&](std::size_t i) {
    c.enter();
    ++hits[i];
    c.leave();
  });
  for (std::size_t i = 0; i < hits.size(); ++i) EXPECT_EQ(1, hits[i].load()) << i;
  EXPECT_LE(c.most.load(), 3);
  EXPECT_GE(c.most.load(), 2);  // really parallel

  std::vector<int> serial;
  parallel_for(5, 1, [&](std::size_t i) { serial.push_back(static_cast<int>(i)); });
  EXPECT_EQ((std::vector<int>{0, 1, 2, 3, 4}), serial);  // one job: the calling thread, in order
  parallel_for(0, 4, [&](std::size_t) { FAIL() << "called for n = 0"; });
}

TEST(ParallelFor, FirstExceptionStopsNewIndicesAndIsRethrown) {
  std::atomic<int> started{0};
  try {
    parallel_for(10000, 4, [&](std::size_t i) {
      ++started;
      if (i == 3) throw std::runtime_error("index 3 failed");
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    });
    FAIL() << "exception lost";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ("index 3 failed", e.what());
  }
  EXPECT_LT(started.load(), 10000);
}
