#!/usr/bin/env bash
# Crash test: heavy ingest over HTTP while the server is killed with SIGKILL at random moments,
# KILLS times, restarting it each time. Then checks that every object whose add-objects status
# came back complete is stored byte for byte, that the store passes its integrity check, and
# that every start after a kill was ready (answering /healthz) in under 10 s.
#   scripts/crash-test.sh QCCM_BINARY [KILLS (50)] [MAX_SECONDS_BETWEEN_KILLS (3)]
# Loopback only; the data directory is a fresh temporary one, removed on success.
set -euo pipefail
QCCM=$(realpath "${1:?usage: crash-test.sh QCCM_BINARY [KILLS] [MAX_SECONDS]}")
KILLS=${2:-50}
MAX_GAP=${3:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
CLIENT=$HERE/tests/tools/ingest_client.py
WORK=$(mktemp -d /tmp/qccm-crash.XXXXXX)
D=$WORK/data
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

. "$HERE/scripts/lib/load-node.sh"
make_load_node CRASH "Crash test" crash-test

# Starts the server; sets SERVER_PID and PORT; prints the seconds until /healthz answered.
start_server() {
  local t0 t1
  t0=$(date +%s.%N)
  launch_server
  until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.05; done
  t1=$(date +%s.%N)
  STARTUP=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

max_startup=0
survived=0
for ((i = 1; i <= KILLS; i++)); do
  start_server
  max_startup=$(awk -v a="$STARTUP" -v b="$max_startup" 'BEGIN { print (a > b ? a : b) }')
  if awk -v a="$STARTUP" 'BEGIN { exit !(a >= 10) }'; then
    echo "crash-test: start $i took ${STARTUP}s (limit 10 s)" >&2
    exit 1
  fi
  python3 "$CLIENT" ingest --port "$PORT" --collection "$COLLECTION" --acked "$WORK/acked.jsonl" \
    --batch 200 --seconds 60 >>"$WORK/client.log" 2>&1 &
  CLIENT_PID=$!
  # A random moment: 0.2 s to MAX_GAP s into the ingest.
  sleep "$(awk -v m="$MAX_GAP" -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.2 + (m - 0.2) * r / 32767 }')"
  kill -KILL "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  wait "$CLIENT_PID" || { echo "crash-test: the client failed" >&2; tail "$WORK/client.log" >&2; exit 1; }
  survived=$i
done

start_server
echo "crash-test: last start after a kill took ${STARTUP}s"
verified=0
python3 "$CLIENT" verify --port "$PORT" --collection "$COLLECTION" --acked "$WORK/acked.jsonl" \
  >"$WORK/verify.log" 2>&1 || verified=1
cat "$WORK/verify.log"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
integrity=$(sqlite3 "$D/qccm.db" "PRAGMA integrity_check;")
echo "crash-test: sqlite integrity_check: $integrity"
acked=$(wc -l <"$WORK/acked.jsonl")
echo "crash-test: $survived kills survived, $acked acknowledged objects checked, max startup after a kill ${max_startup}s"
if [ "$verified" -ne 0 ] || [ "$integrity" != ok ]; then
  echo "crash-test: FAILED (data kept in $WORK)" >&2
  exit 1
fi
rm -rf "$WORK"
