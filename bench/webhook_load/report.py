#!/usr/bin/env python3
"""Report of the webhook load benchmark (run.sh calls it with its scratch directory).

Prints the side-by-side table, the details that explain it, and the durability check:
every request the gateway acknowledged (200) during the warm-up and the run must be a
row of inbound_events. Two checks:
  by count   rows in inbound_events >= acknowledged requests;
  by id      each mid that wrk sent is looked up under the same keyed hash the gateway
             stores (HMAC-SHA256(pseudonym key, "dedupe:messenger:" + mid)); at most the
             unacknowledged ones (in flight when wrk stopped) may be missing.
Exit status: 0 all acknowledged messages found, 1 some missing, 3 the bodies ran out
(the gateway saw repeated mids, so the check cannot hold).
"""
import hashlib
import hmac
import re
import sqlite3
import statistics
import sys
from pathlib import Path


def read_kv(path):
    out = {}
    p = Path(path)
    if not p.exists():
        return out
    for line in p.read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def child_cpu_seconds(times_path):
    # bash `times`: line 1 the shell's user/sys, line 2 its children's (here: wrk).
    p = Path(times_path)
    if not p.exists():
        return None
    lines = p.read_text().splitlines()
    if len(lines) < 2:
        return None
    total = 0.0
    for m in re.finditer(r"(\d+)m([\d.]+)s", lines[1]):
        total += int(m.group(1)) * 60 + float(m.group(2))
    return total


def sent_lines(result):
    """Line numbers of bodies.txt that one wrk run's request() calls took."""
    lines = []
    for k, v in result.items():
        if k.startswith("thread_"):
            first, stride, count = (int(x) for x in v.split(","))
            lines.extend(range(first, first + stride * count, stride))
    return lines


def mids_of(bodies_path, wanted):
    wanted = set(wanted)
    mids = {}
    with open(bodies_path, "rb") as f:
        for i, line in enumerate(f):
            if i in wanted:
                at = line.index(b'"mid":"') + 7
                mids[i] = line[at:line.index(b'"', at)].decode()
    return mids


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q / 100 * len(values)))]


