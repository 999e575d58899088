"""Probe benchmark: `qpdp sources probe --catalog` over --hosts generated loopback portals with artificial latency.

The portals (benchmarks/portals.py: home, categories, articles, RSS, sitemap, robots.txt) run in a child process
on 127.0.x.y addresses, each answer delayed by --latency; the real command runs in another process, so the
servers and the probe do not share an interpreter. Each run prints wall time, requests served, verdicts and the
ratio to a sequential probe (every request's latency and politeness delay paid one after the other).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from benchmarks.portals import ROOT, GeneratedFarm

BUDGET = 120.0  # seconds: the acceptance bound for 500 hosts at 100 ms


def _serve(hosts: int, latency: float, conn: Connection) -> None:
    """Child process: serve the farm, send its URLs, report the request count on demand, stop on 'stop'."""
    farm = GeneratedFarm(hosts, articles=12, latency=latency, third_octet=150, prefix="probe")
    conn.send([p.url for p in farm.portals])
    while (message := conn.recv()) != "stop":
        conn.send(farm.requests() if message == "requests" else None)
    farm.close()


def _catalog(urls: list[str], path: Path) -> Path:
    rows = [{"id": f"probe-{i}", "name": f"Phường thử {i}", "level": "ward", "province": "Đà Nẵng", "start_urls": [u],
             "evidence": "seen", "verified": False} for i, u in enumerate(urls)]
    path.write_text("sources:\n" + "".join(f"  - {json.dumps(r, ensure_ascii=False)}\n" for r in rows), encoding="utf-8")
    return path


def run(conn: Connection, catalog: Path, workers: int, delay: float, limit: int, latency: float) -> dict[str, Any]:
    """One probe run over the whole catalog; its figures."""
    conn.send("requests")
    before = conn.recv()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "archive.cli", "sources", "probe", "--catalog", str(catalog), "--json",
           "--workers", str(workers), "--delay", str(delay), "--limit", str(limit), "--timeout", "30"]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(done.returncode)
    findings = json.loads(done.stdout)
    conn.send("requests")
    served = conn.recv() - before
    sequential = served * latency + sum(max(f["requests"] - 1, 0) for f in findings) * delay
    return {"workers": workers, "delay": delay, "limit": limit, "hosts": len(findings), "wall": wall, "requests": served,
            "verdicts": dict(Counter(f["verdict"] for f in findings)), "sequential": sequential,
            "articles": sum(s["outcome"] == "article" for f in findings for s in f["samples"])}


def main() -> None:
    """Serve the farm, run the probe with each --workers/--delay setting, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every answer")
    parser.add_argument("--runs", default="64:1.0,128:1.0,64:0", metavar="W:D,…",
                        help="workers:delay settings to run (default: the command's defaults, more workers, no delay)")
    parser.add_argument("--limit", type=int, default=3, help="sample articles per host")
    args = parser.parse_args()
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(args.hosts, args.latency, child), daemon=True)
    server.start()
    urls = parent.recv()
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            catalog = _catalog(urls, Path(tmp) / "bench.yaml")
            for spec in args.runs.split(","):
                workers, delay = spec.split(":")
                results.append(run(parent, catalog, int(workers), float(delay), args.limit, args.latency))
    finally:
        parent.send("stop")
        server.join(10)
    print(f"\nProbe benchmark: {args.hosts} loopback hosts, {args.latency * 1000:.0f} ms latency per answer, "
          f"up to {args.limit} sample articles per host, machine cores: {os.cpu_count()}\n")
    print("| workers | delay s | wall s | requests | req/s | articles | verdicts | sequential s | speed-up | budget |")
    print("|---:|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for r in results:
        verdicts = ", ".join(f"{n} {v}" for v, n in sorted(r["verdicts"].items()))
        ok = "PASS" if r["wall"] < BUDGET else "FAIL"
        print(f"| {r['workers']} | {r['delay']:g} | {r['wall']:.1f} | {r['requests']} | {r['requests'] / r['wall']:.0f} | "
              f"{r['articles']} | {verdicts} | {r['sequential']:.0f} | {r['sequential'] / r['wall']:.0f}× | {ok} (< {BUDGET:.0f} s) |")


if __name__ == "__main__":
    main()
