#!/usr/bin/env python3
"""Load clients for the crash test and the soak test (loopback only, bounded in time).

ingest: POSTs envelopes of fresh indicators to a TAXII collection until the server goes away or
        --seconds pass; for every 202 it appends each object the status lists as a success to
        the acknowledged file (one JSON line: id, the exact object text), fsynced before the next
        request, so the file holds exactly what the server acknowledged.
verify: reads every object of the collection (paged) and checks that each acknowledged object
        is present with byte-identical text; prints counts; exit 1 on any loss.
soak:   mixed load (ingest, paged reads, single reads, lookups) from --clients threads for
        --seconds; samples the server's RSS, open file descriptors and threads every
        --sample seconds; prints throughput, p50/p99 per kind and the resource curve; exit 1 if
        a request that should succeed failed or RSS kept growing in the last third.
"""
import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid

TAXII = "application/taxii+json;version=2.1"


def headers(token, body=False):
    h = {"Accept": TAXII, "Authorization": "Bearer " + token}
    if body:
        h["Content-Type"] = TAXII
    return h


def indicator(n, marker):
    oid = "indicator--" + str(uuid.uuid4())
    ip = "198.51.%d.%d" % (n // 250 % 250, n % 250)
    text = ('{"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",'
            '"modified":"2024-01-01T00:00:00.000Z","name":"crash %d %s","pattern":"[ipv4-addr:value = \'%s\']",'
            '"pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}') % (oid, n, marker, ip)
    return oid, text


def split_envelope_objects(body):
    """The raw texts of an envelope's objects (our objects hold no '},{')."""
    start = body.find('"objects":[')
    if start < 0:
        return []
    inner = body[start + len('"objects":['):]
    end = inner.rfind("]")
    inner = inner[:end]
    parts = inner.split("},{")
    out = []
    for i, p in enumerate(parts):
        if i > 0:
            p = "{" + p
        if i < len(parts) - 1:
            p = p + "}"
        out.append(p)
    return out


def ingest(args):
    host, port = args.host, args.port
    path = "/qccm/collections/%s/objects/" % args.collection
    acked = open(args.acked, "a")
    n = random.randrange(1 << 30)
    sent = acknowledged = 0
    deadline = time.time() + args.seconds
    conn = http.client.HTTPConnection(host, port, timeout=30)
    while time.time() < deadline:
        objects = [indicator(n + i, "body") for i in range(args.batch)]
        n += args.batch
        body = '{"objects":[' + ",".join(t for _, t in objects) + "]}"
        try:
            conn.request("POST", path, body=body, headers=headers(args.token, True))
            resp = conn.getresponse()
            data = resp.read().decode()
        except (OSError, http.client.HTTPException):
            break  # the server was killed: whatever was not acknowledged may be lost
        sent += len(objects)
        if resp.status != 202:
            print("ingest: unexpected %d: %s" % (resp.status, data[:200]), file=sys.stderr)
            return 1
        status = json.loads(data)
        if status.get("status") != "complete":
            continue
        ok = {s["id"] for s in status.get("successes", [])}
        for oid, text in objects:
            if oid in ok:
                acked.write(json.dumps({"id": oid, "text": text}) + "\n")
                acknowledged += 1
        acked.flush()
        os.fsync(acked.fileno())
    print("ingest: sent %d objects, %d acknowledged" % (sent, acknowledged))
    return 0


def read_all(conn, token, collection):
    """Every object text in the collection, by id, through paged reads."""
    texts = {}
    nxt = None
    while True:
        target = "/qccm/collections/%s/objects/?limit=1000" % collection
        if nxt:
            target += "&next=" + nxt
        conn.request("GET", target, headers=headers(token))
        resp = conn.getresponse()
        body = resp.read().decode()
        if resp.status != 200:
            raise RuntimeError("read %d: %s" % (resp.status, body[:200]))
        for text in split_envelope_objects(body):
            texts[json.loads(text)["id"]] = text
        page = json.loads(body)
        if not page.get("more"):
            return texts
        nxt = page["next"]


def verify(args):
    conn = http.client.HTTPConnection(args.host, args.port, timeout=120)
    stored = read_all(conn, args.token, args.collection)
    lost = changed = total = 0
    with open(args.acked) as f:
        for line in f:
            if not line.strip():
                continue
            total += 1
            rec = json.loads(line)
            got = stored.get(rec["id"])
            if got is None:
                lost += 1
            elif got != rec["text"]:
                changed += 1
    print("verify: %d acknowledged, %d stored, %d lost, %d changed" % (total, len(stored), lost, changed))
    return 0 if lost == 0 and changed == 0 else 1


def proc_stats(pid):
    with open("/proc/%d/status" % pid) as f:
        st = dict(line.split(":", 1) for line in f if ":" in line)
    rss_kib = int(st["VmRSS"].split()[0])
    threads = int(st["Threads"].strip())
    fds = len(os.listdir("/proc/%d/fd" % pid))
    return rss_kib, fds, threads


def soak(args):
    deadline = time.time() + args.seconds
    lock = threading.Lock()
    lat = {"ingest": [], "page": [], "single": [], "lookup": []}
    failures = []
    known_ids = []
    path = "/qccm/collections/%s/" % args.collection

    # The first two thirds mix ingest with reads; the last third reads only. Ingest adds new
    # objects, and the node's correlation index and matcher hold every distinct observable in
    # memory, so RSS grows with the data by design (reported per object below). A leak shows
    # as growth while the data stays the same: that is what the last third checks.
    steady_from = time.time() + args.seconds * 2 / 3

    def worker(seed):
        rnd = random.Random(seed)
        conn = http.client.HTTPConnection(args.host, args.port, timeout=60)
        n = seed * 10_000_000
        while time.time() < deadline:
            weights = [2, 3, 3, 2] if time.time() < steady_from else [0, 3, 3, 2]
            kind = rnd.choices(["ingest", "page", "single", "lookup"], weights)[0]
            if kind == "ingest":
                objs = [indicator(n + i, "soak") for i in range(50)]
                n += 50
                method, target, body, ok = "POST", path + "objects/", '{"objects":[' + ",".join(t for _, t in objs) + "]}", 202
            elif kind == "page":
                method, target, body, ok = "GET", path + "objects/?limit=200&added_after=2020-01-01T00:00:00Z", None, 200
            else:
                with lock:
                    oid = rnd.choice(known_ids) if known_ids else None
                if oid is None:
                    continue
                if kind == "single":
                    method, target, body, ok = "GET", path + "objects/%s/" % oid, None, 200
                else:
                    method, target, body, ok = "GET", path + "manifest/?match[id]=%s" % oid, None, 200
            t0 = time.perf_counter()
            try:
                conn.request(method, target, body=body, headers=headers(args.token, body is not None))
                resp = conn.getresponse()
                data = resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as e:
                status, data = -1, str(e).encode()
                conn = http.client.HTTPConnection(args.host, args.port, timeout=60)
            dt = time.perf_counter() - t0
            with lock:
                lat[kind].append(dt)
                if status != ok:
                    failures.append("%s %s -> %d %s" % (method, target[:80], status, data[:120]))
                elif kind == "ingest":
                    known_ids.extend(o for o, _ in objs)
                    del known_ids[:-20000]

    threads = [threading.Thread(target=worker, args=(i + 1,)) for i in range(args.clients)]
    start = time.time()
    for t in threads:
        t.start()
    samples = []
    while time.time() < deadline:
        time.sleep(min(args.sample, max(0.0, deadline - time.time())))
        with lock:
            done = sum(len(v) for v in lat.values())
        rss, fds, nthreads = proc_stats(args.pid)
        samples.append((time.time() - start, rss, fds, nthreads, done))
        print("soak: t=%5.0fs rss=%6.1f MiB fds=%d threads=%d requests=%d" % (
            samples[-1][0], rss / 1024, fds, nthreads, done), flush=True)
    for t in threads:
        t.join()
    elapsed = time.time() - start
    total = sum(len(v) for v in lat.values())
    print("soak: %d requests in %.0f s = %.0f req/s, %d failed" % (total, elapsed, total / elapsed, len(failures)))
    for kind, v in lat.items():
        if v:
            v.sort()
            print("soak: %-6s n=%6d p50=%6.1f ms p99=%6.1f ms max=%6.1f ms" % (
                kind, len(v), 1000 * v[len(v) // 2], 1000 * v[min(len(v) - 1, int(len(v) * 0.99))], 1000 * v[-1]))
    all_lat = sorted(x for v in lat.values() for x in v)
    if all_lat:
        print("soak: all    p99=%.1f ms" % (1000 * all_lat[min(len(all_lat) - 1, int(len(all_lat) * 0.99))]))
    for f in failures[:10]:
        print("soak: FAILED " + f)
    # RSS levels off: growth over the read-only last third is under 10% of the RSS there (and
    # 32 MiB). The mixed part's growth is reported per object ingested.
    ok = not failures
    ingested = len(lat["ingest"]) * 50
    if len(samples) >= 6 and ingested:
        mixed = samples[:len(samples) * 2 // 3]
        print("soak: RSS growth while ingesting: %.1f MiB for %d objects = %.0f bytes per object" % (
            (mixed[-1][1] - samples[0][1]) / 1024, ingested,
            (mixed[-1][1] - samples[0][1]) * 1024 / ingested))
    if len(samples) >= 6:
        third = samples[len(samples) * 2 // 3 + 1:]
        growth = third[-1][1] - third[0][1]
        print("soak: RSS growth over the read-only last third: %.1f MiB" % (growth / 1024))
        if growth > max(0.10 * third[0][1], 32 * 1024):
            print("soak: RSS did not level off")
            ok = False
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["ingest", "verify", "soak"])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    # The token comes from the environment, never the command line (process lists show it).
    p.add_argument("--token", default=os.environ.get("QCCM_TOKEN", ""))
    p.add_argument("--collection", required=True)
    p.add_argument("--acked", default="acked.jsonl")
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--sample", type=float, default=5)
    p.add_argument("--pid", type=int, default=0)
    args = p.parse_args()
    if not args.token:
        sys.exit("set QCCM_TOKEN")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("loopback only")
    sys.exit({"ingest": ingest, "verify": verify, "soak": soak}[args.mode](args))


if __name__ == "__main__":
    main()
