"""WACZ export speed: crawl a generated farm of about 1,000 defense articles, then time export, verify-export and
webrecorder's `wacz validate` on sets of 1, 100 and all articles (a table)."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archive import export
from archive.config import PROJECT_ROOT
from archive.store import keys, waczcheck
from archive.store.db import Archive
from benchmarks.portals import GeneratedFarm


def crawl(workdir: Path, hosts: int, articles: int) -> Path:
    """Serve *hosts* generated portals of *articles* stories each and crawl them into a fresh archive."""
    farm = GeneratedFarm(hosts, articles, third_octet=99)
    try:
        config = farm.write_config(workdir / "sources.yaml", LOG_LEVEL="WARNING")
        db = workdir / "archive.db"
        subprocess.run([sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)],
                       check=True, cwd=PROJECT_ROOT, capture_output=True)
    finally:
        farm.close()
    return db


def measure(db: Path, size: int, workdir: Path) -> dict[str, float]:
    """Export the first *size* articles (newest first) as a WACZ, verify it, validate it; seconds and sizes."""
    from wacz.main import main as wacz_main

    archive = Archive(db)
    try:
        records = list(archive.search(None, (), None, None, None))[:size]
        key = keys.load(keys.default_path(db))
        out = workdir / f"set-{size}.wacz"
        started = time.perf_counter()
        with open(out, "w+b") as fh:
            count = export.write_wacz(archive.conn, db.parent, records, fh, key)
        exported = time.perf_counter() - started
    finally:
        archive.close()
    started = time.perf_counter()
    report = waczcheck.check(out, keys.public_b64(key))
    verified = time.perf_counter() - started
    assert report.ok, report.problems
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        assert wacz_main(["validate", "-f", str(out)]) == 0
    validated = time.perf_counter() - started
    return {"articles": count, "records": report.records, "mb": out.stat().st_size / 1e6, "export": exported,
            "verify": verified, "validate": validated}


def main() -> None:
    """Crawl, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=8, help="generated portals (default 8)")
    parser.add_argument("--articles", type=int, default=160, help="stories per portal, 1 in 5 civil (default 160)")
    parser.add_argument("--sizes", default="1,100,1000", help="set sizes to export (default 1,100,1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qpdp-bench-wacz-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        db = crawl(workdir, args.hosts, args.articles)
        print(f"crawled {args.hosts} portals × {args.articles} stories in {time.perf_counter() - started:.0f}s")
        rows = [measure(db, int(size), workdir) for size in args.sizes.split(",")]
    print()
    print("| articles | WARC records | WACZ MB | export s | articles/s | verify-export s | wacz validate s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['articles']:,} | {r['records']:,} | {r['mb']:.1f} | {r['export']:.2f} | {r['articles'] / r['export']:.0f}"
              f" | {r['verify']:.2f} | {r['validate']:.2f} |")


if __name__ == "__main__":
    main()