def main():
    work = Path(sys.argv[1])
    env = read_kv(work / "run.env")
    gw_warm = read_kv(work / "gateway-warmup.result")
    gw = read_kv(work / "gateway.result")
    ng = read_kv(work / "nginx.result")
    refused = read_kv(work / "refusing.result")

    def f(d, k):
        return float(d.get(k, "nan"))

    gw_rss = int(env.get("gateway_hwm_kib", 0)) / 1024
    ng_rss = int(env.get("nginx_hwm_kib", 0)) / 1024
    ng_worker_rss = int(env.get("nginx_worker_hwm_kib", 0)) / 1024
    ratio = f(gw, "rps") / f(ng, "rps") if f(ng, "rps") > 0 else float("nan")

    print()
    print(f"webhook load: POST /webhooks/messenger, {env.get('connections')} connections, "
          f"{env.get('duration')} after a {env.get('warmup')} warm-up, wrk -t{env.get('threads')} on core "
          f"{env.get('client_cpu')}, server on core {env.get('server_cpu')}")
    print()
    print(f"{'target':<10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'p99.9 ms':>10}{'peak RSS MiB':>14}")
    for name, r, rss in (("gateway", gw, gw_rss), ("nginx", ng, ng_rss)):
        print(f"{name:<10}{f(r, 'rps'):>10.1f}{f(r, 'p50_ms'):>9.2f}{f(r, 'p99_ms'):>9.2f}"
              f"{f(r, 'p999_ms'):>10.2f}{rss:>14.1f}")
    print(f"ratio (gateway/nginx req/s): {ratio:.2f}   goal >= 0.30 ; p99 goal <= 50 ms")
    if refused:
        print(f"the gateway refusing the same POSTs at the signature check (401, nothing stored): "
              f"{f(refused, 'rps'):.1f} req/s, p99 {f(refused, 'p99_ms'):.2f} ms, "
              f"ratio {f(refused, 'rps') / f(ng, 'rps'):.2f} (its HTTP and TLS stack alone)")

    # --- durability check -------------------------------------------------------------
    acked = sum(int(r.get("acknowledged", 0)) for r in (gw_warm, gw))
    conn = sqlite3.connect(f"file:{work / 'data' / 'tipline.db'}?mode=ro", uri=True)
    rows = conn.execute("SELECT count(*) FROM inbound_events").fetchone()[0]
    messages = conn.execute("SELECT count(*) FROM tip_messages").fetchone()[0]
    tips = conn.execute("SELECT count(*) FROM tips").fetchone()[0]
    outbox = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    lost_by_count = max(0, acked - rows)

    wrapped = gw_warm.get("wrapped") == "1" or gw.get("wrapped") == "1"
    sent = sent_lines(gw_warm) + sent_lines(gw)
    key = bytes.fromhex((work / "data" / "keys" / "pseudonym.key").read_text().strip())
    hashes = {r[0] for r in conn.execute("SELECT dedupe_hash FROM inbound_events")}
    conn.close()
    distinct_sent = sorted(set(sent))
    mids = mids_of(work / "bodies.txt", [i % int(env.get("bodies", 1)) for i in distinct_sent])
    present = 0
    for i in distinct_sent:
        mid = mids.get(i % int(env.get("bodies", 1)))
        h = hmac.new(key, ("dedupe:messenger:" + mid).encode(), hashlib.sha256).digest()
        present += h in hashes
    unacked = len(sent) - acked
    missing = len(distinct_sent) - present
    keyed_usable = present > 0 or rows == 0
    lost_by_id = max(0, missing - unacked) if keyed_usable else 0
    lost = max(lost_by_count, lost_by_id)
    print(f"acknowledged: {acked}   in database: {rows}   lost: "
          f"{'n/a (bodies ran out, see below)' if wrapped else lost}")

    # --- details --------------------------------------------------------------------------
    print()
    print("details")
    print(f"  database: inbound_events {rows}, tip_messages {messages}, tips {tips}, outbox {outbox}"
          f" (warm-up + run; closing words add an event but no message)")
    if keyed_usable:
        print(f"  by message id: wrk took {len(sent)} bodies, {present} of their mids are in the database, "
              f"{missing} not; {max(unacked, 0)} requests were unacknowledged (in flight at wrk's stop or "
              f"answered with an error), so lost >= {lost_by_id}")
    else:
        print("  by message id: no sent mid found under the expected keyed hash (has the dedupe key "
              "derivation changed?); only the count check applies")
    for name, r in (("gateway warm-up", gw_warm), ("gateway", gw), ("nginx", ng)):
        errs = {k[7:]: r.get(k, "0") for k in ("errors_connect", "errors_read", "errors_write", "errors_timeout")}
        bad = ", ".join(f"{k} {v}" for k, v in errs.items() if v != "0")
        print(f"  {name}: {r.get('requests')} responses in {f(r, 'duration_s'):.1f}s, non-2xx/3xx "
              f"{r.get('non2xx')}, socket errors: {bad or 'none'}, max {f(r, 'max_ms'):.1f} ms")
    noisy = []
    for name, label in (("gateway", "gateway"), ("refusing", "gateway (refusing)"), ("nginx", "nginx (master+worker)")):
        cpu = read_kv(work / f"{name}.cpu")
        if not cpu:
            continue
        wall = int(cpu["wall_ns"]) / 1e9
        tck = int(cpu["clk_tck"])
        server = int(cpu["server_ticks"]) / tck / wall * 100
        score = int(cpu["server_core_ticks"]) / tck / wall * 100
        ccore = int(cpu["client_core_ticks"]) / tck / wall * 100
        wrk_cpu = child_cpu_seconds(work / f"{name}.times")
        wrk_pct = wrk_cpu / wall * 100 if wrk_cpu is not None else float("nan")
        print(f"  cpu during the {name} run: {label} {server:.0f}% of a core; core {env.get('server_cpu')} "
              f"busy {score:.0f}%, core {env.get('client_cpu')} busy {ccore:.0f}% of which wrk {wrk_pct:.0f}%")
        others = (score - server) + (ccore - (wrk_pct if wrk_pct == wrk_pct else 0))
        if others > 10:
            noisy.append(f"{name} ({others:.0f}% of a core)")
    print(f"  peak RSS (VmHWM): gateway {gw_rss:.1f} MiB ({env.get('gateway_threads')} threads); nginx master+worker "
          f"{ng_rss:.1f} MiB, worker alone {ng_worker_rss:.1f} MiB")
    print(f"  tls: gateway {env.get('tls_gateway') or '?'}; nginx {env.get('tls_nginx') or '?'}; "
          f"same P-256 certificate")
    print(f"  gateway config server: {env.get('gateway_config')}; exit status after SIGTERM "
          f"{env.get('gateway_exit')}")
    print(f"  machine: {env.get('nproc')} cores, load average {env.get('loadavg')} at the end, "
          f"data on {env.get('filesystem')}; {env.get('bodies')} bodies from {env.get('senders')} senders")

    # The gateway's own view of the run: statuses and handler times from its log lines.
    log_path = work / "gateway.log"
    if log_path.exists():
        mark = int((work / "gateway.log.mark").read_text().strip() or 0) if (work / "gateway.log.mark").exists() else 0
        statuses, times, events, retries = {}, [], {}, 0
        with open(log_path, errors="replace") as lf:
            for n, line in enumerate(lf):
                parts = line.split()
                if len(parts) < 3:
                    continue
                level, event = parts[1], parts[2]
                if level != "info" or event in ("request_refused", "request_timeout"):
                    events[f"{level} {event}"] = events.get(f"{level} {event}", 0) + 1
                if n < mark:
                    continue
                if event == "outbox.retry":
                    retries += 1
                if event != "request" or " route=/webhooks/messenger " not in line:
                    continue
                m = re.search(r" status=(\d+) ms=([\d.]+)", line)
                if m:
                    statuses[m.group(1)] = statuses.get(m.group(1), 0) + 1
                    times.append(float(m.group(2)))
        if times:
            print(f"  gateway log, run only: statuses {dict(sorted(statuses.items()))}; time in the handler "
                  f"(log ms) p50 {pct(times, 50):.2f}, p99 {pct(times, 99):.2f}, mean {statistics.fmean(times):.2f}")
        m0, m1 = read_kv(work / "gateway.metrics0"), read_kv(work / "gateway.metrics1")
        jobs = int(m1.get("tipline_store_write_jobs_total", 0)) - int(m0.get("tipline_store_write_jobs_total", 0))
        commits = int(m1.get("tipline_store_commits_total", 0)) - int(m0.get("tipline_store_commits_total", 0))
        if commits > 0:
            print(f"  gateway store during the run: {jobs} write jobs in {commits} commits ({jobs / commits:.2f} "
                  f"per commit, one fsync each); {retries} outbox.retry lines (replies to the closed Graph "
                  f"port, each rescheduled by a write job)")
        waiting = int(m1.get("tipline_store_deliveries_waiting", 0))
        drain_s = int(env.get("gateway_drain_ns", 0)) / 1e9
        left = read_kv(work / "gateway.metrics2").get("tipline_store_deliveries_waiting", "?")
        print(f"  filing after the 200: {waiting} acknowledged deliveries waiting when the run ended; "
              f"{'all filed' if left == '0' else f'{left} still waiting'} {drain_s:.1f} s later"
              + (f" (about {waiting / drain_s:.0f} deliveries/s, with no requests coming in and the "
                 f"acknowledgements being tried meanwhile)"
                 if waiting and drain_s > 0 and left == "0" else ""))
        if events:
            top = sorted(events.items(), key=lambda kv: -kv[1])[:8]
            print("  gateway log, warnings/errors (whole run): " + ", ".join(f"{k} x{v}" for k, v in top))

    p99_ok = f(gw, "p99_ms") <= 50
    if noisy:
        print(f"  WARNING: other processes used the two cores during the {' and '.join(noisy)} run: "
              f"these figures are not clean; rerun on an idle machine")
    print()
    print(f"goals: ratio {ratio:.2f} {'>=' if ratio >= 0.30 else '<'} 0.30 "
          f"({'met' if ratio >= 0.30 else 'NOT met'}); gateway p99 {f(gw, 'p99_ms'):.1f} ms "
          f"({'met' if p99_ok else 'NOT met'}); " + ("lost n/a" if wrapped else
          f"lost {lost} ({'met' if lost == 0 else 'NOT met'})"))

    if wrapped:
        print(f"error: the gateway's warm-up and run needed more than BODIES={env.get('bodies')} bodies, so "
              f"some mids were sent twice and deduplicated; rerun with BODIES >= {int(len(sent) * 1.5)}")
        return 3
    if lost:
        print(f"error: {lost} acknowledged message(s) are not in the database")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
