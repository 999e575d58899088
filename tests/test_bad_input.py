"""Every bad input of issue #15: one line saying what is wrong, a truthful exit code, never a traceback."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from archive.cli import cli
from benchmarks.portals import write_sources
from tests.conftest import ROOT, run_qpdp
from tests.farm import Farm


def one_line_error(result: Result, code: int, text: str) -> str:
    """Assert the exit code and a single `Error:` line containing *text*; return that line."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and text in errors[0], result.stderr
    return errors[0]


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sources_file(path: Path, settings: dict | None = None, port: int | None = None) -> Path:
    """A sources YAML with one source on a closed loopback port (a crawl of it never leaves the machine)."""
    data = {"settings": {"DOWNLOAD_DELAY": 0, "RETRY_TIMES": 0, **(settings or {})},
            "sources": [{"id": "dead", "name": "Cổng chết", "level": "ward",
                         "start_urls": [f"http://127.0.0.1:{port or closed_port()}/"]}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real archive: source `mongcai`, two articles."""
    from archive.store.db import Archive

    path = tmp_path_factory.mktemp("bad") / "a.db"
    archive = Archive(path)
    archive.conn.execute("INSERT INTO sources (id, name, level, start_urls) VALUES ('mongcai', 'TP Móng Cái', 'city', '[]')")
    for i in range(2):
        url = f"https://mongcai.gov.vn/tin/{i}"
        archive.save_article(None, {"url": url, "source_id": "mongcai"},
                             {"url": url, "title": f"Tỉnh Quảng Ninh {i}", "text": f"Dân quân tự vệ số {i}.",
                              "published": f"2022-0{i + 1}-15"}, {"id": "mongcai", "level": "city"})
    archive.close()
    return path


@pytest.fixture()
def text_db(tmp_path: Path) -> Path:
    """A text file where an archive should be."""
    path = tmp_path / "notes.db"
    path.write_text("ghi chú, không phải cơ sở dữ liệu\n", encoding="utf-8")
    return path


# -- configuration files ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, text", [("utf-16", "the file is UTF-16; save it as UTF-8"),
                                            ("cp1258", "not UTF-8 (byte 0x")])
@pytest.mark.parametrize("command", [["sources"], ["crawl"], ["worker", "--no-wait"], ["reextract", "--dry-run"]])
def test_sources_file_in_another_encoding(tmp_path: Path, encoding: str, text: str, command: list[str]) -> None:
    config = tmp_path / "sources.yaml"
    config.write_bytes("sources:\n  - {id: a, name: \"Bàn Hà Đông\", level: ward, start_urls: ['http://127.0.0.1:9/']}\n"
                       .encode(encoding))
    result = CliRunner().invoke(cli, [*command, "--config", str(config), "--db", str(tmp_path / "a.db")]
                                if command[0] in ("crawl", "reextract") else [*command, "--config", str(config)])
    one_line_error(result, 2, text)


@pytest.mark.parametrize("settings, text", [
    ({"DOWNLOAD_DELAY": "fast"}, "settings.DOWNLOAD_DELAY: expected a number, got 'fast'"),
    ({"QPDP_BROKEN_AFTR": 2}, "settings.QPDP_BROKEN_AFTR: unknown setting; did you mean QPDP_BROKEN_AFTER?"),
    ({"ROBOTSTXT_OBEY": "maybe"}, "settings.ROBOTSTXT_OBEY: expected true or false, got 'maybe'"),
    ({"CONCURRENT_REQUESTS": "many"}, "settings.CONCURRENT_REQUESTS: expected a whole number, got 'many'"),
    ({"download_delay": 1}, "did you mean DOWNLOAD_DELAY?"),
])
@pytest.mark.parametrize("command", ["sources", "crawl"])
def test_settings_are_checked_by_name_and_type(tmp_path: Path, settings: dict, text: str, command: str) -> None:
    config = sources_file(tmp_path / "s.yaml", settings)
    extra = ["--db", str(tmp_path / "a.db")] if command == "crawl" else []
    one_line_error(CliRunner().invoke(cli, [command, "--config", str(config), *extra]), 2, text)
    assert not (tmp_path / "a.db").exists()


def test_shipped_configs_pass_the_settings_check() -> None:
    for name in ("sources.yaml", "demo.yaml"):
        assert CliRunner().invoke(cli, ["sources", "--config", str(ROOT / "config" / name)]).exit_code == 0


def test_unknown_crawl_source_names_the_closest(tmp_path: Path) -> None:
    config = sources_file(tmp_path / "s.yaml")
    result = CliRunner().invoke(cli, ["crawl", "--config", str(config), "--db", str(tmp_path / "a.db"), "--source", "daed"])
    one_line_error(result, 2, "unknown source id 'daed' (did you mean 'dead'?")


def test_help_examples_use_shipped_source_ids() -> None:
    shipped = {s["id"] for name in ("sources.yaml", "demo.yaml")
               for s in yaml.safe_load((ROOT / "config" / name).read_text(encoding="utf-8"))["sources"]}
    used = {m for command in cli.commands.values() for m in re.findall(r"--source (\S+)", command.help or "")}
    assert used and used <= shipped, used - shipped


# -- crawls that do not run to their end ----------------------------------------------------------------------
def test_crawl_start_up_error_exits_1_with_one_line(tmp_path: Path) -> None:
    config = sources_file(tmp_path / "s.yaml", {"ITEM_PIPELINES": {"crawler.pipelines.nowhere.Pipeline": 300}})
    result = run_qpdp("crawl", "--config", str(config), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: the crawl failed before its end: ModuleNotFoundError: No module named 'crawler.pipelines.nowhere'"]


class FailFirstArticle:
    """An item pipeline that raises on the first article it is handed, as a disk that fails once would."""

    def __init__(self) -> None:
        self.failed = False

    def process_item(self, item: object, spider: object = None) -> object:
        if not self.failed and type(item).__name__ == "ArticleItem":
            self.failed = True
            raise RuntimeError("disk on fire")
        return item


def test_an_error_inside_the_crawl_exits_1_and_the_next_run_recovers(farm: Farm, tmp_path: Path) -> None:
    """Scrapy logs an exception in a pipeline and goes on; `qpdp crawl` says a page was lost and exits 1."""
    portal = next(p for p in farm.portals if p.id == "mongcai")
    sources = [{"id": portal.id, "name": "Móng Cái", "level": "city", "start_urls": [portal.url]}]
    pipelines = {"crawler.pipelines.extract.ExtractPipeline": 100, "tests.test_bad_input.FailFirstArticle": 500,
                 "crawler.pipelines.store.StorePipeline": 900}
    db = tmp_path / "a.db"
    result = run_qpdp("crawl", "--config", str(write_sources(tmp_path / "s.yaml", sources, ITEM_PIPELINES=pipelines)), "--db", str(db))
    assert result.returncode == 1, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "1 page(s) lost to errors inside the crawl (first: RuntimeError: disk on fire (http" in errors[0]
    with sqlite3.connect(db) as conn:
        first = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    result = run_qpdp("crawl", "--config", str(write_sources(tmp_path / "ok.yaml", sources)), "--db", str(db))
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == first + 1
    conn.close()


def sigterm_crawl(config: Path, db: Path, ready: Callable[[], bool], **env: str) -> tuple[int, str]:
    """Start `qpdp crawl`, send it SIGTERM once *ready* (or after 60 s); its exit code and stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not ready() and proc.poll() is None:
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    return proc.returncode, stderr


def test_crawl_stopped_by_a_signal_exits_1(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        config = sources_file(tmp_path / "s.yaml", {"ROBOTSTXT_OBEY": False, "DOWNLOAD_TIMEOUT": 3},
                              port=silent.getsockname()[1])
        code, stderr = sigterm_crawl(config, tmp_path / "a.db", lambda: _running(tmp_path / "a.db"))
    assert code == 1, stderr[-2000:]
    assert "Error: the crawl was interrupted by a signal" in stderr and "Traceback" not in stderr


class SlowOpening:
    """An item pipeline whose opening takes seconds (as placing many new sources does), saying when it began."""

    async def open_spider(self, spider: object = None) -> None:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor, task

        Path(os.environ["SLOW_OPENING_MARK"]).touch()
        await maybe_deferred_to_future(task.deferLater(reactor, 30, lambda: None))

    def process_item(self, item: object, spider: object = None) -> object:
        return item


def test_a_signal_before_the_engine_runs_is_still_a_signal(tmp_path: Path) -> None:
    """SIGTERM while the spider is still opening: Scrapy stops without a finish reason; we still name the signal."""
    mark = tmp_path / "opening"
    config = sources_file(tmp_path / "s.yaml", {"ITEM_PIPELINES": {
        "tests.test_bad_input.SlowOpening": 100, "crawler.pipelines.store.StorePipeline": 900}})
    code, stderr = sigterm_crawl(config, tmp_path / "a.db", mark.exists, SLOW_OPENING_MARK=str(mark))
    assert code == 1, stderr[-2000:]
    assert "Error: the crawl was interrupted by a signal" in stderr and "Traceback" not in stderr, stderr[-2000:]
    status = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "a.db"), "--check"])
    assert status.exit_code == 3 and "the last run did not finish (interrupted" in status.stderr, status.output


