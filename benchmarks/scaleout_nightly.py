"""Nightly benchmark of a distributed crawl: requests of a no-change night as a share of the first run, for one
process and for N workers through Redis (same generated portals with ETag/304, measured in the same run).

Each mode gets its own archive and two runs: a first crawl, then a nightly crawl over unchanged portals. The
distributed runs are real processes: `qpdp ingest --once`, N `qpdp worker` and `qpdp crawl --redis --seed-only`.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.portals import GeneratedFarm
from benchmarks.scaleout import finish, start_roles
from tests.redisd import RedisServer


def crawl(farm: GeneratedFarm, tmp: Path, name: str, db: Path, workers: int, redis: RedisServer | None) -> dict[str, Any]:
    """One run: requests, article downloads and 304s the servers saw, wall time, rows added."""
    config = farm.write_config(tmp / f"{name}.yaml", LOG_LEVEL="WARNING", QPDP_REDIS_PREFIX=name)
    requests, articles = farm.requests(), farm.article_hits()
    rows = _articles(db)
    started = time.monotonic()
    finish(start_roles(tmp, name, config, db, workers, redis), tmp)
    with sqlite3.connect(db) as conn:
        not_modified = conn.execute("SELECT not_modified FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    return {"requests": farm.requests() - requests, "articles": farm.article_hits() - articles, "not_modified": not_modified,
            "wall": time.monotonic() - started, "new_rows": _articles(db) - rows}


def _articles(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 if a distributed night downloaded a known article or added rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=8, help="generated portals (default 8)")
    parser.add_argument("--articles", type=int, default=60, help="articles per portal (default 60)")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds every response takes (default 0.02)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the distributed crawl (default 2)")
    args = parser.parse_args(argv)

    farm = GeneratedFarm(args.hosts, args.articles, latency=args.latency, third_octet=140)
    redis = RedisServer()
    rows: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="qpdp-nightly-scaleout-") as tmp:
            for label, workers, server in (("single process", 0, None), (f"{args.workers} workers", args.workers, redis)):
                db = Path(tmp) / f"w{workers}.db"
                first = crawl(farm, Path(tmp), f"w{workers}a", db, workers, server)
                night = crawl(farm, Path(tmp), f"w{workers}b", db, workers, server)
                rows.append((label, first, night))
    finally:
        redis.stop()
        farm.close()

    print(f"farm: {args.hosts} generated portals x {args.articles} articles, {args.latency * 1000:.0f} ms per response")
    print(f"{'crawl':<16}{'first req':>10}{'night req':>10}{'night/first':>12}{'304s':>6}{'articles':>9}{'new rows':>9}"
          f"{'first s':>8}{'night s':>8}")
    for label, first, night in rows:
        print(f"{label:<16}{first['requests']:>10}{night['requests']:>10}{night['requests'] / first['requests']:>12.1%}"
              f"{night['not_modified']:>6}{night['articles']:>9}{night['new_rows']:>9}{first['wall']:>8.1f}{night['wall']:>8.1f}")
    print("night: a second run over unchanged portals; articles: article pages it downloaded; 304s: its not-modified fetches")
    return 0 if all(night["articles"] == 0 and night["new_rows"] == 0 for _, _, night in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
