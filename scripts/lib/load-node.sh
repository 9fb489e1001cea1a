# Sourced by crash-test.sh and soak.sh: a fresh node for load tests, and starting `qccm serve`
# on a free loopback port. The caller sets QCCM (the binary), D (the data directory) and WORK
# (a scratch directory; the server's stderr goes to $WORK/server.log).

q() { "$QCCM" --data "$D" --log-level warn "$@"; }

# make_load_node MEMBER TITLE TOKEN_LABEL
# Creates the node with member MEMBER, an analyst "loader" with a random password, and a
# collection TITLE that MEMBER reads and writes. Sets COLLECTION and exports QCCM_TOKEN (an API
# token of "loader", which tests/tools/ingest_client.py reads).
make_load_node() {
  q init >/dev/null
  q member add "$1" >/dev/null
  head -c 24 /dev/urandom | base64 | q user add loader --member "$1" --role analyst >/dev/null 2>&1
  COLLECTION=$(q collection add "$2" --read "$1" --write "$1")
  QCCM_TOKEN=$(q token create loader --label "$3" 2>/dev/null)
  export QCCM_TOKEN
}

# launch_server: starts the server as the coprocess SERVER; sets SERVER_PID and PORT from the
# address it prints, and exits the script if none came within 30 s.
launch_server() {
  local line
  coproc SERVER { exec "$QCCM" --data "$D" --log-level warn serve --listen 127.0.0.1:0 --requests-per-second 0 2>>"$WORK/server.log"; }
  SERVER_PID=$SERVER_PID
  if ! read -r -t 30 line <&"${SERVER[0]}"; then
    echo "$(basename "$0"): the server did not start" >&2
    cat "$WORK/server.log" >&2
    exit 1
  fi
  PORT=${line##*:}
}
