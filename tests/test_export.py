"""`qpdp export` over the crawled archive: formats, filters, files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from archive.cli import cli
from tests.conftest import Crawled

REQUIRED = {"url", "source_id", "published", "title", "author", "text"}


def _export(crawled: Crawled, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", str(crawled.db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_jsonl_has_every_field_and_a_citation(crawled: Crawled) -> None:
    records = [json.loads(line) for line in _export(crawled, "--format", "jsonl").splitlines()]
    assert records and all(REQUIRED <= set(r) and r["citation"] for r in records)
    dates = [r["published"] for r in records if r["published"]]
    assert dates == sorted(dates, reverse=True)


def test_csv_round_trips_vietnamese(crawled: Crawled) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(crawled, "--format", "csv"))))
    assert rows and REQUIRED <= set(rows[0])
    assert any("quân" in r["text"] for r in rows)


def test_markdown_documents_have_yaml_headers(crawled: Crawled) -> None:
    text = _export(crawled, "--format", "md", "--source", "mongcai")
    documents = [d for d in text.split("\n---\n\n# ") if d]
    assert documents
    header = yaml.safe_load(text.split("---\n")[1])
    assert header["source_id"] == "mongcai" and header["url"].startswith("http")


def test_filters_search_source_and_dates(crawled: Crawled, tmp_path: Path) -> None:
    everything = _export(crawled, "--format", "jsonl").splitlines()
    folded = _export(crawled, "--format", "jsonl", "--search", "dan quan").splitlines()
    accented = _export(crawled, "--format", "jsonl", "--search", "dân quân").splitlines()
    assert 0 < len(folded) < len(everything) and folded == accented
    recent = [json.loads(r) for r in _export(crawled, "--format", "jsonl", "--since", "2023-06-01").splitlines()]
    assert all(r["published"] >= "2023-06-01" for r in recent)
    old = [json.loads(r) for r in _export(crawled, "--format", "jsonl", "--until", "2022-12-31").splitlines()]
    assert all(r["published"][:10] <= "2022-12-31" for r in old)
    out = tmp_path / "set.csv"
    result = CliRunner().invoke(cli, ["export", "--db", str(crawled.db), "--source", "faulty", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0 and "1 articles exported" in result.output
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 1


def test_bad_search_syntax_is_a_clean_error(crawled: Crawled) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(crawled.db), "--search", '"unbalanced', "--format", "csv"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
