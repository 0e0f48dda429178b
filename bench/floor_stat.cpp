// The floor of any presence check of cached objects: one stat per object.
//
//   floor-stat DIR LIST   # LIST: one path relative to DIR per line
//
// Reads LIST first (untimed by nothing: it is a file read), then stats
// every path below DIR (opened once) on all cores, and prints how many are
// regular files. bench/many_files_bench.sh times it beside `git ls-files -s`
// and `git status`: what `git dvx ls-files` and `git dvx status` must add to
// git's own work to say which objects the cache holds.
// Built by the bench script: c++ -O2 -std=c++20 -pthread floor_stat.cpp
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: floor-stat DIR LIST\n");
    return 2;
  }
  int dir = ::open(argv[1], O_RDONLY | O_DIRECTORY);
  std::ifstream list(argv[2]);
  if (dir < 0 || !list) return 2;
  std::vector<std::string> paths;
  for (std::string line; std::getline(list, line);) paths.push_back(line);
  std::atomic<std::size_t> found{0};
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      std::size_t mine = 0;
      for (std::size_t i = t; i < paths.size(); i += threads) {
        struct stat st {};
        if (::fstatat(dir, paths[i].c_str(), &st, 0) == 0 && S_ISREG(st.st_mode)) ++mine;
      }
      found += mine;
    });
  for (auto& th : pool) th.join();
  std::printf("%zu of %zu\n", found.load(), paths.size());
  return found == paths.size() ? 0 : 1;
}
