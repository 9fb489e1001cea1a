#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/CMakeLists.txt, clang 16, ASan+UBSan) and runs each for a
# bounded time: first over its regression inputs (fuzz/regressions/<target>/, every crash ever
# found), then fuzzing from its seed corpus (fuzz/corpus/<target>/ plus, for the STIX readers,
# the real files of ../shared/data/stix). Prints executions per target; exits non-zero on a
# crash, leaving the input in <build>/artifacts/ to be added to fuzz/regressions/.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 300 s, every target)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-300}
shift || true
BUILD=${FUZZ_BUILD_DIR:-build/fuzz}
JOBS=${JOBS:-2}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(envelope_fuzz import_fuzz pattern_fuzz observable_fuzz http_request_fuzz)
fi
SHARED=${QCCM_SHARED_DATA_DIR:-../shared/data}
[ -d "$SHARED/stix" ] || SHARED=third_party/shared-data  # the in-repo copy on a clone elsewhere

if ! command -v clang++-16 >/dev/null; then
  echo "fuzz: clang++-16 is missing (scripts/install-deps.sh installs clang-16 libclang-rt-16-dev)" >&2
  exit 1
fi
CC=clang-16 CXX=clang++-16 cmake -S fuzz -B "$BUILD" -G Ninja >/dev/null
ninja -C "$BUILD" -j "$JOBS" "${TARGETS[@]}" >/dev/null

corpus_of() {  # the seed directory name of a target
  local name=${1%_fuzz}
  [ "$name" = http_request ] && name=http
  echo "$name"
}

status=0
summary=()
for target in "${TARGETS[@]}"; do
  seeds=fuzz/corpus/$(corpus_of "$target")
  work=$BUILD/corpus/$target
  mkdir -p "$work" "$BUILD/artifacts"
  extra=()
  case $target in
    envelope_fuzz | import_fuzz)
      # Real STIX files under 64 KB as seeds (bigger ones only slow the mutator down).
      if [ -d "$SHARED/stix" ]; then
        mkdir -p "$BUILD/shared-seeds"
        find "$SHARED/stix" -name '*.json' -size -64k -exec cp -f {} "$BUILD/shared-seeds/" \;
        extra=("$BUILD/shared-seeds")
      fi
      ;;
  esac
  options=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
           -artifact_prefix="$BUILD/artifacts/$target-")
  [ -f "fuzz/${target}.dict" ] && options+=(-dict="fuzz/${target}.dict")
  [ "$target" = pattern_fuzz ] && options+=(-dict=fuzz/pattern_fuzz.dict -max_len=512)
  [ "$target" = observable_fuzz ] && options+=(-max_len=256)
  [ "$target" = http_request_fuzz ] && options+=(-max_len=2048)
  log=$BUILD/$target.log
  # Every crash found so far must stay fixed.
  regressions=(fuzz/regressions/$target/*)
  if [ -e "${regressions[0]}" ]; then
    if ! "$BUILD/$target" "${options[@]}" "${regressions[@]}" >"$log.regressions" 2>&1; then
      echo "fuzz: $target fails a regression input; see $log.regressions" >&2
      status=1
      continue
    fi
  fi
  if "$BUILD/$target" "${options[@]}" -max_total_time="$SECONDS_PER_TARGET" \
       "$work" "$seeds" "${extra[@]}" >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (input in $BUILD/artifacts/, log $log)"
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  corpus=$(find "$work" -type f | wc -l)
  line="fuzz: $target: ${execs:-?} executions in ${SECONDS_PER_TARGET} s, corpus $corpus inputs: $result"
  echo "$line"
  summary+=("$line")
done
exit $status
