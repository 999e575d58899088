"""Portal-farm benchmark: a first (full) crawl vs a no-change nightly run vs a nightly run with a few new articles.

Serves --hosts generated portals (benchmarks/portals.py) on loopback addresses 127.0.x.y with artificial latency,
runs the real `qpdp crawl` in a subprocess against a fresh archive, and counts requests at the servers.
The baseline is the first run: a crawl without state, i.e. exactly what a naive full recrawl requests. With --base DIR,
a checkout of other code (say, `git worktree add /tmp/base <commit>`) makes its own full crawl of the same farm first,
for a throughput ratio measured in the same run. Every run reports the CPU time its extractor spent (the crawl's
`qpdp/extract_cpu_ms_*` stats): on article pages and on the listing and home pages it judges too.

With --workers 0,1,2 it measures throughput instead: realistic pages (30-80 KB, a --sidebar of links to other
stories, distinct texts), a bare Scrapy spider (benchmarks/bare.py) and then one full `qpdp crawl` per
QPDP_EXTRACT_WORKERS value, all against the same farm in this invocation; pages/s, ratio to the bare spider, CPU
seconds and peak memory of the whole process tree (PSS: the crawl and its extraction workers, shared pages counted
once; with --marks, also the peak until the farm had answered so many requests), and whether every worker count
built the same archive.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from collections.abc import Callable
from typing import Any

from benchmarks.portals import ROOT, GeneratedFarm


def crawl(config: Path, db: Path, code: Path = ROOT) -> tuple[float, int]:
    """Run `qpdp crawl` of the checkout at *code*; return (wall seconds, exit code)."""
    return crawl_cpu(config, db, code)[:2]


def crawl_cpu(config: Path, db: Path, code: Path = ROOT) -> tuple[float, int, float]:
    """Run `qpdp crawl` of the checkout at *code*; return (wall seconds, exit code, CPU seconds of the crawl process)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)],
                          cwd=code, env=env, capture_output=True, text=True, check=False)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
    return wall, done.returncode, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def tree_memory(pid: int) -> int:
    """Proportional set size (shared pages split among their users) of a process and its descendants, 0 once gone."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(rollup.split("\nPss:")[1].split()[0]) * 1024 if "\nPss:" in rollup else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def run_sampled(command: list[str], env: dict[str, str], code: Path, served: Callable[[], int] | None = None,
                marks: tuple[int, ...] = ()) -> tuple[float, int, float, int, dict[int, int]]:
    """Run *command*; return (wall s, exit code, CPU s of it and its children, peak memory (PSS) of its process tree,
    and for each of *marks* the peak memory until *served* (requests the farm answered) first reached it)."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, peak, at = time.perf_counter(), 0, {}
    with subprocess.Popen(command, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as proc:
        stderr = tempfile.TemporaryFile("w+")
        reader = threading.Thread(target=lambda: stderr.write(proc.stderr.read() if proc.stderr else ""), daemon=True)
        reader.start()
        while proc.poll() is None:
            peak = max(peak, tree_memory(proc.pid))
            count = served() if served else 0
            at.update({mark: peak for mark in marks if mark not in at and count >= mark})
            time.sleep(0.2)
        reader.join()
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        stderr.seek(0)
        sys.stderr.write(stderr.read()[-3000:])
    return wall, proc.returncode, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, peak, at


def archive_rows(db: Path) -> list[tuple[Any, ...]]:
    """What must not depend on the worker count: article rows and the sha256 of every capture, sorted."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT a.source_id, a.url, a.title, a.published, a.author, a.text, a.topics, c.sha256 "
                            "FROM articles a LEFT JOIN captures c ON c.id = a.capture_id").fetchall()
        return sorted(rows + [("capture", *r) for r in conn.execute("SELECT url, status, sha256 FROM captures")],
                      key=repr)
    finally:
        conn.close()


def throughput(hosts: int, per_host: int, latency: float, concurrency: int, workers: list[int],
               sidebar: int, bare: bool = True, marks: tuple[int, ...] = ()) -> dict[str, Any]:
    """The bare spider, then a full crawl per worker count, on one realistic farm; returns the rows."""
    farm = GeneratedFarm(hosts, per_host, latency=latency, third_octet=120, sidebar=sidebar)
    rows, archives = [], {}
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        with tempfile.TemporaryDirectory(prefix="qpdp-farm-") as tmp:
            config = farm.write_config(Path(tmp) / "farm.yaml", CONCURRENT_REQUESTS=concurrency,
                                       CONCURRENT_REQUESTS_PER_DOMAIN=2, LOG_LEVEL="WARNING", QPDP_PROGRESS="off")
            runs = [("bare Scrapy spider", [sys.executable, "-m", "benchmarks.bare", str(config)], None)] if bare else []
            for n in workers:
                db, own = Path(tmp) / f"w{n}.db", farm.write_config(Path(tmp) / f"w{n}.yaml", CONCURRENT_REQUESTS=concurrency,
                                                                  CONCURRENT_REQUESTS_PER_DOMAIN=2, LOG_LEVEL="WARNING",
                                                                  QPDP_PROGRESS="off", QPDP_EXTRACT_WORKERS=n)
                runs.append((f"qpdp crawl, {n} workers", [sys.executable, "-m", "archive.cli", "crawl", "--config",
                                                         str(own), "--db", str(db)], (n, db)))
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            for name, command, ours in runs:
                before, pages = farm.requests(), farm.article_hits()
                wall, code, cpu, peak, at = run_sampled(command, env, ROOT, lambda: farm.requests() - before, marks)
                made = farm.requests() - before
                row = {"run": name, "wall_s": round(wall, 2), "requests": made, "article_requests": farm.article_hits() - pages,
                       "pages_per_s": round(made / wall, 1), "cpu_s": round(cpu, 1), "peak_rss_mb": round(peak / 2**20),
                       "exit": code, "workers": ours[0] if ours else None,
                       "peak_mb_at": {mark: round(mb / 2**20) for mark, mb in at.items()}}
                if ours:
                    row.update(extraction(ours[1]))
                    archives[ours[0]] = archive_rows(ours[1])
                rows.append(row)
    finally:
        farm.close()
    same = len({repr(a) for a in archives.values()}) == 1 if archives else None
    return {"hosts": hosts, "articles_per_host": per_host, "latency_s": latency, "sidebar": sidebar, "rows": rows,
            "same_archive": same, "pages": farm.pages(), "page_kb": farm.article_kb(), "marks": list(marks), "load": load,
            "articles": len([r for r in next(iter(archives.values()), []) if r[0] != "capture"])}


def throughput_table(result: dict[str, Any]) -> str:
    """The throughput rows as a plain-text table; ratios against the bare spider measured in the same run."""
    rows, marks = result["rows"], result.get("marks", [])
    bare = rows[0] if rows and rows[0]["workers"] is None else None
    head = (f"{'run':<26} {'wall s':>8} {'requests':>9} {'pages/s':>8} {'vs bare':>8} {'CPU s':>7} {'peak mem MB':>11} "
            + "".join(f"{f'MB@{m:,}':>10}" for m in marks) + f" {'extracted':>9} {'extract CPU s':>13}")
    lines = [f"farm: {result['hosts']} hosts x {result['articles_per_host']} articles ({result.get('pages', '?')} pages; "
             f"article pages {result.get('page_kb', '?')} KB with {result['sidebar']} sidebar links), latency "
             f"{result['latency_s'] * 1000:.0f} ms per response; load average {result.get('load', '?')}", head, "-" * len(head)]
    for row in rows:
        ratio = f"{row['pages_per_s'] / bare['pages_per_s']:>7.2f}x" if bare else f"{'-':>8}"
        lines.append(f"{row['run']:<26} {row['wall_s']:>8.1f} {row['requests']:>9} {row['pages_per_s']:>8.1f} "
                     f"{ratio} {row['cpu_s']:>7.1f} {row['peak_rss_mb']:>11} "
                     + "".join(f"{row['peak_mb_at'].get(m, '-'):>10}" for m in marks)
                     + f" {row.get('extracted', '-'):>9} {row.get('extract_cpu_s', '-'):>13}")
    ours = [r for r in rows if r["workers"] is not None]
    if bare and ours:
        best = max(ours, key=lambda r: r["pages_per_s"])
        lines.append(f"best qpdp crawl: {best['pages_per_s'] / bare['pages_per_s']:.2f}x the bare spider "
                     f"({best['workers']} workers); target >= 1.0x: {'met' if best['pages_per_s'] >= bare['pages_per_s'] else 'NOT met'}")
    for row in ours:
        if marks and len(row["peak_mb_at"]) == len(marks):
            first, last = row["peak_mb_at"][marks[0]], row["peak_rss_mb"]
            lines.append(f"{row['run']}: peak memory {first} MB by {marks[0]:,} pages, {last} MB by the end "
                         f"({row['requests']:,}): {last / max(first, 1) - 1:+.1%} (targets: <= 400 MB, <= +10%)")
    lines.append(f"archive ({result['articles']} articles) identical for every worker count: "
                 f"{'yes' if result['same_archive'] else 'NO'}")
    return "\n".join(lines)


def articles(db: Path) -> set[str]:
    """Article URLs in the archive."""
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT url FROM articles")}
    finally:
        conn.close()


def extraction(db: Path) -> dict[str, float]:
    """CPU seconds the last run's extractor spent on article pages and on hub (listing, home) pages, and their counts."""
    conn = sqlite3.connect(db)
    try:
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0] or "{}")
    finally:
        conn.close()
    return {"extract_cpu_s": round(sum(stats.get(f"qpdp/extract_cpu_ms_{k}", 0) for k in ("article", "hub")) / 1000, 2),
            "extract_hub_cpu_s": round(stats.get("qpdp/extract_cpu_ms_hub", 0) / 1000, 2),
            "extracted": stats.get("qpdp/extracted_article", 0) + stats.get("qpdp/extracted_hub", 0),
            "extracted_hubs": stats.get("qpdp/extracted_hub", 0)}


