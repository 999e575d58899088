"""The archive served by a real Datasette process: search with and without diacritics, read-only."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from archive.text import fold


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def _search(base: str, query: str) -> list[dict]:
    q = urllib.parse.quote(query)
    return _get(f"{base}/archive/articles.json?_search={q}&_shape=objects&_size=max")["rows"]


def test_search_without_diacritics_finds_dan_quan(server: str) -> None:
    rows = _search(server, "dan quan")
    assert rows
    for row in rows:
        assert "dan quan" in fold(row["title"] + " " + row["text"]) or ("dan" in fold(row["text"]) and "quan" in fold(row["text"]))
    assert any("dân quân" in r["text"].lower() for r in rows)
    assert {r["id"] for r in rows} == {r["id"] for r in _search(server, "dân quân")}


def test_dang_uy_finds_dang_uy_with_d_stroke(server: str) -> None:
    rows = _search(server, "dang uy")
    assert rows and all("dang uy" in fold(r["title"] + " " + r["text"]) for r in rows)
    assert {r["id"] for r in rows} == {r["id"] for r in _search(server, "Đảng ủy")}


def test_phrase_search(server: str) -> None:
    assert _search(server, '"dan quan tu ve"')
    assert not _search(server, '"tu ve dan quan khong co"')


def test_database_is_named_archive_with_facets_newest_first(server: str) -> None:
    data = _get(f"{server}/archive/articles.json?_shape=objects")
    published = [r["published"] for r in data["rows"] if r["published"]]
    assert published == sorted(published, reverse=True)
    assert {"source_id", "level", "province_now", "year", "topics"} <= set(data["facet_results"])


def test_serving_is_read_only(server: str) -> None:
    url = f"{server}/archive.json?sql=" + urllib.parse.quote("delete from articles")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url, timeout=10)
    assert err.value.code == 400
    assert _get(f"{server}/archive.json?sql=select+count(*)+as+n+from+articles&_shape=objects")["rows"][0]["n"] > 0
