"""Every fault a government portal produces, served for real on loopback: none stops the crawl, each is logged."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import run_qpdp
from tests.faults import FaultFarm


@dataclass
class FaultCrawl:
    """The fault farm crawled twice: a first run, then a --refresh run after an archived article was removed."""

    farm: FaultFarm
    db: Path
    hits_after_first: dict[str, int]


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultCrawl]:
    farm = FaultFarm()
    tmp = tmp_path_factory.mktemp("faults")
    config, db = farm.write_config(tmp / "faults.yaml"), tmp / "archive.db"
    try:
        first = run_qpdp("crawl", "--config", str(config), "--db", str(db))
        assert first.returncode == 0, first.stderr[-3000:]
        hits = dict(farm.hits["faulty"])
        farm.faulty.gone = True
        second = run_qpdp("crawl", "--config", str(config), "--db", str(db), "--refresh")
        assert second.returncode == 0, second.stderr[-3000:]
        yield FaultCrawl(farm, db, hits)
    finally:
        farm.close()


def _conn(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


@pytest.mark.parametrize(
    ("path", "outcome", "status", "detail"),
    [
        ("/tin/loi-503-20001", "http_error", 503, "HTTP 503"),
        ("/tin/qua-tai-20002", "archived", 200, "new"),  # 429 + Retry-After: 1, waited out, then served
        ("/tin/qua-tai-lau-20003", "http_error", 429, "Retry-After 259200s"),
        ("/tin/cham-20004", "archived", 200, "new"),  # slow but within the timeout
        ("/tin/het-gio-20005", "error", None, "took longer than 1.5 seconds"),
        ("/tin/ngat-ket-noi-20006", "error", None, "ConnectionLost"),
        ("/tin/vong-lap-a-20007", "skipped", None, "redirect loop"),
        ("/tin/vong-lap-b-20008", "skipped", None, "redirect loop"),
        ("/tin/cat-ngang-20009", "no_article", 200, "too little text"),
        ("/tin/html-hong-20010", "archived", 200, "new"),
        ("/tin/tep-pdf-20011", "no_article", 200, "binary content (PDF)"),
        ("/tin/tep-anh-20012", "no_article", 200, "binary content (PNG)"),
        ("/tin/qua-lon-20013", "error", None, "larger than download max size (100000)"),
        ("/tin/sai-charset-20014", "archived", 200, "new"),
        ("/tin/thieu-charset-20015", "archived", 200, "new"),
        ("/tin/windows-1258-20016", "archived", 200, "new"),
        ("/tin/chuyen-huong-20018", "redirected", 301, "redirected to"),
        ("/tin/bai-moi-20019.html", "archived", 200, "new"),
        ("/sitemap-bom.xml", "sitemap", 200, "0 entries"),
    ],
)
def test_fault_is_logged_with_its_reason(faults: FaultCrawl, path: str, outcome: str, status: int | None, detail: str) -> None:
    url = faults.farm.url("faulty").rstrip("/") + path
    row = _conn(faults.db).execute("SELECT * FROM fetches WHERE url = ? AND run_id = 1", (url,)).fetchone()
    assert row is not None, f"{path} missing from the fetch log"
    assert (row["outcome"], row["status"]) == (outcome, status) and detail in row["detail"], dict(row)


@pytest.mark.parametrize(("path", "ward"), [("/tin/sai-charset-20014", "Hòa Minh"), ("/tin/thieu-charset-20015", "Hòa Quý"),
                                            ("/tin/windows-1258-20016", "Hòa Thuận"), ("/tin/html-hong-20010", "Hòa Cường")])
def test_badly_encoded_or_malformed_pages_are_archived_correctly(faults: FaultCrawl, path: str, ward: str) -> None:
    url = faults.farm.url("faulty").rstrip("/") + path
    row = _conn(faults.db).execute("SELECT title, text FROM articles WHERE url = ?", (url,)).fetchone()
    assert row["title"] == f"Dân quân tự vệ phường {ward} ra quân huấn luyện năm 2024"
    assert "khu vực phòng thủ vững chắc" in row["text"]


def test_robots_disallow_all_is_obeyed_and_logged(faults: FaultCrawl) -> None:
    assert set(faults.farm.hits["blocked"]) == {"/robots.txt"}
    row = _conn(faults.db).execute("SELECT outcome, detail FROM fetches WHERE url = ? AND run_id = 1",
                                   (faults.farm.url("blocked"),)).fetchone()
    assert tuple(row) == ("skipped", "Forbidden by robots.txt")


def test_known_article_gone_is_recorded_and_the_copy_kept(faults: FaultCrawl) -> None:
    url = faults.farm.url("faulty").rstrip("/") + "/tin/bi-go-20017"
    conn = _conn(faults.db)
    assert tuple(conn.execute("SELECT outcome, status FROM pages WHERE url = ?", (url,)).fetchone()) == ("gone", 404)
    assert conn.execute("SELECT count(*) FROM articles WHERE url = ?", (url,)).fetchone()[0] == 1
    last = conn.execute("SELECT outcome, detail FROM fetches WHERE url = ? ORDER BY id DESC LIMIT 1", (url,)).fetchone()
    assert last["outcome"] == "gone" and "archived copy kept" in last["detail"]


def test_failed_pages_wait_for_their_retry_schedule(faults: FaultCrawl) -> None:
    hits = faults.farm.hits["faulty"]
    for path in ("/tin/loi-503-20001", "/tin/het-gio-20005", "/tin/tep-pdf-20011", "/tin/vong-lap-a-20007", "/tin/qua-lon-20013"):
        assert hits[path] == faults.hits_after_first[path], f"{path} retried before it was due"
    conn = _conn(faults.db)
    base = faults.farm.url("faulty").rstrip("/")
    now = datetime.now(timezone.utc)
    for path, at_least in (("/tin/loi-503-20001", timedelta(hours=19)), ("/tin/qua-tai-lau-20003", timedelta(days=2.9)),
                           ("/tin/tep-pdf-20011", timedelta(days=6.9))):
        row = conn.execute("SELECT failures, next_fetch_after FROM pages WHERE url = ?", (base + path,)).fetchone()
        assert row["failures"] == 1 and datetime.fromisoformat(row["next_fetch_after"]) - now > at_least, path


def test_crawl_runs_count_the_faults(faults: FaultCrawl) -> None:
    conn = _conn(faults.db)
    runs = conn.execute("SELECT status, mode, errors, new_articles FROM crawl_runs ORDER BY id").fetchall()
    assert [tuple(r) for r in runs] == [("finished", "incremental", 5, 8), ("finished", "refresh", 0, 0)]
    per_source = conn.execute("SELECT source_id, ok, errors, skipped FROM crawl_run_sources WHERE run_id = 1 ORDER BY 1").fetchall()
    assert [tuple(r) for r in per_source] == [("blocked", 0, 0, 1), ("faulty", 14, 5, 2)]
