"""The national catalog (config/catalog/): counts, provenance, selection, crawling it, and 2025 units in the archive."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from archive import catalog
from archive.commands.sources import catalog_sources, in_province
from archive.config import PROJECT_ROOT, Source, load_config
from archive.demo import serve_portals, stop_portals
from archive.store.db import Archive
from archive.store.places import province_now
from archive.web.charts import source_map
from tests.conftest import run_qpdp

CATALOG = PROJECT_ROOT / "config" / "catalog"


def test_committed_catalog_covers_the_2025_map() -> None:
    rows = list(catalog.rows(CATALOG))
    units = [r for r in rows if r["level"] in ("commune", "ward")]
    assert len(list(CATALOG.glob("*.yaml"))) == 35 and len(units) == 3321
    assert len({r["province"] for r in units}) == 34 and len({r["code"] for r in units}) == 3321
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(r["verified"] is False and r["evidence"] in ("seen", "analogy", "none") for r in rows)
    assert all(bool(r["start_urls"]) == (r["evidence"] != "none") for r in rows)
    assert all(-90 < r["latitude"] < 90 and 100 < r["longitude"] < 120 for r in units)
    assert all(isinstance(catalog.to_source(r), (Source, type(None))) for r in rows)
    central = {r["id"]: r for r in catalog.rows(CATALOG / "central.yaml")}
    assert {"mod", "qdnd", "baoquankhu7", "tuyengiaodanvan"} <= central.keys() and all(r["from"] for r in central.values())
    assert sum(r["id"].startswith("bchqs-") for r in rows) == 34


def test_catalog_is_what_the_command_generates(tmp_path: Path) -> None:
    result = run_qpdp("sources", "catalog", "--output", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["provinces"] == 34 and counts["units"] == 3321
    assert sum(counts["units_by_evidence"].values()) == 3321 and counts["units_by_evidence"]["seen"] > 0
    for path in sorted(CATALOG.glob("*.yaml")):
        assert (tmp_path / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), \
            f"{path.name} is stale: run `qpdp sources catalog` (it reads the provincial hosts of config/sources.yaml)"


def test_every_province_file_says_where_its_pattern_came_from() -> None:
    import yaml

    for path in sorted(CATALOG.glob("*.yaml")):
        if path.name == "central.yaml":
            continue
        head = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert head["pattern"]["evidence"] in ("seen", "analogy", "none") and head["pattern"]["from"], path.name
        assert head["before_2025"] and head["portal"]["from"], path.name
    lamdong = yaml.safe_load((CATALOG / "lamdong.yaml").read_text(encoding="utf-8"))
    assert set(lamdong["before_2025"]) == {"Lâm Đồng", "Đắk Nông", "Bình Thuận"}


def test_selection_by_province_and_level() -> None:
    lamdong = CATALOG / "lamdong.yaml"
    wards = catalog_sources(lamdong, level="ward")
    assert wards and all(s.level == "ward" for s in wards)
    daknong = catalog_sources(lamdong, province="dak nong")
    ids = {s.id for s in daknong}
    assert daknong and len(daknong) < len(catalog_sources(lamdong)) and "binhthuan" not in ids and "lamdong" in ids
    assert province_now("Đắk Nông") == province_now("Bình Thuận") == "Lâm Đồng" and province_now("Thừa Thiên Huế") == "Huế"
    config = load_config(PROJECT_ROOT / "config" / "sources.yaml")
    assert {s.id for s in config.sources if in_province(s, "Lâm Đồng")} == {"lamdong", "binhthuan"}


def test_crawl_a_catalog_file_filtered_by_level(tmp_path: Path) -> None:
    (portal,) = serve_portals(["thanhkhetay"], host_base=111, port=0)
    try:
        rows = [{"id": "thanhkhetay-danang", "name": "Phường Thanh Khê", "level": "ward", "province": "Đà Nẵng",
                 "code": "20227", "start_urls": [portal.url], "evidence": "seen", "verified": False},
                {"id": "hoavang-danang", "name": "Xã Hòa Vang", "level": "commune", "province": "Đà Nẵng",
                 "start_urls": ["http://127.0.0.1:9/"], "evidence": "analogy", "verified": False}]
        path = tmp_path / "danang.yaml"
        path.write_text("sources:\n" + "".join(f"  - {catalog._flow(r)}\n" for r in rows), encoding="utf-8")
        db = tmp_path / "archive.db"
        result = run_qpdp("crawl", "--catalog", str(path), "--level", "ward", "--db", str(db), "--progress", "off")
        assert result.returncode == 0, result.stderr[-2000:]
        conn = sqlite3.connect(db)
        assert [r[0] for r in conn.execute("SELECT id FROM sources")] == ["thanhkhetay-danang"]
        assert conn.execute("SELECT count(*) FROM articles WHERE source_id = 'thanhkhetay-danang'").fetchone()[0] > 0
        bad = run_qpdp("crawl", "--catalog", str(path), "--province", "Atlantis", "--db", str(db))
        assert bad.returncode == 2 and "Atlantis" in bad.stderr
    finally:
        stop_portals([portal])


def test_pre_2025_sources_show_the_unit_they_belong_to_now(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a.db")
    archive.sync_sources([
        Source(id="thachban", name="Phường Thạch Bàn (quận Long Biên, Hà Nội)", level="ward", province="Hà Nội",
               start_urls=["http://127.0.0.1:9/"]),
        Source(id="krongno", name="Huyện Krông Nô", level="district", province="Đắk Nông", start_urls=["http://127.0.0.1:9/"]),
    ])
    rows = {r[0]: r[1:] for r in archive.conn.execute("SELECT source_id, province, unit, province_now, unit_now FROM source_map")}
    archive.conn.row_factory = sqlite3.Row
    svg = source_map([], [dict(r) for r in archive.conn.execute("SELECT * FROM source_map")])
    archive.close()
    assert "Tỉnh Đắk Nông (nay / now: Lâm Đồng)" in svg and "(nay / now: Phường Long Biên, Hà Nội)" in svg
    assert rows["krongno"][0] == "Đắk Nông" and rows["krongno"][2] == "Lâm Đồng"
    assert rows["thachban"][2] == "Hà Nội" and rows["thachban"][3] == "Phường Long Biên, Hà Nội"
