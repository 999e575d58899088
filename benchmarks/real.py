"""Real portal pages nobody on this project wrote: score our extractor against bare trafilatura, and crawl a whole
real portal on loopback.

    python -m benchmarks.real [FOLDER ...] [--no-site] [--json FILE]

Pages: every ``<name>.html`` with its ``<name>.json`` gold under ``../shared/real-pages/`` (and any folder given);
see that folder's README for the fields and how a page is scored. Site: ``../shared/real-sites/krongno`` served by
its own ``serve_site.py`` on loopback, crawled by a real ``qpdp crawl`` subprocess into a fresh archive, scored
against ``gold.jsonl`` (reachable defense stories archived, rows that should not be there, titles and dates).
The shared files are read in place, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

import trafilatura

from archive.extract.article import NoArticle, extract
from archive.extract.topics import Taxonomy
from archive.text import nfc

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REAL_PAGES = SHARED / "real-pages"
REAL_SITE = SHARED / "real-sites" / "krongno"
TOPICS = ROOT / "config" / "topics.yaml"
KEY = 40  # characters of text_first / text_last that must occur in the text

# Acceptance floors on the shared real pages (shares of the articles or of the pages without one).
FLOORS = {"verdict_article": 0.95, "title": 0.95, "published": 0.95, "lead": 0.95, "end": 0.95, "no_article": 0.90,
          "defense": 1.0}
MAX_JUNK_SHARE = 0.02


@dataclass(frozen=True)
class RealPage:
    """One saved page and its hand-made gold."""

    name: str
    html: bytes
    gold: dict[str, Any]

    @property
    def is_article(self) -> bool:
        """True when the gold says the page holds an article."""
        return self.gold.get("kind") == "article"


def load_pages(*folders: Path) -> list[RealPage]:
    """Every <name>.html with a <name>.json under *folders* (recursively), sorted by path."""
    pages = []
    for folder in folders:
        for spec in sorted(Path(folder).rglob("*.json")):
            html = spec.with_suffix(".html")
            if html.exists():
                gold = json.loads(spec.read_text(encoding="utf-8"))
                pages.append(RealPage(f"{spec.parent.name}/{spec.stem}", html.read_bytes(), gold))
    return pages


def run_ours(page: RealPage) -> dict[str, Any] | None:
    """Our extractor: the Article as a dict, None for NoArticle."""
    try:
        return extract(page.html, page.gold.get("url") or "http://localhost/").to_dict()
    except NoArticle:
        return None


def run_bare(page: RealPage) -> dict[str, Any] | None:
    """Bare trafilatura with its own metadata; None when it finds no text."""
    doc = trafilatura.bare_extraction(page.html, url=page.gold.get("url"), with_metadata=True, include_comments=False)
    if doc is None or isinstance(doc, dict) or not doc.text:
        return None
    return {"title": doc.title, "published": doc.date, "author": doc.author, "text": doc.text}


SYSTEMS: dict[str, Callable[[RealPage], dict[str, Any] | None]] = {"trafilatura": run_bare, "qpdp": run_ours}


def _norm(value: Any) -> str:
    return " ".join(nfc(str(value)).split()) if value else ""


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _in(needle: str, text: str) -> bool:
    return " ".join(needle.split()) in " ".join(text.split())


def score_page(page: RealPage, got: dict[str, Any] | None, taxonomy: Taxonomy) -> dict[str, Any]:
    """Per-page checks as the real-pages README defines them."""
    gold = page.gold
    if not page.is_article:
        return {"name": page.name, "article": False, "right": got is None}
    got = got or {}
    text = nfc(got.get("text") or "")
    first, last = nfc(gold.get("text_first") or ""), nfc(gold.get("text_last") or "")
    junk = [j for j in gold.get("junk", []) if _in(nfc(j), text)]
    ok_authors = gold.get("author_ok") or [gold.get("author")]
    verdict = taxonomy.classify(got.get("title"), text)
    return {
        "name": page.name, "article": True, "found": bool(text),
        "title": _norm(got.get("title")) == _norm(gold.get("title")),
        "published": _day(got.get("published")) == _day(gold.get("published")),
        "lead": bool(text) and _in(first[:KEY], text), "end": bool(text) and _in(last[-KEY:], text),
        "junk": junk, "junk_total": len(gold.get("junk", [])),
        "author": _norm(got.get("author")) in {_norm(a) for a in ok_authors},
        "defense": verdict.defense == bool(gold.get("defense")), "ambiguous": bool(gold.get("defense_ambiguous")),
        "got": {k: got.get(k) for k in ("title", "published", "author")},
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Shares over the per-page rows."""
    arts = [r for r in rows if r["article"]]
    others = [r for r in rows if not r["article"]]
    plain = [r for r in arts if not r["ambiguous"]]
    share = lambda key, rs=arts: sum(bool(r[key]) for r in rs) / len(rs) if rs else 1.0  # noqa: E731
    junk_total = sum(r["junk_total"] for r in arts)
    return {
        "articles": len(arts), "no_article_pages": len(others), "verdict_article": share("found"),
        "title": share("title"), "published": share("published"), "lead": share("lead"), "end": share("end"),
        "author": share("author"), "defense": share("defense", plain),
        "no_article": share("right", others) if others else 1.0,
        "junk": sum(len(r["junk"]) for r in arts) / junk_total if junk_total else 0.0,
    }


