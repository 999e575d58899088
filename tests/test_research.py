"""The research experience on a real crawl served by a real Datasette: search, pages, feeds, exports, limits."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from archive.cli import cli
from archive.text import fold
from tests.conftest import Crawled, serving

ATOM = "{http://www.w3.org/2005/Atom}"


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=20) as resp:
        return resp.status, dict(resp.headers), resp.read()


def _html(url: str) -> str:
    return _get(url)[2].decode("utf-8")


def _ids(base: str, query: str) -> set[int]:
    q = urllib.parse.quote(query)
    rows = json.loads(_get(f"{base}/archive/articles.json?_search={q}&_shape=objects&_size=max")[2])["rows"]
    return {r["id"] for r in rows}


def _rows(base: str, query: str) -> list[dict]:
    q = urllib.parse.quote(query)
    return json.loads(_get(f"{base}/archive/articles.json?_search={q}&_shape=objects&_size=max")[2])["rows"]


@pytest.mark.parametrize(("short", "long"), [("DQTV", "dân quân tự vệ"), ("DBĐV", "dự bị động viên"),
                                              ("dbdv", "du bi dong vien"), ("Ban CHQS", "Ban chỉ huy quân sự")])
def test_abbreviation_and_long_form_find_the_same_articles(server: str, short: str, long: str) -> None:
    assert _ids(server, short) and _ids(server, short) == _ids(server, long)


def test_dqtv_finds_articles_that_only_spell_it_out(server: str) -> None:
    rows = _rows(server, "DQTV")
    texts = [fold(r["title"] + " " + r["text"]) for r in rows]
    assert any("dqtv" in t for t in texts), "a fixture article writes the abbreviation"
    assert any("dqtv" not in t and "dan quan tu ve" in t for t in texts), "and others only the long form"


def test_dang_uy_finds_dang_uy_with_stroke(server: str) -> None:
    rows = _rows(server, "dang uy")
    assert rows and all("đảng ủy" in (r["title"] + r["text"]).lower() or "đảng uỷ" in (r["title"] + r["text"]).lower() for r in rows)


def test_results_page_highlights_snippets_and_links_feed_exports_timeline(server: str) -> None:
    page = _html(f"{server}/archive/articles?_search=dqtv")
    assert "<mark>" in page and "qpdp-results" in page
    for link in ("/archive/-/feed.atom?_search=dqtv", "/archive/-/export.csv?_search=dqtv", "/archive/-/timeline?_search=dqtv",
                 "/archive/search?q=dqtv"):
        assert link in page
    relevance = _html(f"{server}/archive/search?q=" + urllib.parse.quote("dân quân tự vệ"))
    assert relevance.count('class="qpdp-title"') == len(_ids(server, "dqtv")) and "<mark>" in relevance


@pytest.mark.parametrize("bounds", ["_since=2023&_until=2023-06", "_since=2023-05-01&_until=2024", "_until=2022-12-31"])
def test_date_bounded_search_list_counts_feed_and_exports_agree(server: str, bounds: str) -> None:
    query = "_search=" + urllib.parse.quote("dân quân") + "&" + bounds
    listed = json.loads(_get(f"{server}/archive/articles.json?_shape=objects&_size=max&{query}")[2])
    count = listed["filtered_table_rows_count"]
    assert 0 < count == len(listed["rows"]) < len(_ids(server, "dân quân"))
    exported = list(csv.DictReader(io.StringIO(_get(f"{server}/archive/-/export.csv?{query}")[2].decode("utf-8-sig"))))
    assert sorted(int(r["id"]) for r in exported) == sorted(r["id"] for r in listed["rows"])
    entries = ET.fromstring(_get(f"{server}/archive/-/feed.atom?{query}")[2]).findall(f"{ATOM}entry")
    assert len(entries) == min(count, 50)
    years = {y["value"]: y["count"] for y in listed["facet_results"]["year"]["results"]}
    assert sum(years.values()) == count, "facets count the same rows"


def test_year_and_month_facets_list_the_newest_periods_first(server: str, crawled: Crawled) -> None:
    facets = json.loads(_get(f"{server}/archive/articles.json?_facet_size=3")[2])["facet_results"]
    newest = [r[0] for r in sqlite3.connect(crawled.db).execute(
        "SELECT DISTINCT month FROM articles WHERE month IS NOT NULL ORDER BY 1 DESC LIMIT 4")]
    assert [r["value"] for r in facets["month"]["results"]] == newest[:3] and facets["month"]["truncated"]
    years = [r["value"] for r in facets["year"]["results"]]
    assert years == sorted(years, reverse=True)


def test_minus_excludes_a_term_and_an_empty_query_explains(server: str) -> None:
    both, without = _rows(server, "dân quân"), _rows(server, "dan quan -kien an")
    assert 0 < len(without) < len(both)
    assert not [r for r in without if "kien an" in fold(r["title"] + " " + r["text"])]
    page = _html(f"{server}/archive/articles?_search=" + urllib.parse.quote("-kiến an"))
    assert "qpdp-hint" in page and "không có từ nào để tìm" in page


def test_home_page_is_the_search_page(server: str) -> None:
    page = _html(f"{server}/")
    assert 'name="_search"' in page and 'name="_since"' in page and 'name="_until"' in page
    assert "Bài mới nhất" in page and "/archive/-/map" in page and "_memory" not in page
    tables = _html(f"{server}/archive")
    assert "/archive/articles" in tables and "/archive/fetches" not in tables and "hidden table" in tables
    assert _get(f"{server}/archive/fetches")[0] == 200


def test_date_order_and_facets_by_source_level_province_year_month_topic(server: str) -> None:
    data = json.loads(_get(f"{server}/archive/articles.json?_shape=objects&_sort=published")[2])
    dates = [r["published"] for r in data["rows"] if r["published"]]
    assert dates == sorted(dates)
    assert {"source_id", "level", "province_now", "year", "month", "topics"} <= set(data["facet_results"])
    page = _html(f"{server}/archive/articles?level=ward")
    assert "Cấp / level" in page and "Chủ đề / topic" in page


def test_article_page_reads_like_an_article(server: str, crawled: Crawled) -> None:
    conn = sqlite3.connect(crawled.db)
    article_id, title, url, first = conn.execute(
        "SELECT id, title, url, text FROM articles WHERE author IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    clustered = "cluster_id" in columns and conn.execute(
        "SELECT count(*) FROM articles WHERE cluster_id = (SELECT cluster_id FROM articles WHERE id = ?) AND id != ?",
        (article_id, article_id)).fetchone()[0] > 0
    conn.close()
    page = _html(f"{server}/archive/articles/{article_id}")
    assert f"<h1>{title}</h1>" in page.replace("&#39;", "'")
    assert f'href="{url}"' in page and "Bài gốc / original article" in page and "Trích dẫn / cite" in page
    assert page.count("<p>") >= 3 and ("qpdp-cluster" in page) == clustered  # a lone article has no cluster box


def test_atom_feed_for_a_search_and_a_topic(server: str) -> None:
    status, headers, body = _get(f"{server}/archive/-/feed.atom?_search=DQTV")
    assert status == 200 and headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(body).findall(f"{ATOM}entry")
    assert len(entries) == len(_ids(server, "DQTV"))
    assert all(e.find(f"{ATOM}title").text and e.find(f"{ATOM}link").get("href").startswith("http") for e in entries)
    topic = ET.fromstring(_get(f"{server}/archive/-/feed.atom?topic=dan-quan-tu-ve")[2]).findall(f"{ATOM}entry")
    assert topic and all(any(c.get("term") == "dan-quan-tu-ve" for c in e.findall(f"{ATOM}category")) for e in topic)


def test_full_exports_are_not_truncated(server: str, crawled: Crawled) -> None:
    total = sqlite3.connect(crawled.db).execute("SELECT count(*) FROM articles").fetchone()[0]
    rows = list(csv.DictReader(io.StringIO(_get(f"{server}/archive/-/export.csv")[2].decode("utf-8"))))
    assert len(rows) == total and all(r["citation"] and r["url"] in r["citation"] for r in rows)
    lines = _get(f"{server}/archive/-/export.jsonl?_search=dqtv")[2].decode("utf-8").splitlines()
    assert {json.loads(line)["id"] for line in lines} == _ids(server, "dqtv")
    bundle = zipfile.ZipFile(io.BytesIO(_get(f"{server}/archive/-/export.zip?level=ward")[2]))
    assert "CITATIONS.md" in bundle.namelist() and len(bundle.namelist()) > 2
    settings = json.loads(_get(f"{server}/-/settings.json")[2])
    assert settings["max_csv_mb"] == 0 and settings["allow_csv_stream"]
    streamed = _get(f"{server}/archive/articles.csv?_stream=on&_size=2")[2].decode("utf-8")
    assert len(list(csv.DictReader(io.StringIO(streamed)))) == total


def test_timeline_and_map(server: str, crawled: Crawled) -> None:
    timeline = _html(f"{server}/archive/-/timeline")
    assert "<svg" in timeline and timeline.count("<rect") > 5 and "phường / ward" in timeline
    assert "Dân quân tự vệ" in _html(f"{server}/archive/-/timeline?by=topic")
    places = sqlite3.connect(crawled.db).execute("SELECT count(*) FROM source_places").fetchone()[0]
    assert places == len(crawled.farm.portals)
    page = _html(f"{server}/archive/-/map")
    assert page.count('fill="#c23b3b"') == places and "Đà Nẵng" in page


def test_canned_queries_have_vietnamese_and_english_titles(server: str) -> None:
    queries = {q["name"]: q for q in json.loads(_get(f"{server}/archive.json")[2])["queries"]}
    assert {"search", "articles_by_topic", "new_since", "republished", "busiest_sources"} <= set(queries)
    assert all(" / " in q["title"] for q in queries.values())

    def run(name: str, **params: str) -> list[dict]:
        return json.loads(_get(f"{server}/archive/{name}.json?_shape=objects&" + urllib.parse.urlencode(params))[2])["rows"]

    assert run("articles_by_topic", topic="dan-quan-tu-ve", since="2023-01-01", until="")
    assert run("new_since", since="2000-01-01")
    busiest = run("busiest_sources", since="")
    assert busiest == sorted(busiest, key=lambda r: -r["articles"])
    assert run("republished", article="1")


def test_article_page_shows_its_duplicate_cluster(crawled: Crawled, tmp_path: Path) -> None:
    db = tmp_path / "clustered.db"
    shutil.copy(crawled.db, db)
    conn = sqlite3.connect(db)
    if "cluster_id" not in {row[1] for row in conn.execute("PRAGMA table_info(articles)")}:
        conn.execute("ALTER TABLE articles ADD COLUMN cluster_id INTEGER")  # the dedup contract, before it lands
    conn.execute("UPDATE articles SET cluster_id = id")
    a, b = (r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id LIMIT 2"))
    conn.execute("UPDATE articles SET cluster_id = ? WHERE id IN (?, ?)", (a, a, b))
    conn.commit()
    other_title = conn.execute("SELECT title FROM articles WHERE id = ?", (b,)).fetchone()[0]
    conn.close()
    with serving(db) as base:
        page = _html(f"{base}/archive/articles/{a}")
        assert "qpdp-cluster" in page and other_title in page
        rows = json.loads(_get(f"{base}/archive/republished.json?_shape=objects&article={a}")[2])["rows"]
        assert {r["article_id"] for r in rows if r["how"].startswith("bài trong cụm")} == {a, b}


def test_public_mode_blocks_robots_rate_limits_and_stays_read_only(crawled: Crawled) -> None:
    with serving(crawled.db, "--public", "--rate-limit", "6") as base:
        status, headers, body = _get(f"{base}/robots.txt")
        assert body.decode().splitlines() == ["User-agent: *", "Disallow: /"]
        assert headers.get("x-robots-tag") == "noindex, nofollow"
        settings = json.loads(_get(f"{base}/-/settings.json")[2])
        assert settings["sql_time_limit_ms"] <= 1000
        with pytest.raises(urllib.error.HTTPError) as err:
            _get(f"{base}/archive.json?sql=" + urllib.parse.quote("delete from articles"))
        assert err.value.code == 400
        codes = []
        for _ in range(6):
            try:
                codes.append(_get(f"{base}/archive/articles.json")[0])
            except urllib.error.HTTPError as exc:
                codes.append(exc.code)
        assert 429 in codes


def test_cli_markdown_bundle(crawled: Crawled, tmp_path: Path) -> None:
    out = tmp_path / "dqtv.zip"
    result = CliRunner().invoke(cli, ["export", "--db", str(crawled.db), "--search", "DQTV", "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    bundle = zipfile.ZipFile(out)
    articles = [n for n in bundle.namelist() if n.startswith("articles/")]
    assert articles and len(articles) == int(result.output.split()[0])
    text = bundle.read(articles[0]).decode("utf-8")
    header = yaml.safe_load(text.split("---\n")[1])
    assert header["url"].startswith("http") and header["citation"].endswith(")")
    assert bundle.read("CITATIONS.md").decode("utf-8").count("\n- ") == len(articles)
    bad = CliRunner().invoke(cli, ["export", "--db", str(crawled.db), "--format", "zip"])
    assert bad.exit_code == 2 and "needs -o" in bad.output
