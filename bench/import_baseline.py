#!/usr/bin/env python3
"""The import benchmark's baseline: what a plain script does without any checking.

json.load a STIX bundle, then insert every object into a new SQLite database in one
transaction, into one table with one index, with no validation at all. `qccm import` is
compared against it side by side in the same run (bench/import_bench.sh).

    import_baseline.py BUNDLE.json DATABASE.db

Prints one line: objects=N seconds=S objects_per_s=R peak_rss_kib=K
"""
import json
import os
import resource
import sqlite3
import sys
import time


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: import_baseline.py BUNDLE.json DATABASE.db", file=sys.stderr)
        return 2
    bundle_path, db_path = sys.argv[1], sys.argv[2]
    if os.path.exists(db_path):
        os.remove(db_path)
    start = time.perf_counter()
    with open(bundle_path, "rb") as f:
        objects = json.load(f)["objects"]
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE TABLE objects (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL,"
        " modified TEXT NOT NULL, json TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX objects_by_id ON objects (id, modified)")
    rows = (
        (o["id"], o["type"], o.get("modified") or o.get("created") or "",
         json.dumps(o, separators=(",", ":")))
        for o in objects
    )
    with db:  # one transaction
        db.executemany("INSERT INTO objects (id, type, modified, json) VALUES (?, ?, ?, ?)", rows)
    db.close()
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"objects={len(objects)} seconds={seconds:.3f} "
          f"objects_per_s={len(objects) / seconds:.0f} peak_rss_kib={peak_kib}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