def evaluate(system: str, pages: list[RealPage]) -> tuple[dict[str, Any], list[dict[str, Any]], float]:
    """Run one system over *pages*: (summary, rows, seconds spent extracting)."""
    taxonomy, fn, rows, seconds = Taxonomy.load(TOPICS), SYSTEMS[system], [], 0.0
    for page in pages:
        t0 = time.perf_counter()
        got = fn(page)
        seconds += time.perf_counter() - t0
        rows.append(score_page(page, got, taxonomy))
    return summarise(rows), rows, seconds


def gate(summary: dict[str, Any]) -> list[str]:
    """Figures below their floor, as messages; [] when the pages pass."""
    failed = [f"{key} {summary[key]:.3f} < {floor}" for key, floor in FLOORS.items() if summary[key] < floor]
    if summary["junk"] > MAX_JUNK_SHARE:
        failed.append(f"junk leaked {summary['junk']:.3f} > {MAX_JUNK_SHARE}")
    return failed


# ---------------------------------------------------------------------------------------------- the whole site

SITE_HOST = "https://krongno.daknong.gov.vn"  # the portal's real host, for the URLs pages are extracted under
NO_ARTICLE_KINDS = ("listing", "notfound", "other")


def site_pages(site: Path = REAL_SITE) -> dict[str, Any]:
    """Every page of the site's archive through extract(), scored against gold.jsonl (no server, no crawl):
    articles kept with the right title, date and defense flag; listings, 404s and placeholders rejected."""
    gold = [json.loads(line) for line in (site / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    taxonomy = Taxonomy.load(TOPICS)
    with tarfile.open(site / "www.tar.gz") as tar:
        files = {m.name.split("/", 1)[-1]: m for m in tar.getmembers() if m.isfile()}
        bodies = {g["path"]: tar.extractfile(files[g["file"]]).read() for g in gold if g.get("file") in files}  # type: ignore[union-attr]
    articles = [g for g in gold if g["kind"] == "article"]
    others = [g for g in gold if g["kind"] in NO_ARTICLE_KINDS]
    wrong: list[str] = []
    counts = {"kept": 0, "title": 0, "published": 0, "defense": 0, "rejected": 0}
    for g in articles + others:
        try:
            got = extract(bodies[g["path"]], SITE_HOST + g["path"])
        except NoArticle:
            if g["kind"] == "article":
                wrong.append(f"{g['path']}: rejected")
            else:
                counts["rejected"] += 1
            continue
        if g["kind"] != "article":
            wrong.append(f"{g['path']}: {g['kind']} kept as an article")
            continue
        counts["kept"] += 1
        verdict = taxonomy.classify(got.title, got.text)
        checks = {"title": _norm(got.title) == _norm(g.get("title")), "published": _day(got.published) == _day(g.get("published")),
                  "defense": verdict.defense == bool(g.get("defense")) or bool(g.get("defense_ambiguous"))}
        for key, ok in checks.items():
            counts[key] += ok
            if not ok:
                wrong.append(f"{g['path']}: {key} {getattr(got, key, verdict.defense)!r}")
    n = max(1, len(articles))
    return {"articles": len(articles), "no_article_pages": len(others), "kept": counts["kept"] / n,
            "title": counts["title"] / n, "published": counts["published"] / n, "defense": counts["defense"] / n,
            "no_article": counts["rejected"] / max(1, len(others)), "wrong": wrong}


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("serve_site.py exited early") from None
            time.sleep(0.05)
    raise RuntimeError("serve_site.py did not answer")


def crawl_site(site: Path = REAL_SITE, workdir: Path | None = None, host: str = "127.0.0.1") -> dict[str, Any]:
    """Serve *site* on loopback, crawl it with a real `qpdp crawl`, score the archive against its gold."""
    gold = [json.loads(line) for line in (site / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(dir=workdir) as tmp_name:
        tmp = Path(tmp_name)
        with tarfile.open(site / "www.tar.gz") as tar:
            tar.extractall(tmp / site.name, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(tmp / site.name)
        port = _free_port(host)
        base = f"http://{host}:{port}"
        scripts = site.parent
        subprocess.run([sys.executable, str(scripts / "rewrite_local.py"), str(tmp / site.name), base], check=True,
                       capture_output=True)
        server = subprocess.Popen([sys.executable, str(scripts / "serve_site.py"), str(tmp / site.name / "www_local"),
                                   "--host", host, "--port", str(port), "--log", str(tmp / "requests.jsonl"), "--quiet"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(base + "/", server)
            config = tmp / "sources.yaml"
            config.write_text(
                "settings:\n  DOWNLOAD_DELAY: 0\n  AUTOTHROTTLE_ENABLED: false\n  CONCURRENT_REQUESTS_PER_DOMAIN: 8\n"
                "  QPDP_WARC_ENABLED: false\n  LOG_LEVEL: WARNING\n"
                f"sources:\n  - id: {site.name}\n    name: \"{site.name}\"\n    level: district\n"
                f"    province: \"Đắk Nông\"\n    start_urls: [\"{base}/\"]\n", encoding="utf-8")
            db = tmp / "archive.db"
            t0 = time.perf_counter()
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            result = subprocess.run([sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)],
                                    capture_output=True, text=True, cwd=ROOT, env=env, timeout=900, check=False)
            seconds = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(10)
        if not db.exists():
            raise RuntimeError(f"qpdp crawl made no archive: {result.stderr[-2000:]}")
        conn = sqlite3.connect(db)
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT a.id, a.title, a.published, s.url FROM articles a JOIN sightings s ON s.article_id = a.id"
                            ).fetchall()
        served = {json.loads(line)["path"] for line in (tmp / "requests.jsonl").read_text().splitlines() if line.strip()}
    return score_site(gold, [dict(r) for r in rows], served, seconds, result.returncode)


def _path(url: str) -> str:
    path = unquote(urlsplit(url).path)
    path = path.removesuffix("index.html")
    return path if path.endswith("/") else path + "/"


def score_site(gold: list[dict[str, Any]], rows: list[dict[str, Any]], served: set[str], seconds: float,
               returncode: int) -> dict[str, Any]:
    """Figures of one crawled site against its gold rows (by path)."""
    by_path = {nfc(g["path"]): g for g in gold}
    want = [g for g in gold if g["kind"] == "article" and g.get("defense") and g.get("reach_depth_strict") is not None]
    archived: dict[str, dict[str, Any]] = {}
    for row in rows:
        archived.setdefault(nfc(_path(row["url"])), row)
    missing = [g["path"] for g in want if nfc(g["path"]) not in archived]
    unwanted, wrong_title, wrong_date = [], [], []
    for path, row in sorted(archived.items()):
        g = by_path.get(path)
        if g is None or not (g.get("defense") or g.get("defense_ambiguous")):
            unwanted.append(path)
            continue
        title = g.get("title") or g.get("heading")
        if _norm(row["title"]) != _norm(title):
            wrong_title.append(f"{path}: {row['title']!r} != {title!r}")
        if _day(row["published"]) != _day(g.get("published")):
            wrong_date.append(f"{path}: {row['published']} != {g.get('published')}")
    return {"returncode": returncode, "seconds": round(seconds, 1), "requests": len(served), "archived": len(archived),
            "defense_reachable": len(want), "defense_archived": len(want) - len(missing), "missing": missing,
            "unwanted": unwanted, "wrong_title": wrong_title, "wrong_date": wrong_date}


SITE_PAGE_FLOORS = {"kept": 0.95, "title": 0.95, "published": 0.95, "defense": 1.0, "no_article": 0.90}


def site_pages_gate(figures: dict[str, Any]) -> list[str]:
    """The site's pages through extract() against their floors; [] when they pass."""
    return [f"site pages {key} {figures[key]:.3f} < {floor}" for key, floor in SITE_PAGE_FLOORS.items() if figures[key] < floor]


def site_gate(site: dict[str, Any]) -> list[str]:
    """The site's acceptance: every reachable defense story, nothing else, every title and date right."""
    failed = [f"not archived: {p}" for p in site["missing"]]
    failed += [f"should not be archived: {p}" for p in site["unwanted"]]
    return failed + [f"title {m}" for m in site["wrong_title"]] + [f"date {m}" for m in site["wrong_date"]]


# ---------------------------------------------------------------------------------------------- report

_COLS = ("verdict", "title", "date", "lead", "end", "junk", "author", "def")


def _cells(row: dict[str, Any]) -> list[str]:
    if not row["article"]:
        return ["ok" if row["right"] else "KEPT"] + [""] * (len(_COLS) - 1)
    mark = lambda v: "ok" if v else "x"  # noqa: E731
    return [mark(row["found"]), mark(row["title"]), mark(row["published"]), mark(row["lead"]), mark(row["end"]),
            str(len(row["junk"])) if row["junk"] else "ok", mark(row["author"]),
            ("ok" if row["defense"] else "x") + ("?" if row["ambiguous"] else "")]


def report(pages: list[RealPage], site: dict[str, Any] | None) -> dict[str, Any]:
    """Print the per-page and summary tables; return every figure."""
    results = {name: evaluate(name, pages) for name in SYSTEMS}
    print(f"{'page':42} " + " ".join(f"{c:>7}" for c in _COLS) + "   | bare trafilatura")
    for ours, bare in zip(results["qpdp"][1], results["trafilatura"][1]):
        print(f"{ours['name'][:42]:42} " + " ".join(f"{c:>7}" for c in _cells(ours)) + "   | " + " ".join(_cells(bare)[:5]))
        if ours["article"] and not (ours["title"] and ours["published"]):
            print(f"{'':44}got {ours['got']}")
    print()
    keys = ("verdict_article", "title", "published", "lead", "end", "no_article", "defense", "author", "junk")
    print(f"{'figure':18} {'qpdp':>8} {'trafilatura':>12} {'floor':>8}")
    for key in keys:
        floor = FLOORS.get(key, MAX_JUNK_SHARE if key == "junk" else None)
        floor_txt = "" if floor is None else (f"<={floor:.0%}" if key == "junk" else f">={floor:.0%}")
        print(f"{key:18} {results['qpdp'][0][key]:>8.1%} {results['trafilatura'][0][key]:>12.1%} {floor_txt:>8}")
    ratio = results["qpdp"][2] / max(results["trafilatura"][2], 1e-9)
    print(f"{'seconds':18} {results['qpdp'][2]:>8.2f} {results['trafilatura'][2]:>12.2f}   (ratio {ratio:.2f})")
    out: dict[str, Any] = {"pages": {n: r[0] for n, r in results.items()}, "time_ratio": ratio,
                           "failed": gate(results["qpdp"][0])}
    if REAL_SITE.exists():
        pages_of_site = site_pages()
        print(f"\nsite {REAL_SITE.name}, every page through extract(): {pages_of_site['articles']} articles — kept "
              f"{pages_of_site['kept']:.1%}, titles {pages_of_site['title']:.1%}, dates {pages_of_site['published']:.1%}, "
              f"defense {pages_of_site['defense']:.1%}; {pages_of_site['no_article_pages']} listing/404/placeholder pages "
              f"rejected {pages_of_site['no_article']:.1%}")
        for line in pages_of_site["wrong"]:
            print("  " + line)
        out["site_pages"] = pages_of_site
        out["failed"] += site_pages_gate(pages_of_site)
    if site is not None:
        print(f"\nsite {REAL_SITE.name}: {site['requests']} requests, {site['archived']} archived, defense stories "
              f"{site['defense_archived']}/{site['defense_reachable']} reachable archived, {len(site['unwanted'])} unwanted, "
              f"{len(site['wrong_title'])} wrong titles, {len(site['wrong_date'])} wrong dates ({site['seconds']} s)")
        for line in site_gate(site):
            print("  " + line)
        out["site"] = site
        out["failed"] += site_gate(site)
    print("\nPASS" if not out["failed"] else "\nFAIL: " + "; ".join(out["failed"]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="more folders of real pages (<name>.html + <name>.json)")
    parser.add_argument("--no-site", action="store_true", help="skip the crawl of the real portal")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    folders = [f for f in (REAL_PAGES, *args.folders) if f.exists()]
    if not folders:
        print(f"no real pages: {REAL_PAGES} is absent")
        return 0
    site = crawl_site() if not args.no_site and REAL_SITE.exists() else None
    out = report(load_pages(*folders), site)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if out["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