def measure(farm: GeneratedFarm, name: str, config: Path, db: Path, code: Path = ROOT) -> dict[str, Any]:
    """One crawl with its server-side request counts and its extraction CPU time."""
    requests, article_hits, before = farm.requests(), farm.article_hits(), articles(db) if db.exists() else set()
    wall, exit_code, cpu = crawl_cpu(config, db, code)
    after = articles(db)
    made = farm.requests() - requests
    return {"run": name, "wall_s": round(wall, 2), "requests": made, "article_requests": farm.article_hits() - article_hits,
            "pages_per_s": round(made / wall, 1), "cpu_s": round(cpu, 1), "new_articles": len(after - before),
            "exit": exit_code, **extraction(db)}


def run(hosts: int, per_host: int, latency: float, new: int, concurrency: int, seed: int = 1,
        base: Path | None = None) -> dict[str, Any]:
    """The three runs (after the --base checkout's full crawl, if any); returns the rows and the farm's size."""
    farm = GeneratedFarm(hosts, per_host, latency=latency, third_octet=120)
    try:
        with tempfile.TemporaryDirectory(prefix="qpdp-farm-") as tmp:
            config = farm.write_config(Path(tmp) / "farm.yaml", CONCURRENT_REQUESTS=concurrency,
                                       CONCURRENT_REQUESTS_PER_DOMAIN=2, LOG_LEVEL="WARNING", QPDP_PROGRESS="off")
            db = Path(tmp) / "farm.db"
            baseline = [measure(farm, "base: first run (full)", config, Path(tmp) / "base.db", base)] if base else []
            rows = [measure(farm, "first run (full crawl)", config, db), measure(farm, "nightly, no change", config, db)]
            changed = random.Random(seed).sample(farm.portals, min(new, hosts))
            added = {p.url.rstrip("/") + p.site.add_article() for p in changed}
            rows.append(measure(farm, f"nightly, {len(added)} new articles", config, db))
            rows[-1]["found_all_new"] = added <= articles(db)
            return {"hosts": hosts, "articles_per_host": per_host, "pages": farm.pages(), "latency_s": latency, "rows": rows,
                    "base": baseline}
    finally:
        farm.close()


