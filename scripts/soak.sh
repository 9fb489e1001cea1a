#!/usr/bin/env bash
# Soak test: mixed load (ingest, paged reads, single reads, lookups) from local clients against
# one `qccm serve` for a bounded time; prints throughput, p50/p99 per kind, and the server's
# RSS, open file descriptors and threads over time. Fails if a request that should succeed
# failed or RSS kept growing over the last third of the run.
#   scripts/soak.sh QCCM_BINARY [SECONDS (600)] [CLIENTS (4)]
# Loopback only; the data directory is a fresh temporary one, removed on success.
set -euo pipefail
QCCM=$(realpath "${1:?usage: soak.sh QCCM_BINARY [SECONDS] [CLIENTS]}")
SECONDS_TOTAL=${2:-600}
CLIENTS=${3:-4}
HERE=$(cd "$(dirname "$0")/.." && pwd)
CLIENT=$HERE/tests/tools/ingest_client.py
WORK=$(mktemp -d /tmp/qccm-soak.XXXXXX)
D=$WORK/data
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

. "$HERE/scripts/lib/load-node.sh"
make_load_node SOAK "Soak test" soak

launch_server
# A base of objects so that reads have something to page through.
python3 "$CLIENT" ingest --port "$PORT" --collection "$COLLECTION" --acked "$WORK/seed.jsonl" \
  --batch 500 --seconds 10 >/dev/null
SAMPLE=$(( SECONDS_TOTAL >= 300 ? 30 : 5 ))
status=0
python3 "$CLIENT" soak --port "$PORT" --collection "$COLLECTION" --seconds "$SECONDS_TOTAL" \
  --clients "$CLIENTS" --sample "$SAMPLE" --pid "$SERVER_PID" || status=1
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
if [ $status -ne 0 ]; then
  echo "soak: FAILED (data and server log kept in $WORK)" >&2
  exit 1
fi
rm -rf "$WORK"
