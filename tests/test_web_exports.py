"""Web exports match `qpdp export`: the same records, provenance included, and CSV with a byte-order mark."""

from __future__ import annotations

import json
import urllib.request

from click.testing import CliRunner

from archive.cli import cli
from tests.conftest import Crawled

PROVENANCE = ("capture_id", "captured_at", "sha256", "warc_record_id", "warc_file")


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def test_web_export_carries_the_cli_provenance(crawled: Crawled, server: str) -> None:
    web = {r["id"]: r for r in map(json.loads, _get(f"{server}/archive/-/export.jsonl?source_id=mongcai").splitlines())}
    result = CliRunner().invoke(cli, ["export", "--db", str(crawled.db), "--source", "mongcai", "--format", "jsonl"])
    cli_records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert web and web.keys() == cli_records.keys()
    for article_id, record in web.items():
        assert all(record[k] for k in PROVENANCE), record
        assert record == cli_records[article_id]


def test_web_csv_has_a_byte_order_mark_unless_asked(server: str) -> None:
    assert _get(f"{server}/archive/-/export.csv?source_id=mongcai").startswith(b"\xef\xbb\xbfid,url,")
    assert _get(f"{server}/archive/-/export.csv?source_id=mongcai&_bom=0").startswith(b"id,url,")


def test_datasette_csv_has_the_byte_order_mark_too(server: str) -> None:
    for url in (f"{server}/archive/articles.csv?source_id=mongcai&_size=5",
                f"{server}/archive/articles.csv?source_id=mongcai&_stream=1&_dl=1"):
        assert _get(url).startswith(b"\xef\xbb\xbfid,")
    assert _get(f"{server}/archive/articles.csv?source_id=mongcai&_size=5&_bom=0").startswith(b"id,")
    assert _get(f"{server}/archive/articles.json?source_id=mongcai&_size=1").startswith(b"{")