def test_status_tells_a_live_crawl_from_a_dead_one(archive_db: Path, tmp_path: Path) -> None:
    """A run marked running is live while its crawl holds the archive's lock, and interrupted once nobody does."""
    import shutil

    from archive.store.lock import CrawlLock

    db = shutil.copy(archive_db, tmp_path / "a.db")
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO crawl_runs (started, status, sources) VALUES ('2026-11-30T02:00:00+00:00', 'running', '[]')")
    conn.close()
    with CrawlLock(db):
        live = CliRunner().invoke(cli, ["status", "--db", str(db), "--check"])
    assert live.exit_code == 0 and ": running, started" in live.output, live.output
    dead = CliRunner().invoke(cli, ["status", "--db", str(db), "--check"])
    assert dead.exit_code == 3 and ": interrupted (still marked running" in dead.output, dead.output


def _running(db: Path) -> bool:
    try:
        with sqlite3.connect(db) as conn:
            return bool(conn.execute("SELECT count(*) FROM crawl_runs WHERE status = 'running'").fetchone()[0])
    except sqlite3.Error:
        return False


def test_unreachable_host_is_one_line_and_summaries_show_at_warning(tmp_path: Path) -> None:
    port = closed_port()
    config = sources_file(tmp_path / "s.yaml", {"LOG_LEVEL": "WARNING"}, port=port)
    result = run_qpdp("crawl", "--config", str(config), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    about_host = [line for line in result.stderr.splitlines() if f"127.0.0.1:{port}" in line]
    assert len(about_host) == 1 and "Connection was refused" in about_host[0], result.stderr
    assert re.search(r"^source dead: \d+ fetched, 0 archived, \d+ errors, 0 not modified$", result.stderr, re.M)
    assert re.search(r"^run 1: started \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, took \d+\.\ds; \d+ responses, ", result.stderr, re.M)


# -- databases and sources ---------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["status"], ["status", "--check"], ["dedup"],
                                     ["history", "1"], ["verify"], ["reextract", "--dry-run"], ["serve"]])