def table(result: dict[str, Any]) -> str:
    """The results as a plain-text table; ratios against the first (full) crawl."""
    base = result["rows"][0]
    head = (f"{'run':<28} {'wall s':>8} {'requests':>9} {'article req':>11} {'pages/s':>8} {'new':>6} {'req vs full':>11} "
            f"{'time vs full':>12} {'CPU s':>7} {'extract CPU s':>13} {'(hubs)':>7}")
    lines = [f"farm: {result['hosts']} hosts x {result['articles_per_host']} articles = {result['pages']} pages, "
             f"latency {result['latency_s'] * 1000:.0f} ms per response", head, "-" * len(head)]
    for row in result.get("base", []) + result["rows"]:
        lines.append(f"{row['run']:<28} {row['wall_s']:>8.1f} {row['requests']:>9} {row['article_requests']:>11} "
                     f"{row['pages_per_s']:>8.1f} {row['new_articles']:>6} {row['requests'] / base['requests']:>10.1%} "
                     f"{row['wall_s'] / base['wall_s']:>11.1%} {row['cpu_s']:>7.1f} {row['extract_cpu_s']:>13.2f} "
                     f"{row['extract_hub_cpu_s']:>7.2f}")
    if base["extracted"]:
        lines.append(f"extraction: {base['extracted']} pages judged in the full crawl ({base['extracted_hubs']} of them hubs), "
                     f"{1000 * base['extract_cpu_s'] / base['extracted']:.1f} ms CPU a page, "
                     f"{base['extract_cpu_s'] / base['wall_s']:.0%} of the crawl's wall time")
    if result.get("base"):
        ratio = base["pages_per_s"] / result["base"][0]["pages_per_s"]
        other = result["base"][0]
        lines.append(f"throughput vs --base: {base['pages_per_s']:.1f} / {other['pages_per_s']:.1f} pages/s = {ratio:.2f}x "
                     f"(target >= 0.8x: {'met' if ratio >= 0.8 else 'NOT met'}); CPU {base['cpu_s']:.0f} s vs {other['cpu_s']:.0f} s "
                     f"= {other['cpu_s'] / max(base['cpu_s'], 0.1):.2f}x the pages per CPU second")
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
    parser.add_argument("--base", type=Path, help="a checkout of other code whose full crawl is measured first, for comparison")
    parser.add_argument("--workers", help="throughput mode: comma-separated QPDP_EXTRACT_WORKERS values, e.g. 0,1,2")
    parser.add_argument("--sidebar", type=int, default=160, help="throughput mode: sidebar links a page (default 160)")
    parser.add_argument("--no-bare", action="store_true", help="throughput mode: skip the bare spider (a memory run)")
    parser.add_argument("--marks", default="", help="throughput mode: also the peak memory until these request counts, "
                                                    "e.g. 10000 (the crawl's growth from there to its end)")
    args = parser.parse_args()
    if args.workers:
        result = throughput(args.hosts, args.articles, args.latency, args.concurrency,
                            [int(n) for n in args.workers.split(",")], args.sidebar, not args.no_bare,
                            tuple(int(n) for n in args.marks.split(",") if n))
        print(throughput_table(result))
    else:
        result = run(args.hosts, args.articles, args.latency, args.new, args.concurrency, base=args.base)
        print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
