#!/usr/bin/env bash
# `make run`: creates a demo node in DEMO_DIR if it holds none (`qccm demo init`: 4 fictional
# member agencies, users, tokens, collections, generated and real STIX data), then serves it on
# LISTEN. Re-running keeps the existing node. DEMO_OBJECTS and DEMO_SEED change the demo size
# and seed for a new node.
set -euo pipefail

usage="usage: run-demo.sh QCCM_BINARY DEMO_DIR LISTEN"
bin=${1:?$usage}
dir=${2:?$usage}
listen=${3:?$usage}
credentials="$dir/DEMO-CREDENTIALS.txt"

if [[ ! -x $bin ]]; then
  echo "run-demo.sh: $bin is not an executable (build it first: make release)" >&2
  exit 1
fi

init_args=(demo init --data "$dir")
[[ -n ${DEMO_OBJECTS:-} ]] && init_args+=(--objects "$DEMO_OBJECTS")
[[ -n ${DEMO_SEED:-} ]] && init_args+=(--seed "$DEMO_SEED")
[[ -n ${DEMO_SHARED_DATA:-} ]] && init_args+=(--shared-data "$DEMO_SHARED_DATA")

# demo init prints the demo users' password and one API token per member analyst; tokens are
# shown once, so a copy is kept in the demo directory (DEMO ONLY: never do this on a real node).
output=$(mktemp)
trap 'rm -f "$output"' EXIT
"$bin" "${init_args[@]}" | tee "$output"
if grep -q '^API tokens' "$output"; then
  umask 077
  cp "$output" "$credentials"
  echo "(a copy of the demo credentials is in $credentials)"
fi

token=""
if [[ -r $credentials ]]; then
  token=$(awk '$1 == "aur.analyst" && $3 ~ /^qccm_/ { print $3; exit }' "$credentials")
fi
scheme=http
curl_flags="-s"
if "$bin" config show --data "$dir" | grep -Eq "^tls_cert_file = '.+'"; then
  scheme=https
  curl_flags="-sk"
fi
api_root=$("$bin" config show --data "$dir" | sed -n "s/^api_root = '\(.*\)'$/\1/p")
shared_id=$("$bin" collection list --data "$dir" | awk '$2 == "mechanism-shared" { print $1 }')

cat <<INFO

Talk to the node (TAXII 2.1) with a demo token (AUR-NCTC's analyst; the others are in
${credentials}):
  TOKEN=${token:-<a token from demo init>}
  curl $curl_flags -H "Authorization: Bearer \$TOKEN" -H 'Accept: application/taxii+json;version=2.1' $scheme://$listen/taxii2/
  curl $curl_flags -H "Authorization: Bearer \$TOKEN" -H 'Accept: application/taxii+json;version=2.1' $scheme://$listen/${api_root:-qccm}/collections/
  curl $curl_flags -g -H "Authorization: Bearer \$TOKEN" -H 'Accept: application/taxii+json;version=2.1' "$scheme://$listen/${api_root:-qccm}/collections/${shared_id:-<id>}/objects/?limit=5&match[type]=indicator"
INFO

echo
echo "serving $dir on $scheme://$listen (Ctrl-C stops)"
rm -f "$output"
trap - EXIT
exec "$bin" serve --data "$dir" --listen "$listen"
