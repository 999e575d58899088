"""Provenance over a real crawl: WARC records of every capture, offline re-extraction, article versions."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import archive.extract.article
from archive.cli import cli
from archive.config import load_config
from archive.demo import PORTALS_DIR, PortalHandler
from archive.reextract import plan_unarchived, reextract
from archive.web.serve import make_datasette
from archive.store.db import Archive
from archive.dedup.urls import Rules
from archive.store.warc import read
from tests.conftest import ROOT, Crawled, run_qpdp
from tests.farm import Farm

WARCIO = [sys.executable, "-m", "warcio.cli"]


def _rows(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _copy(crawled: Crawled, tmp: Path) -> Path:
    """A private copy of the crawled archive and its WARC directory."""
    db = tmp / "archive.db"
    src, dst = sqlite3.connect(crawled.db), sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    shutil.copytree(crawled.db.parent / "warc", tmp / "warc")
    return db


def _articles(db: Path) -> list[tuple]:
    return [tuple(r) for r in _rows(db, "SELECT * FROM articles ORDER BY id")]


def test_every_article_has_a_warc_record_whose_sha256_matches(crawled: Crawled) -> None:
    articles = _rows(crawled.db, "SELECT a.id, a.capture_id, c.* FROM articles a JOIN captures c ON c.id = a.capture_id")
    assert articles and len(articles) == _rows(crawled.db, "SELECT count(*) FROM articles")[0][0]
    for row in articles:
        page = read(crawled.db.parent, row["warc_file"], row["warc_offset"], row["warc_length"])
        assert hashlib.sha256(page.body).hexdigest() == row["sha256"]
        assert (page.url, page.record_id, page.status) == (row["url"], row["record_id"], row["status"])
        assert row["outcome"] == "archived" and row["article_id"] == row["id"]
        assert len(page.body) == row["bytes"] and json.loads(row["headers"])


def test_every_captured_page_is_in_a_valid_warc(crawled: Crawled) -> None:
    captures = _rows(crawled.db, "SELECT url, outcome, warc_file, warc_offset FROM captures")
    outcomes = {r["outcome"] for r in captures}
    assert {"archived", "off_topic", "no_article"} <= outcomes and None not in outcomes
    files = sorted((crawled.db.parent / "warc").glob("*.warc.gz"))
    assert files and subprocess.run([*WARCIO, "check", *map(str, files)], capture_output=True).returncode == 0
    indexed = set()
    for path in files:
        out = subprocess.run([*WARCIO, "index", "-f", "warc-type,warc-target-uri,offset", str(path)],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            entry = json.loads(line)
            if entry["warc-type"] in ("response", "revisit"):
                indexed.add((f"warc/{path.name}", int(entry["offset"]), entry["warc-target-uri"]))
    assert {(r["warc_file"], r["warc_offset"], r["url"]) for r in captures} == indexed


def test_reextract_restores_deleted_rows_identically(crawled: Crawled, tmp_path: Path) -> None:
    db = _copy(crawled, tmp_path)
    before = _articles(db)
    with sqlite3.connect(db) as conn:
        deleted = [r[0] for r in conn.execute("SELECT id FROM articles WHERE id % 3 = 0 ORDER BY id")]
        conn.execute("DELETE FROM articles WHERE id % 3 = 0")
    result = run_qpdp("reextract", "--db", str(db), "--workers", "2", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert sorted(c["article_id"] for c in report["changes"] if c["action"] == "restored") == deleted
    assert report["changed"] == 0 and report["lost"] == 0 and report["workers"] == 2
    assert _articles(db) == before
    archive = Archive(db)
    try:
        assert len(list(archive.search("dân quân"))) == len(list(archive.search("dan quan"))) > 0
        assert archive.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        archive.close()


def test_reextract_reports_exactly_the_rows_a_rule_change_touches(crawled: Crawled, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = _copy(crawled, tmp_path)
    phrase = "huấn luyện"
    rows = _rows(db, "SELECT id, text FROM articles")
    touched = sorted(r["id"] for r in rows if any(phrase in line.lower() for line in r["text"].split("\n")))
    assert 0 < len(touched) < len(rows)
    original = archive.extract.article.clean_body

    def stricter(text: str, title: str | None) -> tuple[str, str | None, str | None]:
        body, author, credit = original(text, title)
        return "\n".join(line for line in body.split("\n") if phrase not in line.lower()), author, credit

    monkeypatch.setattr(archive.extract.article, "clean_body", stricter)
    store, before = Archive(db), _articles(db)
    try:
        dry = reextract(store, db.parent, ROOT / "config" / "topics.yaml", workers=1, dry_run=True)
        assert _articles(db) == before and dry.count("changed") + dry.count("lost") == len(touched)
        report = reextract(store, db.parent, ROOT / "config" / "topics.yaml", workers=1)
    finally:
        store.close()
    reported = sorted(c.article_id for c in report.changes)
    assert reported == touched
    assert all("text" in c.fields for c in report.changes if c.action == "changed")
    assert report.unchanged == len(rows) - len(touched) and report.count("restored") == 0
    for row in _rows(db, f"SELECT id, text FROM articles WHERE id IN ({','.join(map(str, touched))})"):
        lost = any(c.article_id == row["id"] and c.action == "lost" for c in report.changes)
        assert lost or phrase not in row["text"].lower()
    assert not _rows(db, "SELECT * FROM article_versions"), "re-extraction is not an edit of the page"


def test_verify_detects_an_altered_warc(crawled: Crawled, tmp_path: Path) -> None:
    db = _copy(crawled, tmp_path)
    ok = CliRunner().invoke(cli, ["verify", "--db", str(db)])
    assert ok.exit_code == 0, ok.output
    row = _rows(db, "SELECT * FROM captures ORDER BY id LIMIT 1")[0]
    path = tmp_path / row["warc_file"]
    data = bytearray(path.read_bytes())
    data[row["warc_offset"] + 40] ^= 0xFF  # one flipped bit inside the first response record
    path.write_bytes(bytes(data))
    bad = CliRunner().invoke(cli, ["verify", "--db", str(db)])
    assert bad.exit_code == 1 and f"capture {row['id']}\t" in bad.output and "1 of" in bad.output


def test_reextract_filters_by_source_and_capture_date(crawled: Crawled) -> None:
    store = Archive(crawled.db)
    try:
        one = reextract(store, crawled.db.parent, ROOT / "config" / "topics.yaml", ["thachban"], workers=1, dry_run=True)
        later = reextract(store, crawled.db.parent, ROOT / "config" / "topics.yaml", since="2999-01-01", workers=1, dry_run=True)
        count = store.conn.execute("SELECT count(*) FROM articles WHERE source_id = 'thachban'").fetchone()[0]
    finally:
        store.close()
    assert one.examined == count > 0 and later.examined == 0


def test_reextract_new_archives_pages_a_broader_taxonomy_accepts(crawled: Crawled, tmp_path: Path) -> None:
    db = _copy(crawled, tmp_path)
    before = _articles(db)
    off_topic = [r["id"] for r in _rows(db, "SELECT id FROM captures WHERE outcome = 'off_topic'")]
    taxonomy = yaml.safe_load((ROOT / "config" / "topics.yaml").read_text(encoding="utf-8"))
    assert off_topic and taxonomy["min_score"] > 0
    taxonomy["min_score"] = 0  # a (deliberately) lax rule: every page with an article qualifies
    topics = tmp_path / "topics.yaml"
    topics.write_text(yaml.safe_dump(taxonomy, allow_unicode=True), encoding="utf-8")
    store = Archive(db)
    try:
        rules = {s.id: Rules.for_source(s) for s in load_config(crawled.config).sources}
        report = reextract(store, db.parent, topics, workers=1, new=True, rules=rules)
    finally:
        store.close()
    added = {c.article_id for c in report.changes if c.action == "added" and c.detail == "new"}
    marks = ",".join(map(str, off_topic))
    archived = _rows(db, f"SELECT c.id, c.article_id, a.capture_id FROM captures c JOIN articles a ON a.id = c.article_id"
                         f" WHERE c.id IN ({marks}) AND c.outcome = 'archived' AND c.detail = 'new'")
    assert added and added == {r["article_id"] for r in archived} and all(r["id"] == r["capture_id"] for r in archived)
    after = _articles(db)
    assert after[: len(before)] == before and len(after) == len(before) + len(added)


EDITED = "/2022/09/27/luc-luong-dan-quan-phuong-giup-dan-chang-chong-nha-cua-ung-pho-bao-so-4/index.html"
DELETED = "/2022/02/09/phuong-thanh-khe-tay-gap-mat-tang-qua-tan-binh-nhap-ngu-nam-2022/index.html"


def test_an_edited_article_yields_two_versions(tmp_path: Path) -> None:
    root = tmp_path / "portal"
    shutil.copytree(PORTALS_DIR / "thanhkhetay", root)
    handler = type("H_edit", (PortalHandler,), {"root": root})
    portal = Farm._serve("edit", handler, 61)
    try:
        config = tmp_path / "sources.yaml"
        config.write_text(yaml.safe_dump({
            "settings": {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "QPDP_WARC_MAX_BYTES": 30000,
                         "QPDP_WARC_DIR": str(tmp_path / "warc-elsewhere")},
            "sources": [{"id": "edit", "name": "Cổng phường", "level": "ward", "start_urls": [portal.url]}],
        }, allow_unicode=True), encoding="utf-8")
        db = tmp_path / "db" / "archive.db"
        assert run_qpdp("crawl", "--config", str(config), "--db", str(db)).returncode == 0
        page = root / EDITED.lstrip("/")
        page.write_text(page.read_text(encoding="utf-8").replace("giúp 42 hộ gia đình", "giúp 48 hộ gia đình"), encoding="utf-8")
        (root / DELETED.lstrip("/")).unlink()  # and the portal silently removes another story
        result = run_qpdp("crawl", "--config", str(config), "--db", str(db), "--refresh")
        assert result.returncode == 0, result.stderr[-2000:]
    finally:
        portal.server.shutdown()
        portal.server.server_close()
    url = portal.url.rstrip("/") + EDITED.removesuffix("index.html")
    article = _rows(db, "SELECT a.* FROM articles a JOIN sightings s ON s.article_id = a.id WHERE s.url = ?", url)[0]
    history = _rows(db, "SELECT * FROM article_history WHERE article_id = ? ORDER BY current", article["id"])
    assert [h["current"] for h in history] == [0, 1]
    assert "giúp 42 hộ" in history[0]["text"] and "giúp 48 hộ" in history[1]["text"]
    captures = _rows(db, "SELECT * FROM captures WHERE url = ? ORDER BY id", url)
    assert len(captures) == 2 and captures[0]["sha256"] != captures[1]["sha256"]
    assert (history[0]["capture_id"], history[1]["capture_id"]) == (captures[0]["id"], captures[1]["id"])
    assert article["capture_id"] == captures[1]["id"]
    gone_url = portal.url.rstrip("/") + DELETED.removesuffix("index.html")
    gone = _rows(db, "SELECT c.status, c.outcome, a.capture_id = c.id AS current FROM captures c JOIN sightings s ON s.url = c.url"
                     " JOIN articles a ON a.id = s.article_id WHERE c.url = ? ORDER BY c.id", gone_url)
    assert [(g["status"], g["outcome"], g["current"]) for g in gone] == [(200, "archived", 1), (404, "gone", 0)]
    others = _rows(db, "SELECT count(*) FROM article_versions WHERE article_id != ?", article["id"])[0][0]
    assert others == 0, "unchanged articles must not gain versions on a refresh"
    revisits = _rows(db, "SELECT c.url, c.warc_length, o.sha256 = c.sha256 AS same, o.id < c.id AS earlier FROM captures c"
                         " JOIN captures o ON o.id = c.refers_to")
    assert revisits and all(r["same"] and r["earlier"] and r["warc_length"] < 1500 for r in revisits)
    assert url not in {r["url"] for r in revisits} and all(c["refers_to"] is None for c in captures)
    again = CliRunner().invoke(cli, ["reextract", "--db", str(db), "--new", "--dry-run", "--workers", "1", "--json"])
    report = json.loads(again.stdout)
    assert again.exit_code == 0 and report["changed"] == report["lost"] == report["added"] == 0
    assert CliRunner().invoke(cli, ["verify", "--db", str(db)]).exit_code == 0
    conn = sqlite3.connect(db)
    try:  # as if a revisited page had turned off-topic and its sightings were gone: --new reads it through its original
        revisited = conn.execute("SELECT url FROM captures WHERE refers_to IS NOT NULL LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM sightings WHERE url = ?", (revisited,))
        conn.execute("UPDATE captures SET outcome = 'off_topic' WHERE url = ?", (revisited,))
        tasks = {t.capture_id: t for t in plan_unarchived(conn)}
        originals = conn.execute("SELECT c.id, o.warc_file, o.warc_offset FROM captures c JOIN captures o ON o.id = c.refers_to"
                                 " WHERE c.id IN (%s)" % ",".join(map(str, tasks))).fetchall()
    finally:
        conn.close()
    assert originals and all((tasks[i].warc_file, tasks[i].offset) == (f, o) for i, f, o in originals), "revisits read their original"
    assert len(list((tmp_path / "warc-elsewhere").glob("*.warc.gz"))) > 1, "WARC files rotate by size"
    assert Path(captures[0]["warc_file"]).is_absolute()

    out = tmp_path / "set.warc.gz"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--search", "chằng chống", "--format", "warc", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert subprocess.run([*WARCIO, "check", str(out)], capture_output=True).returncode == 0
    index = subprocess.run([*WARCIO, "index", "-f", "warc-type,warc-target-uri,warc-record-id", str(out)],
                           capture_output=True, text=True, check=True).stdout
    responses = [json.loads(line) for line in index.splitlines() if '"response"' in line]
    assert {r["warc-record-id"] for r in responses if r["warc-target-uri"] == url} == {c["record_id"] for c in captures}
    jsonl = CliRunner().invoke(cli, ["export", "--db", str(db), "--search", "chằng chống", "--format", "jsonl"]).stdout
    record = next(json.loads(line) for line in jsonl.splitlines() if json.loads(line)["id"] == article["id"])
    assert (record["sha256"], record["warc_record_id"]) == (captures[1]["sha256"], captures[1]["record_id"])
    assert record["captured_at"] == captures[1]["captured_at"]

    shown_diff = CliRunner().invoke(cli, ["history", str(article["id"]), "--db", str(db)])
    assert shown_diff.exit_code == 0 and "version 2 (current)" in shown_diff.output
    assert "-" + history[0]["text"].split("\n")[1] in shown_diff.output and "giúp 48 hộ" in shown_diff.output

    ds = make_datasette(db)
    shown = asyncio.run(ds.client.get(f"/archive/article_history.json?article_id={article['id']}&_shape=array")).json()
    assert sorted(r["current"] for r in shown) == [0, 1]
    page = asyncio.run(ds.client.get(f"/archive/articles/{article['id']}")).text
    assert "article_history?article_id=" in page and all(c["record_id"][1:-1] in page for c in captures)


class SlowArticles(PortalHandler):
    """A portal whose article pages take a while: a crawl can be killed in the middle."""

    def do_GET(self) -> None:  # noqa: N802
        """Delay dated (article) paths, then serve."""
        if self.path.startswith("/20"):
            time.sleep(0.25)
        super().do_GET()


def test_a_killed_crawl_leaves_every_referenced_record_intact(tmp_path: Path) -> None:
    handler = type("H_slow", (SlowArticles,), {"root": PORTALS_DIR / "thanhkhetay"})
    portal = Farm._serve("slow", handler, 62)
    try:
        config = tmp_path / "sources.yaml"
        config.write_text(yaml.safe_dump({
            "settings": {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False},
            "sources": [{"id": "slow", "name": "Cổng phường", "level": "ward", "start_urls": [portal.url]}],
        }, allow_unicode=True), encoding="utf-8")
        db = tmp_path / "archive.db"
        cmd = [sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (db.exists() and _count(db, "captures") >= 2):
                time.sleep(0.1)
        finally:
            proc.kill()
            proc.wait()
        captured = _count(db, "captures")
        assert 2 <= captured < 9, "the crawl was not killed mid-way"
        verified = CliRunner().invoke(cli, ["verify", "--db", str(db)])
        assert verified.exit_code == 0, verified.output
        again = run_qpdp("crawl", "--config", str(config), "--db", str(db))  # repairs a torn tail, if any
        assert again.returncode == 0, again.stderr[-2000:]
        files = sorted((tmp_path / "warc").glob("*.warc.gz"))
        assert subprocess.run([*WARCIO, "check", *map(str, files)], capture_output=True).returncode == 0
    finally:
        portal.server.shutdown()
        portal.server.server_close()
    assert _count(db, "captures") > captured and CliRunner().invoke(cli, ["verify", "--db", str(db)]).exit_code == 0
    assert _rows(db, "SELECT count(*) FROM articles WHERE capture_id IS NULL")[0][0] == 0


def _count(db: Path, table: str) -> int:
    try:
        return _rows(db, f"SELECT count(*) FROM {table}")[0][0]
    except sqlite3.OperationalError:  # not created yet
        return 0
