#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz/ for SECONDS each (default 600),
# one after the other, from its seed corpus: the committed seeds
# (tests/fuzz/corpus/<target>/) plus, for fuzz_parquet, the small files of
# the shared Parquet corpus (DVX_TESTDATA_DIR, default ../shared/testdata).
#   tests/fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
# Environment: BUILD_DIR (default build-fuzz, configured and built here with
# clang when missing), FUZZ_NICE (e.g. "nice -n 19"), FUZZ_JOBS unused.
# A crash, leak, timeout or out-of-memory stops that target, fails the run
# and keeps the reproducer in $BUILD_DIR/fuzz-artifacts/<target>/ (replay it
# with: $BUILD_DIR/tests/fuzz/<target> <file>). A summary line per target
# (executions, seconds, corpus size) goes to $BUILD_DIR/fuzz-summary.txt.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-600}
shift || true
all=(fuzz_pointer fuzz_pkt_line fuzz_index_file fuzz_filter_protocol fuzz_csv fuzz_parquet fuzz_dvxconfig fuzz_pipeline_file)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
build=${BUILD_DIR:-$here/build-fuzz}
testdata=${DVX_TESTDATA_DIR:-$here/../shared/testdata}
nice_cmd=(${FUZZ_NICE:-})

if [ ! -x "$build/tests/fuzz/${targets[0]}" ] || [ -z "${FUZZ_NO_BUILD:-}" ]; then
  CC=clang CXX=clang++ "$here/install/build.sh" "$build" -DDVX_FUZZ=ON -DDVX_TESTS=OFF \
    -DDVX_TESTDATA_DIR="$testdata" --target "${targets[@]}" || exit 1
fi

summary=$build/fuzz-summary.txt
: >"$summary"
failed=0
for t in "${targets[@]}"; do
  work=$build/fuzz-corpus/$t          # grows across runs (new coverage)
  artifacts=$build/fuzz-artifacts/$t/
  mkdir -p "$work" "$artifacts"
  seeds=()
  [ -d "$here/tests/fuzz/corpus/$t" ] && seeds+=("$here/tests/fuzz/corpus/$t")
  if [ "$t" = fuzz_parquet ] && [ -d "$testdata/parquet-testing" ]; then
    mkdir -p "$build/fuzz-seeds/$t"
    find "$testdata/parquet-testing" -name '*.parquet' -size -64k -exec cp -f {} "$build/fuzz-seeds/$t/" \;
    seeds+=("$build/fuzz-seeds/$t")
  fi
  log=$build/fuzz-$t.log
  # -rss_limit_mb / -malloc_limit_mb: any input that makes a reader allocate
  # more than 2 GiB is a finding (readers must stay within their limits).
  # -timeout: one input taking more than 10 s is a hang.
  "${nice_cmd[@]}" "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$work" ${seeds[@]+"${seeds[@]}"} >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(ls "$work" | wc -l)
  if [ $rc -ne 0 ]; then
    failed=1
    echo "$t: FAILED (exit $rc) after ${execs:-?} executions; reproducer: $(ls -t "$artifacts" | head -1)" | tee -a "$summary"
    grep -m5 -E 'ERROR|SUMMARY|==[0-9]+==' "$log" >&2
  else
    echo "$t: ok, ${execs:-?} executions in ${seconds} s, corpus $corpus inputs" | tee -a "$summary"
  fi
done
exit $failed
