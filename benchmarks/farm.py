"""Portal-farm benchmark: a first (full) crawl vs a no-change nightly run vs a nightly run with a few new articles.

Serves --hosts generated portals (benchmarks/portals.py) on loopback addresses 127.0.x.y with artificial latency,
runs the real `qpdp crawl` in a subprocess against a fresh archive, and counts requests at the servers.
The baseline is the first run: a crawl without state, i.e. exactly what a naive full recrawl requests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.portals import ROOT, GeneratedFarm


def crawl(config: Path, db: Path) -> tuple[float, int]:
    """Run `qpdp crawl`; return (wall seconds, exit code)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
    return time.perf_counter() - started, done.returncode


def articles(db: Path) -> set[str]:
    """Article URLs in the archive."""
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT url FROM articles")}
    finally:
        conn.close()


def measure(farm: GeneratedFarm, name: str, config: Path, db: Path) -> dict[str, Any]:
    """One crawl with its server-side request counts."""
    requests, article_hits, before = farm.requests(), farm.article_hits(), articles(db) if db.exists() else set()
    wall, code = crawl(config, db)
    after = articles(db)
    made = farm.requests() - requests
    return {"run": name, "wall_s": round(wall, 2), "requests": made, "article_requests": farm.article_hits() - article_hits,
            "pages_per_s": round(made / wall, 1), "new_articles": len(after - before), "exit": code}


def run(hosts: int, per_host: int, latency: float, new: int, concurrency: int, seed: int = 1) -> dict[str, Any]:
    """The three runs; returns the rows and the farm's size."""
    farm = GeneratedFarm(hosts, per_host, latency=latency, third_octet=120)
    try:
        with tempfile.TemporaryDirectory(prefix="qpdp-farm-") as tmp:
            config = farm.write_config(Path(tmp) / "farm.yaml", CONCURRENT_REQUESTS=concurrency,
                                       CONCURRENT_REQUESTS_PER_DOMAIN=2, LOG_LEVEL="WARNING", QPDP_PROGRESS="off")
            db = Path(tmp) / "farm.db"
            rows = [measure(farm, "first run (full crawl)", config, db), measure(farm, "nightly, no change", config, db)]
            changed = random.Random(seed).sample(farm.portals, min(new, hosts))
            added = {p.url.rstrip("/") + p.site.add_article() for p in changed}
            rows.append(measure(farm, f"nightly, {len(added)} new articles", config, db))
            rows[-1]["found_all_new"] = added <= articles(db)
            return {"hosts": hosts, "articles_per_host": per_host, "pages": farm.pages(), "latency_s": latency, "rows": rows}
    finally:
        farm.close()


def table(result: dict[str, Any]) -> str:
    """The results as a plain-text table; ratios against the first (full) crawl."""
    base = result["rows"][0]
    head = f"{'run':<28} {'wall s':>8} {'requests':>9} {'article req':>11} {'pages/s':>8} {'new':>6} {'req vs full':>11} {'time vs full':>12}"
    lines = [f"farm: {result['hosts']} hosts x {result['articles_per_host']} articles = {result['pages']} pages, "
             f"latency {result['latency_s'] * 1000:.0f} ms per response", head, "-" * len(head)]
    for row in result["rows"]:
        lines.append(f"{row['run']:<28} {row['wall_s']:>8.1f} {row['requests']:>9} {row['article_requests']:>11} "
                     f"{row['pages_per_s']:>8.1f} {row['new_articles']:>6} {row['requests'] / base['requests']:>10.1%} "
                     f"{row['wall_s'] / base['wall_s']:>11.1%}")
    last = result["rows"][-1]
    lines.append(f"new articles all picked up: {'yes' if last.get('found_all_new') else 'NO'}; "
                 f"target: nightly requests <= 5% of the full crawl -> "
                 f"{'met' if result['rows'][1]['requests'] <= 0.05 * base['requests'] else 'NOT met'}")
    return "\n".join(lines)


def main() -> None:
    """Command line: sizes are options so a quick run is possible."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=50, help="generated portals (default 50)")
    parser.add_argument("--articles", type=int, default=150, help="articles per portal (default 150)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every response (default 0.05)")
    parser.add_argument("--new", type=int, default=5, help="portals that publish one new article before the last run")
    parser.add_argument("--concurrency", type=int, default=32, help="CONCURRENT_REQUESTS (default 32)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    result = run(args.hosts, args.articles, args.latency, args.new, args.concurrency)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
