"""`--since`/`--until` and `_since`/`_until` take whole periods (YYYY, YYYY-MM, YYYY-MM-DD), with or without times."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.store.selection import period
from tests.conftest import serving

# Boundary dates: first and last moments of 2022, of June 2022 and of 30 June, with and without times.
PUBLISHED = ["2021-12-31T23:59:59+07:00", "2021-12-31", "2022-01-01", "2022-01-01T00:00:00+07:00",
             "2022-05-31T23:59:59+07:00", "2022-06-01", "2022-06-01T00:00:00+07:00", "2022-06-30",
             "2022-06-30T23:59:59+07:00", "2022-07-01", "2022-07-01T00:00:00+07:00", "2022-12-31",
             "2022-12-31T23:59:59+07:00", "2023-01-01", "2023-01-01T00:00:00+07:00", None]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real archive holding one article per boundary date."""
    from archive.store.db import Archive

    path = tmp_path_factory.mktemp("periods") / "a.db"
    archive = Archive(path)
    archive.conn.execute("INSERT INTO sources (id, name, level, start_urls) VALUES ('p', 'Phường P', 'ward', '[]')")
    for i, published in enumerate(PUBLISHED):
        url = f"https://p.gov.vn/tin/{i}"
        archive.save_article(None, {"url": url, "source_id": "p"},
                             {"url": url, "title": f"Bài {i}", "text": f"Dân quân tự vệ, bài số {i} ngày {published}.",
                              "published": published}, {"id": "p", "level": "ward"})
    archive.close()
    return path


def _exported(db: Path, *args: str) -> list[str | None]:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return sorted(json.loads(line)["published"] for line in result.stdout.splitlines())


def _between(first: str, last: str) -> list[str]:
    """The boundary dates whose calendar day lies in [first, last]."""
    return sorted(p for p in PUBLISHED if p and first <= p[:10] <= last)


@pytest.mark.parametrize("since, until, first, last", [
    ("2022", "2022", "2022-01-01", "2022-12-31"),
    ("2022-06", "2022-06", "2022-06-01", "2022-06-30"),
    ("2022-06-30", "2022-06-30", "2022-06-30", "2022-06-30"),
    ("2022-01-01", "2022-06", "2022-01-01", "2022-06-30"),
    ("2022-06", "2022-12-31", "2022-06-01", "2022-12-31"),
])
def test_cli_export_takes_whole_periods(db: Path, since: str, until: str, first: str, last: str) -> None:
    assert _exported(db, "--since", since, "--until", until) == _between(first, last)


def test_until_alone_and_since_alone(db: Path) -> None:
    assert _exported(db, "--until", "2022") == _between("0000", "2022-12-31")
    assert _exported(db, "--until", "2022-06") == _between("0000", "2022-06-30")
    assert _exported(db, "--since", "2023") == _between("2023-01-01", "9999")


def test_period_bounds() -> None:
    assert period("2022") == ("2022-01-01", "2023-01-01")
    assert period("2022-12") == ("2022-12-01", "2023-01-01")
    assert period("2024-02") == ("2024-02-01", "2024-03-01")
    assert period("2024-02-29") == ("2024-02-29", "2024-03-01")
    for bad in ("2023-02-30", "2022-13", "22", "2022-6", "x"):
        with pytest.raises(ValueError):
            period(bad)


@pytest.fixture(scope="module")
def web(db: Path) -> Iterator[str]:
    """The boundary archive in a real `qpdp serve`."""
    with serving(db) as base:
        yield base


@pytest.mark.parametrize("since, until, first, last", [
    ("2022", "2022", "2022-01-01", "2022-12-31"), ("2022-06", "2022-06", "2022-06-01", "2022-06-30"),
    ("2021-12-31", "2022-01-01", "2021-12-31", "2022-01-01"),
])
def test_web_list_and_web_export_take_the_same_periods(web: str, db: Path, since: str, until: str, first: str, last: str) -> None:
    query = f"_since={since}&_until={until}"
    with urllib.request.urlopen(f"{web}/archive/-/export.jsonl?{query}", timeout=30) as response:
        exported = sorted(json.loads(line)["published"] for line in response.read().decode("utf-8").splitlines())
    with urllib.request.urlopen(f"{web}/archive/articles.json?{query}&_shape=array&_size=max", timeout=30) as response:
        listed = sorted(row["published"] for row in json.load(response))
    assert exported == listed == _between(first, last) == _exported(db, "--since", since, "--until", until)


def test_a_web_date_that_is_no_date_is_refused_or_shown_as_ignored(web: str) -> None:
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{web}/archive/-/export.csv?_until=2022-13", timeout=30)
    assert refused.value.code == 400 and "'2022-13' is not a date" in refused.value.read().decode("utf-8")
    with urllib.request.urlopen(f"{web}/archive/articles?_until=2022-13", timeout=30) as response:
        assert "ignored _until=2022-13" in response.read().decode("utf-8")
