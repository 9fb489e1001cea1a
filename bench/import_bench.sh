#!/usr/bin/env bash
# End-to-end benchmark of the import path through the real binary, with the plain Python
# baseline (bench/import_baseline.py) side by side in the same run. Prints figures; asserts
# nothing. Use a Release build.
#
#   import_bench.sh QCCM_BINARY WORK_DIR [OBJECTS (default 1000000)]
#
# 1. `qccm demo generate --kind indicators` writes OBJECTS indicators as one bundle (cached in
#    WORK_DIR: the same seed and count give the same bytes, so it is made once).
# 2. `qccm import` of that bundle into an empty SQLite node (full validation; one transaction),
#    under /usr/bin/time -v for the peak memory.
# 3. The Python baseline on the same file: json.load, one transaction, one index, no checks.
# 4. `qccm validate` of the same file (MB/s).
# 5. `qccm export` of the whole collection (cursor-paged reads, end to end, to /dev/null).
set -euo pipefail

usage="usage: import_bench.sh QCCM_BINARY WORK_DIR [OBJECTS]"
bin=${1:?$usage}
work=${2:?$usage}
objects=${3:-1000000}
seed=${BENCH_SEED:-20240917}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$work"
bundle="$work/indicators-$objects-seed$seed.json"
node="$work/import-node"

now() { date +%s.%N; }
# run_timed LABEL CMD...: runs CMD under /usr/bin/time -v (stdout to $work/LABEL.out, stderr to
# $work/LABEL.err); sets SECONDS_TAKEN (wall), CPU_SECONDS (user + system: steadier than wall
# time on a shared machine) and PEAK_MB (maximum resident set size).
run_timed() {
  local label=$1
  shift
  local start end
  start=$(now)
  if ! /usr/bin/time -v -o "$work/$label.time" "$@" >"$work/$label.out" 2>"$work/$label.err"; then
    echo "import_bench: '$label' failed; see $work/$label.err" >&2
    tail -5 "$work/$label.err" >&2
    return 1
  fi
  end=$(now)
  SECONDS_TAKEN=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
  PEAK_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/$label.time")
  CPU_SECONDS=$(awk -F': ' '/(User|System) time/ { s += $2 } END { printf "%.2f", s }' "$work/$label.time")
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? b / 1048576 / s : 0) }'; }

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
format='%-40s %10s %8s %9s %11s %8s %8s %12s\n'
# row STEP OBJECTS BYTES: one line of the table from the last run_timed.
row() {
  rows+=("$(printf "$format" "$1" "$2" "$(mb "$3")" "$SECONDS_TAKEN" "$(rate "$2" "$SECONDS_TAKEN")" \
    "$(mbps "$3" "$SECONDS_TAKEN")" "$CPU_SECONDS" "$PEAK_MB")")
}

# 1. The input, generated once per count and seed.
if [[ -s $bundle ]]; then
  gen_note="cached"
else
  run_timed generate "$bin" demo generate --objects "$objects" --seed "$seed" \
    --kind indicators --format bundle --out "$bundle.tmp"
  mv "$bundle.tmp" "$bundle"
  bytes=$(stat -c %s "$bundle")
  row "qccm demo generate (indicators, bundle)" "$objects" "$bytes"
  gen_note="generated"
fi
bytes=$(stat -c %s "$bundle")

# 2. qccm import into an empty node.
rm -rf "$node"
"$bin" init --data "$node" >/dev/null
"$bin" member add "Benchmark member" --code BENCH --data "$node" >/dev/null
"$bin" collection add "Benchmark" --alias bench --read BENCH --write BENCH --data "$node" >/dev/null
run_timed import "$bin" import "$bundle" --collection bench --as BENCH --data "$node"
import_seconds=$SECONDS_TAKEN
import_cpu=$CPU_SECONDS
added=$(sed -n 's/.*: \([0-9]*\) added.*/\1/p' "$work/import.out")
row "qccm import (validate + store)" "${added:-0}" "$bytes"

# 3. The baseline, same file, same machine, same run.
run_timed baseline python3 "$here/import_baseline.py" "$bundle" "$work/baseline.db"
baseline_seconds=$SECONDS_TAKEN
baseline_cpu=$CPU_SECONDS
row "python baseline (no validation)" "$objects" "$bytes"
rm -f "$work/baseline.db"

# 4. qccm validate.
run_timed validate "$bin" validate --no-warnings "$bundle"
row "qccm validate" "$objects" "$bytes"
validate_summary=$(tail -1 "$work/validate.err")

# 5. qccm export: every object through cursor-paged ListObjects.
run_timed export "$bin" export --collection bench --data "$node"
exported=$(sed -n 's/^exported \([0-9]*\) objects.*/\1/p' "$work/export.err")
export_bytes=$(stat -c %s "$work/export.out")
row "qccm export (paged read, whole coll.)" "${exported:-0}" "$export_bytes"
rm -f "$work/export.out"

echo
echo "End-to-end import benchmark: $objects generated indicators (seed $seed, $(mb "$bytes") MB bundle, $gen_note)"
printf "$format" "step" "objects" "MB" "wall s" "objects/s" "MB/s" "cpu s" "peak RSS MB"
printf '%s\n' "${rows[@]}"
echo
echo "import vs baseline: $(awk -v a="$import_seconds" -v b="$baseline_seconds" \
  'BEGIN { printf "%.2fx the baseline rate (wall time)", (a > 0 ? b / a : 0) }'); machine load" \
  "average at the start: $load_at_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "objects per CPU-second (steadier than wall time on a shared machine): import" \
  "$(rate "$objects" "$import_cpu"), baseline $(rate "$objects" "$baseline_cpu")"
echo "validate: $validate_summary"
echo "node size: $(du -sh "$node" | cut -f1) ($node)"
