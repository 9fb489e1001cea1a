#!/usr/bin/env bash
# Drives the exact command forms the acceptance scripts use, through the real binary.
set -euo pipefail
qccm=${1:?usage: acceptance.sh QCCM_BINARY SHARED_STIX_DIR}
shared=${2:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
D=$work/node

fail() { echo "FAIL: $*" >&2; exit 1; }

"$qccm" init --data "$D" >/dev/null
"$qccm" member add ALPHA --data "$D" >/dev/null
"$qccm" member add BRAVO --data "$D" >/dev/null
echo "a long enough password" | "$qccm" user add alice --member ALPHA --role analyst --data "$D" >/dev/null
C=$("$qccm" collection add "Shared intel" --read ALPHA,BRAVO --write ALPHA --data "$D")
[[ "$C" =~ ^[0-9a-f-]{36}$ ]] || fail "collection add printed '$C', not an id"

"$qccm" import "$shared/oasis-examples/apt1.json" --collection "$C" --as ALPHA --data "$D" >"$work/import.out"
grep -q "76 added" "$work/import.out" || fail "apt1 import: $(cat "$work/import.out")"
"$qccm" import "$shared/mitre-attack/ics-attack-17.1.json" --collection "$C" --as ALPHA --data "$D" >/dev/null 2>&1 \
  || fail "ATT&CK import failed"

"$qccm" export --collection "$C" --data "$D" >"$work/export.json" 2>/dev/null
"$qccm" validate "$work/export.json" >/dev/null 2>&1 || fail "export is not a valid bundle"
python3 - "$work/export.json" <<'PY' || fail "export does not hold the imported objects"
import json, sys
bundle = json.load(open(sys.argv[1]))
assert bundle["type"] == "bundle"
ids = {o["id"] for o in bundle["objects"]}
assert "threat-actor--6d179234-61fc-40c4-ae86-3d53308d8e65" in ids, "apt1 threat actor missing"
assert len(bundle["objects"]) > 1700, len(bundle["objects"])
PY

"$qccm" validate "$shared/oasis-examples/poisonivy.json" >/dev/null 2>&1 || fail "poisonivy should validate"
if "$qccm" validate "$shared/validator-test-examples/invalid_timestamp.json" >"$work/v.out" 2>&1; then
  fail "invalid_timestamp.json should fail validation"
fi
[ "$(grep -c error "$work/v.out")" -ge 1 ] || fail "no error line for invalid_timestamp"
"$qccm" validate "$shared/validator-test-examples/tool.json" >/dev/null 2>&1 || fail "warnings must not fail validate"
echo "acceptance: ok"
