"""Crawl recall per fixture portal: each defense story reachable from the start URL archived, nothing else.

Serves every fixture portal of the test suite on loopback (the six sample portals and the faulty one, the
syndication portals, the new-shapes portals), runs the real `qpdp crawl` of this checkout (and, with --base DIR,
of another checkout, on the same portals in the same run) and prints, per portal: the defense stories archived
at their canonical address with their title and date, and the listing, login and status pages archived (must be 0).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.farm import crawl
from benchmarks.portals import ROOT
from tests.farm import Farm
from tests.shapes import ShapesFarm
from tests.syndication import COPY, GNQ, KHAM, SYNDICATED, YENTHE, SyndicationFarm

MANIFEST = json.loads((ROOT / "demo" / "portals" / "_manifest.json").read_text(encoding="utf-8"))


def _expected(farm: Any) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Per portal, the defense stories {url, title, published}; and the pages that must never be archived."""
    if isinstance(farm, ShapesFarm):
        return farm.expected(), farm.non_articles()
    if isinstance(farm, SyndicationFarm):
        stories = {"lucnam": [GNQ, KHAM], "yenthe": [YENTHE], "bacgiang": [SYNDICATED], "phonxuong": [COPY]}
        return {pid: [{"url": farm.url(pid, path)} for path in paths] for pid, paths in stories.items()}, \
            [farm.url(pid) for pid in stories]
    found = {pid: [{**a, "url": farm.url(pid).rstrip("/") + a["path"]} for a in portal["articles"] if a["defense"]]
             for pid, portal in MANIFEST.items()}
    found["faulty"] = [{"url": farm.url("faulty").rstrip("/") + "/tin/dan-quan-ra-quan-huan-luyen-12350"}]
    listings = [farm.url(pid).rstrip("/") + path for pid, portal in MANIFEST.items() for path in ["/", *portal["listings"]]]
    return found, listings


def measure(farm: Any, db: Path, code: Path) -> dict[str, dict[str, int]]:
    """Crawl *farm* into *db* with the checkout at *code*; per portal: stories found, reachable, non-articles archived."""
    wall, exit_code = crawl(farm.write_config(db.with_suffix(".yaml")), db, code)
    if exit_code not in (0, 3):
        raise SystemExit(f"crawl of {type(farm).__name__} exited {exit_code}")
    stories, never = _expected(farm)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        def article(url: str) -> sqlite3.Row | None:
            return conn.execute("SELECT a.* FROM articles a JOIN sightings s ON s.article_id = a.id WHERE s.url = ?"
                                " UNION SELECT * FROM articles WHERE url = ?", (url, url)).fetchone()
        result = {}
        for pid, expected in stories.items():
            hits = 0
            for story in expected:
                row = article(story["url"])
                hits += bool(row and (story.get("title") is None or (row["title"] == story["title"]
                             and (row["published"] or "")[:10] == story["published"][:10])))
            wrong = sum(1 for url in never if url.startswith(farm.url(pid).rstrip("/") + "/") and article(url))
            result[pid] = {"archived": hits, "reachable": len(expected), "non_articles_archived": wrong}
        return result
    finally:
        conn.close()


def run(base: Path | None) -> dict[str, dict[str, dict[str, int]]]:
    """Recall of this checkout (and of --base) on every fixture farm."""
    results: dict[str, dict[str, dict[str, int]]] = {}
    farms = [("sample", Farm(host_base=161)), ("syndication", SyndicationFarm(host_base=171)), ("shapes", ShapesFarm(181))]
    try:
        with tempfile.TemporaryDirectory(prefix="qpdp-recall-") as tmp:
            for label, code in [("this checkout", ROOT), *([("base", base)] if base else [])]:
                results[label] = {}
                for name, farm in farms:
                    results[label].update(measure(farm, Path(tmp) / f"{label.replace(' ', '-')}-{name}.db", code))
    finally:
        for _, farm in farms:
            farm.close()
    return results


def table(results: dict[str, dict[str, dict[str, int]]]) -> str:
    """Recall per portal, one column pair per checkout."""
    labels = list(results)
    head = f"{'portal':<12}" + "".join(f" {label + ' recall':>24} {'non-articles':>12}" for label in labels)
    lines = [head, "-" * len(head)]
    for pid in results[labels[0]]:
        cells = ""
        for label in labels:
            r = results[label][pid]
            cells += f" {r['archived']:>8}/{r['reachable']:<3} {r['archived'] / max(1, r['reachable']):>10.0%} {r['non_articles_archived']:>12}"
        lines.append(f"{pid:<12}{cells}")
    for label in labels:
        total = sum(r["archived"] for r in results[label].values()), sum(r["reachable"] for r in results[label].values())
        lines.append(f"{label}: {total[0]}/{total[1]} defense stories archived ({total[0] / total[1]:.1%})")
    return "\n".join(lines)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="a checkout of other code, measured on the same portals")
    args = parser.parse_args()
    print(table(run(args.base)))


if __name__ == "__main__":
    main()