def test_a_text_file_is_not_an_archive(text_db: Path, command: list[str]) -> None:
    extra = ["--config", str(ROOT / "config" / "demo.yaml")] if command[0] == "reextract" else []
    result = CliRunner().invoke(cli, [*command, "--db", str(text_db), *extra])
    one_line_error(result, 1, f"{text_db} is not a qpdp archive: not an SQLite database")
    assert text_db.read_text(encoding="utf-8").startswith("ghi chú")


def test_crawl_refuses_to_write_into_a_text_file(tmp_path: Path, text_db: Path) -> None:
    result = CliRunner().invoke(cli, ["crawl", "--config", str(sources_file(tmp_path / "s.yaml")), "--db", str(text_db)])
    one_line_error(result, 1, "is not a qpdp archive: not an SQLite database")


def test_serve_refuses_an_sqlite_file_that_is_not_an_archive(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    one_line_error(CliRunner().invoke(cli, ["serve", "--db", str(other)]), 1, "an SQLite database without the archive's tables")


@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["status"], ["reextract", "--dry-run"]])
def test_unknown_source_in_an_archive(archive_db: Path, command: list[str]) -> None:
    extra = ["--config", str(ROOT / "config" / "demo.yaml")] if command[0] == "reextract" else []
    result = CliRunner().invoke(cli, [*command, "--db", str(archive_db), "--source", "mongca", *extra])
    one_line_error(result, 2, "unknown source 'mongca' in ")
    assert "did you mean 'mongcai'?" in result.stderr


# -- exports -------------------------------------------------------------------------------------------------
def test_csv_has_a_byte_order_mark_unless_no_bom(archive_db: Path, tmp_path: Path) -> None:
    for flags, starts in (([], b"\xef\xbb\xbfid,url,"), (["--no-bom"], b"id,url,")):
        out = tmp_path / "x.csv"
        result = CliRunner().invoke(cli, ["export", "--db", str(archive_db), "--format", "csv", "-o", str(out), *flags])
        assert result.exit_code == 0 and out.read_bytes().startswith(starts)
        assert "Tỉnh Quảng Ninh" in out.read_bytes().decode("utf-8-sig")
    jsonl = CliRunner().invoke(cli, ["export", "--db", str(archive_db), "--format", "jsonl"])
    assert jsonl.stdout.startswith("{")


def test_robots_txt_failure_is_one_warning_line_without_traceback() -> None:
    import logging

    from scrapy import Request

    from crawler.logs import ROBOTS_LOGGER, OneLinePerHost

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger(ROBOTS_LOGGER)
    one_line = OneLinePerHost()
    logger.addFilter(one_line)
    logger.addHandler(handler)
    try:
        for _ in range(2):
            try:
                raise TimeoutError("robots.txt took too long")
            except TimeoutError as exc:  # exactly how Scrapy's RobotsTxtMiddleware logs it
                logger.error("Error downloading %(request)s: %(f_exception)s",
                             {"request": Request("http://xa.gov.vn/tin"), "f_exception": exc}, exc_info=True)
    finally:
        logger.removeFilter(one_line)
        logger.removeHandler(handler)
    assert len(records) == 1 and records[0].exc_info is None and records[0].levelname == "WARNING"
    assert logging.Formatter().format(records[0]) == (
        "robots.txt of xa.gov.vn not fetched (robots.txt took too long): crawled as if it allowed everything")
