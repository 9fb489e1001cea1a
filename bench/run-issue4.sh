#!/usr/bin/env bash
# The issue 4 figures (confirmation of clues) in one command, on a Release build:
#   1. bench/correlation_bench: correlation index build from N objects, memory per observable,
#      update cost per ingest batch, and the 1,000,000-indicator ingest with the correlation
#      hook on and off side by side (the cost of keeping correlation current);
#   2. bench/match_bench: matcher build (1,000,000 indicators, the issue's mix) and `qccm
#      match`'s code path over 10,000,000 observables, exact mix and mixed;
#   3. bench/match_compare.sh: the matcher against `grep -F -x -f` and a Python set, side by
#      side on the same files.
# The matcher's figures and how they were taken: docs/performance-matching.md.
# Each section starts with the load average: on a shared machine the CPU-time figures are the
# fair ones (wall time includes waiting for the CPU).
#
#   bench/run-issue4.sh RELEASE_BUILD_DIR [WORK_DIR]
# Build first: cmake -S . -B build-rel -G Ninja -DCMAKE_BUILD_TYPE=Release &&
#              ninja -C build-rel correlation_bench match_bench
# ISSUE4_QUICK=1 runs everything at a small size (a smoke run, for CI).
set -euo pipefail

build=${1:?usage: run-issue4.sh RELEASE_BUILD_DIR [WORK_DIR]}
build=$(cd "$build" && pwd)
work=${2:-$build/issue4-bench}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$work"

for exe in correlation_bench match_bench; do
  if [[ ! -x $build/bench/$exe ]]; then
    echo "run-issue4.sh: no $build/bench/$exe (ninja -C $build $exe)" >&2
    exit 1
  fi
done
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [[ $build_type != Release ]]; then
  echo "run-issue4.sh: warning: $build is a '${build_type:-unknown}' build; figures are only meaningful for Release" >&2
fi

section() {
  echo
  echo "== $1 (load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
}

echo "issue 4 benchmarks: build $build ($build_type), work $work"
if [[ ${ISSUE4_QUICK:-0} == 1 ]]; then
  section "correlation_bench --quick"
  "$build/bench/correlation_bench" --quick --dir "$work/correlation"
  section "match_bench --quick"
  "$build/bench/match_bench" --quick --dir "$work/match"
  exit 0
fi

section "correlation_bench (index build, update cost, 1,000,000-indicator ingest on/off)"
"$build/bench/correlation_bench" --objects 1000000 --ingest 1000000 --batch 1000 \
  --dir "$work/correlation"
section "match_bench (1,000,000 indicators, 10,000,000 observables)"
"$build/bench/match_bench" --dir "$work/match" --indicators 1000000 --lines 10000000 --repeat 2
section "match_compare.sh (qccm matcher vs grep -F -x -f vs Python set)"
"$root/bench/match_compare.sh" "$build" "$work/match"
section "done"
