/* The floor of any command built on Debian's libgit2: load the library,
 * initialise it (this build parses every CA certificate with mbedTLS at
 * init), open the repository the current folder is in and read its index.
 * bench/repro_bench.sh times it beside `git status` and a no-op repro. */
#include <git2.h>
#include <stdio.h>

int main(void) {
  git_repository* repo = NULL;
  git_index* index = NULL;
  git_libgit2_init();
  if (git_repository_open_ext(&repo, ".", 0, NULL) < 0 || git_repository_index(&index, repo) < 0) {
    fprintf(stderr, "floor-libgit2: not in a git repository\n");
    return 1;
  }
  size_t n = git_index_entrycount(index);
  git_index_free(index);
  git_repository_free(repo);
  git_libgit2_shutdown();
  return n == 0;
}
