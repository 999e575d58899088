"""Articles of pre-2025 portals under the 2025 map, on a real crawl served by a real Datasette: facets, filters, pages, exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from archive.cli import cli
from archive.store.db import Archive
from benchmarks.portals import write_sources
from tests.conftest import ROOT, Crawled, run_qpdp, serving
from tests.farm import Farm

NOW = {"thachban": "Hà Nội", "mongcai": "Quảng Ninh", "kienan": "Hải Phòng", "thanhkhetay": "Đà Nẵng",
       "danvan": "Hà Nội", "quangninh": "Quảng Ninh"}


@pytest.fixture(scope="module")
def demo_named(farm: Farm, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The farm crawled under the demo portals' real names and pre-2025 provinces (config/demo.yaml)."""
    tmp = tmp_path_factory.mktemp("now")
    demo = {s["id"].removeprefix("demo-"): s for s in yaml.safe_load((ROOT / "config" / "demo.yaml").read_text("utf-8"))["sources"]}
    sources = [{"id": p.id, "name": demo[p.id]["name"], "level": demo[p.id]["level"], "province": demo[p.id].get("province"),
                "start_urls": [p.url]} for p in farm.portals if p.id in demo]
    config = write_sources(tmp / "sources.yaml", sources)
    result = run_qpdp("crawl", "--config", str(config), "--db", str(tmp / "archive.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "archive.db"


@pytest.fixture(scope="module")
def base(demo_named: Path) -> Iterator[str]:
    """That archive served by `qpdp serve`."""
    with serving(demo_named) as url:
        yield url


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as resp:
        return resp.read().decode("utf-8")


def _by_source(db: Path) -> dict[str, set[str | None]]:
    conn = sqlite3.connect(db)
    try:
        found: dict[str, set[str | None]] = {}
        for source, now in conn.execute("SELECT source_id, province_now FROM articles"):
            found.setdefault(source, set()).add(now)
        return found
    finally:
        conn.close()


def test_stored_articles_carry_their_sources_2025_province(demo_named: Path) -> None:
    found = _by_source(demo_named)
    assert set(found) == set(NOW) and all(found[s] == {NOW[s]} for s in found), found


def test_province_facet_lists_2025_provinces_and_filters_like_the_export(base: str) -> None:
    data = json.loads(_get(f"{base}/archive/articles.json?_shape=objects&_size=max"))
    facet = {r["value"]: r["count"] for r in data["facet_results"]["province_now"]["results"]}
    assert set(facet) == set(NOW.values()) and sum(facet.values()) == data["filtered_table_rows_count"]
    page = _get(f"{base}/archive/articles")
    assert "Tỉnh, thành phố (2025)" in page and "phường" in page and "quận, huyện" in page and "trung ương" in page
    wanted = urllib.parse.quote("Hải Phòng")
    rows = json.loads(_get(f"{base}/archive/articles.json?province_now={wanted}&_shape=objects&_size=max"))["rows"]
    exported = list(csv.DictReader(io.StringIO(_get(f"{base}/archive/-/export.csv?province_now={wanted}").lstrip("\ufeff"))))
    assert rows and {r["id"] for r in rows} == {int(r["id"]) for r in exported} and len(rows) == facet["Hải Phòng"]
    assert {r["source_id"] for r in exported} == {"kienan"} and {r["province_now"] for r in exported} == {"Hải Phòng"}
    assert {r["province"] for r in exported} == {"Hải Phòng"}  # the source's own value is kept beside it
    searched = json.loads(_get(f"{base}/archive/articles.json?_search=d%C3%A2n%20qu%C3%A2n&_shape=objects"))
    assert set(r["value"] for r in searched["facet_results"]["province_now"]["results"]) <= set(NOW.values())
    feed = _get(f"{base}/archive/-/feed.atom?province_now={wanted}")
    assert feed.count("<entry>") == len(rows)


def test_article_page_and_result_lines_show_the_old_unit_and_the_2025_one(base: str, demo_named: Path) -> None:
    conn = sqlite3.connect(demo_named)
    ids = dict(conn.execute("SELECT source_id, min(id) FROM articles GROUP BY 1"))
    conn.close()
    thachban = _get(f"{base}/archive/articles/{ids['thachban']}")
    assert "Phường Thạch Bàn, Quận Long Biên, Thành phố Hà Nội" in thachban and "nay thuộc" in thachban
    assert "Phường Long Biên, Hà Nội" in thachban
    kienan = _get(f"{base}/archive/articles/{ids['kienan']}")
    assert "Quận Kiến An" in kienan and "nay thuộc" in kienan and "province_now=H%E1%BA%A3i%20Ph%C3%B2ng" in kienan
    province = _get(f"{base}/archive/articles/{ids['quangninh']}")
    assert "Tỉnh Quảng Ninh" in province and "nay thuộc" not in province  # a unit of the 2025 map
    listing = _get(f"{base}/archive/articles?source_id=mongcai")
    assert "Thành phố Móng Cái · nay thuộc Quảng Ninh" in listing


def test_older_archives_get_province_now_on_open(demo_named: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(demo_named, db)
    conn = sqlite3.connect(db)
    conn.execute("DROP INDEX articles_facet_province_now")
    conn.execute("ALTER TABLE articles DROP COLUMN province_now")
    conn.commit()
    conn.close()
    with serving(db) as served:  # served before any writer upgraded it: faceted by the source's province
        data = json.loads(_get(f"{served}/archive/articles.json?_search=d%C3%A2n%20qu%C3%A2n&_shape=objects"))
        assert "province" in data["facet_results"] and "nay thuộc" in _get(f"{served}/archive/articles")
    Archive(db).close()
    assert _by_source(db) == _by_source(demo_named)
    conn = sqlite3.connect(db)
    plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN SELECT province_now, count(*) FROM articles"
                                                " WHERE level = 'ward' GROUP BY 1"))
    conn.close()
    assert "COVERING INDEX articles_facet_province_now" in plan
    Archive(db).close()  # idempotent
    assert _by_source(db) == _by_source(demo_named)


def test_a_source_that_moves_takes_its_articles_along(crawled: Crawled, tmp_path: Path) -> None:
    from archive.config import Source

    db = tmp_path / "moved.db"
    shutil.copy(crawled.db, db)
    archive = Archive(db)
    archive.sync_sources([Source(id="kienan", name="Huyện Krông Nô", level="district", province="Đắk Nông",
                                 start_urls=[crawled.farm.url("kienan")])])
    archive.close()
    assert _by_source(db)["kienan"] == {"Lâm Đồng"}


def test_export_by_province_takes_a_2025_name_whole_and_an_old_name_alone(crawled: Crawled, tmp_path: Path) -> None:
    """`qpdp export --province`: Lâm Đồng (2025) holds the former Đắk Nông's source; Đắk Nông only that one."""
    db = tmp_path / "moved.db"
    shutil.copy(crawled.db, db)
    with sqlite3.connect(db) as conn:  # articles archived from a portal of the former Đắk Nông
        conn.execute("UPDATE articles SET province = 'Đắk Nông', province_now = 'Lâm Đồng' WHERE source_id = 'kienan'")
    conn.close()

    def exported(name: str) -> set[str]:
        result = CliRunner().invoke(cli, ["export", "--db", str(db), "--province", name, "--format", "jsonl"])
        assert result.exit_code == 0, result.output
        return {json.loads(line)["source_id"] for line in result.stdout.splitlines()}

    assert exported("Lâm Đồng") == exported("lam dong") == exported("Tỉnh Lâm Đồng") == {"kienan"}
    assert exported("dak nong") == {"kienan"} and exported("Quảng Nam") == set()
    assert exported("Hà Nội") == {s for s, nows in _by_source(db).items() if "Hà Nội" in nows}
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--province", "Atlantis", "--format", "csv"])
    assert result.exit_code == 2 and "is no Vietnamese province" in result.output


def test_sources_are_placed_again_only_when_their_place_can_have_changed(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A nightly crawl re-syncs its sources: unchanged ones are not placed again (that loads ~40 MB of tables)."""
    from archive.config import Source
    from archive.store import browse

    placed: list[str] = []
    real = browse.locate
    monkeypatch.setattr(browse, "locate", lambda name, level, province: placed.append(name) or real(name, level, province))
    sources = [Source(id="a", name="Huyện Krông Nô", level="district", province="Đắk Nông", start_urls=["http://a.vn/"]),
               Source(id="b", name="Không có nơi nào", level="ward", province=None, start_urls=["http://b.vn/"])]
    archive = Archive(tmp_path / "a.db")
    archive.sync_sources(sources)
    assert placed == ["Huyện Krông Nô", "Không có nơi nào"]
    archive.sync_sources(sources)
    assert len(placed) == 2
    archive.sync_sources([sources[0].model_copy(update={"province": "Lâm Đồng"}), sources[1]])
    assert placed[2:] == ["Huyện Krông Nô"]
    assert archive.conn.execute("SELECT province_now FROM source_places WHERE source_id = 'a'").fetchone() == ("Lâm Đồng",)
    archive.close()


def test_places_found_apart_equal_places_found_here() -> None:
    """The crawl's writer places its sources in a short-lived process (the units tables stay out of its memory)."""
    from archive.store.places import locate, locate_apart, province_now

    wanted = [("Huyện Krông Nô", "district", "Đắk Nông"), ("Phường Thạch Bàn", "ward", "Hà Nội"),
              ("Không có nơi nào", "ward", None), ("Bộ Quốc phòng", "central", None)]
    assert locate_apart(wanted) == [(locate(*w), province_now(w[2])) for w in wanted]
