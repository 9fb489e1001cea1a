#!/usr/bin/env bash
# `make bench`: the end-to-end import benchmark (bench/import_bench.sh: qccm import, validate
# and export of generated indicators, with the Python baseline side by side), then every C++
# benchmark executable built in BUILD_DIR/bench. Prints figures; asserts nothing.
#
#   run-benchmarks.sh RELEASE_BUILD_DIR
#
# BENCH_OBJECTS=N  size of the import benchmark (default 1000000); below 1000000 every
#                  benchmark also runs in its short "smoke" form (for CI).
# BENCH_SEED=S     generator seed.
# BENCH_TAXII_OBJECTS=N  objects the TAXII benchmark POSTs (default: min(BENCH_OBJECTS, 100000);
#                  the docs/performance.md figure (d) uses 1000000).
set -euo pipefail

build=${1:?usage: run-benchmarks.sh RELEASE_BUILD_DIR}
build=$(cd "$build" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
objects=${BENCH_OBJECTS:-1000000}
quick=0
(( objects < 1000000 )) && quick=1
bin="$build/src/app/qccm"
work="$build/bench-data"

if [[ ! -x $bin ]]; then
  echo "run-benchmarks.sh: no qccm binary at $bin (build first: make release)" >&2
  exit 1
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [[ $build_type != Release ]]; then
  echo "run-benchmarks.sh: warning: $build is a '${build_type:-unknown}' build; figures are only meaningful for Release" >&2
fi

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other processes make wall figures noisy; CPU seconds are steadier)"
echo "QCCM benchmarks: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, build $build ($build_type)"
"$root/bench/import_bench.sh" "$bin" "$work" "$objects"

# The C++ benchmarks, each with arguments for a full or a smoke run.
for exe in "$build"/bench/*_bench; do
  [[ -x $exe ]] || continue
  name=$(basename "$exe")
  args=()
  case $name in
    store_bench)
      args=(--count "$objects" --dir "$work/store_bench")
      (( quick )) && args+=(--quick) ;;
    audit_bench)
      args=(--dir "$work/audit_bench")
      (( quick )) && args+=(--quick) ;;
    match_bench)
      args=(--dir "$work/match_bench")
      (( quick )) && args+=(--quick) ;;
    taxii_bench)
      args=(--dir "$work/taxii_bench" --objects "${BENCH_TAXII_OBJECTS:-$(( objects < 100000 ? objects : 100000 ))}") ;;
    validator_bench)
      (( quick )) && args=("$(( objects < 200000 ? objects : 200000 ))" 1) ;;
    http_bench)
      (( quick )) && args=(1) ;;
    pattern_bench|*)
      if grep -q -- '--benchmark_' <("$exe" --help 2>&1 || true); then
        (( quick )) && args=(--benchmark_min_time=0.01)
      fi ;;
  esac
  echo
  echo "== $name ${args[*]}"
  if ! "$exe" "${args[@]}"; then
    echo "run-benchmarks.sh: $name failed (continuing)" >&2
  fi
done
rm -rf "$work/store_bench" "$work/audit_bench" "$work/match_bench" "$work/taxii_bench"
