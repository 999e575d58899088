"""The national source catalog: one candidate source per 2025 unit, central and military sources, from offline data.

Units, codes and coordinates come from `vietnamadminunits` (2025 table: 34 provinces, 3,321 communes and
wards; the pre-2025 table and the 2025 conversion data for the province each unit came from). Hosts come from
written-down patterns, one per province, each with where it came from; nothing here was checked live, so every
row is `verified: false` and carries the evidence of its URL: `seen` (the pattern was seen for this province),
`analogy` (a shape seen on other provinces' portals, applied to this province's portal host: a guess) or `none`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from archive.config import PROJECT_ROOT, Source
from archive.text import fold

CATALOG_DIR = PROJECT_ROOT / "config" / "catalog"
SOURCES_FILE = PROJECT_ROOT / "config" / "sources.yaml"
PATTERNS_NOTE = "shared/data/portal-url-patterns.md"
TSV_NOTE = ("config/sources.yaml, from shared/data/provincial-portal-domains-pre2025.tsv (a link list of a Hà Tĩnh "
            "portal clone, github dangquocdung/webtinh@8e511d0; 63-province era)")
ROW_KEYS = ("id", "name", "level", "province", "province_before_2025", "code", "latitude", "longitude",
            "start_urls", "evidence", "verified")
EXTRA_KEYS = ("province_before_2025", "code", "latitude", "longitude", "evidence")
_ALIASES = {"thuathienhue": "hue"}  # a pre-2025 name the package spells differently

# The commune/ward host pattern seen for a province: {slug} is the unit's name folded to ASCII without its type
# ("vinhtuy"), {key} with it ("xasonlinh").
SEEN_PATTERNS = {
    "hanoi": ("https://{slug}.hanoi.gov.vn/", f"{PATTERNS_NOTE}: Hà Nội wards since July 2025, e.g. vinhtuy.hanoi.gov.vn (medium)"),
    "danang": ("https://{slug}.danang.gov.vn/", f"{PATTERNS_NOTE}: Đà Nẵng wards (WordPress), seen hoaninh. and hoacuongbac. "
               "(pre-2025 wards; medium)"),
    "hatinh": ("https://{key}.hatinh.gov.vn/", f"{PATTERNS_NOTE}: Hà Tĩnh communes, e.g. xasonlinh.hatinh.gov.vn (pre-2025 "
               "commune; medium)"),
}
SEEN_HOSTS = {"danang": ("https://danang.gov.vn/", f"{PATTERNS_NOTE}: Đà Nẵng city (Liferay; medium)")}
ANALOGY = ("a subdomain per unit under the provincial portal's host, as seen for Hà Nội, Đà Nẵng and Hà Tĩnh communes "
           f"and Lào Cai / Hải Dương sub-units ({PATTERNS_NOTE}); not seen for this province: a guess")

# Central and military sources (hand-kept: name, host or None, where the host was seen).
_CODE_NOTE = "seen in link lists of public code (GitHub code search, 2026-11-30), not checked live"
CENTRAL: tuple[tuple[str, str, str | None, str], ...] = (
    ("mod", "Cổng Thông tin điện tử Bộ Quốc phòng", "http://mod.gov.vn/", _CODE_NOTE),
    ("qdnd", "Báo Quân đội nhân dân", "https://www.qdnd.vn/", _CODE_NOTE + " (also its RSS /rss/cate/<category>.rss and "
     "sitemap https://qdnd.vn/sitemap.xml)"),
    ("baoquankhu1", "Báo Quân khu 1", "https://baoquankhu1.vn/", _CODE_NOTE),
    ("baoquankhu2", "Báo Quân khu 2", None, "host not found"),
    ("baoquankhu3", "Báo Quân khu 3", None, "host not found"),
    ("baoquankhu4", "Báo Quân khu 4", "https://baoquankhu4.com.vn/", _CODE_NOTE),
    ("baoquankhu5", "Báo Quân khu 5", "https://baoquankhu5.vn/", _CODE_NOTE),
    ("baoquankhu7", "Báo Quân khu 7", "https://baoquankhu7.vn/", _CODE_NOTE),
    ("baoquankhu9", "Báo Quân khu 9", "https://baoquankhu9.vn/", _CODE_NOTE),
    ("tuyengiaodanvan", "Ban Tuyên giáo và Dân vận Trung ương (dân vận: trước 2025 Ban Dân vận Trung ương)",
     "https://tuyengiaodanvan.vn/", f"{PATTERNS_NOTE} (medium; a JavaScript single-page app: needs selectors or an API)"),
    ("danvan", "Ban Dân vận Trung ương (trước 2025)", "https://danvan.vn/", f"{PATTERNS_NOTE} (historical; low)"),
)


def _db() -> sqlite3.Connection:
    import vietnamadminunits

    conn = sqlite3.connect(Path(vietnamadminunits.__file__).parent / "data" / "dataset.db")
    conn.row_factory = sqlite3.Row
    return conn


@lru_cache(maxsize=1)
def _conversion() -> dict[str, Any]:
    import vietnamadminunits

    return json.loads((Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json").read_text(encoding="utf-8"))


def _ascii(key: str) -> str:
    """A unit key as a host label: the package's keys are folded, but not all of them (e.g. 'lộcthạnh')."""
    return re.sub(r"[^a-z0-9]", "", fold(key))


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(re.sub(r"^(Tỉnh|Thành phố)\s+", "", name.strip())))


def portal_hosts(sources_file: Path = SOURCES_FILE) -> dict[str, str]:
    """Pre-2025 provincial portal URL by province short key, from the province entries of the sources file."""
    data = yaml.safe_load(sources_file.read_text(encoding="utf-8")) if sources_file.exists() else {}
    found = {}
    for entry in (data or {}).get("sources") or []:
        if entry.get("level") == "province" and entry.get("province") and entry.get("start_urls"):
            key = _key(entry["province"])
            found[_ALIASES.get(key, key)] = entry["start_urls"][0]
    return found


@dataclass
class ProvinceFile:
    """One province's catalog: its header (units, portal, pattern, provenance) and its rows."""

    key: str
    header: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)


def _row(**values: Any) -> dict[str, Any]:
    return {k: values[k] for k in ROW_KEYS if k in values}


def _former_provinces(conn: sqlite3.Connection) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Pre-2025 province names by key, and the pre-2025 province keys of each 2025 province key."""
    names = {r["provinceKey"]: r["provinceShort"] for r in conn.execute("SELECT DISTINCT provinceKey, provinceShort FROM admin_units_legacy")}
    return names, _conversion()["DICT_PROVINCE"]


def _unit_origins(new_province: str) -> dict[str, set[str]]:
    """For each 2025 ward key of a province, the pre-2025 province keys its territory came from."""
    data = _conversion()
    origins: dict[str, set[str]] = {}
    for ward, olds in data["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province, {}).items():
        origins.setdefault(ward, set()).update(o.split("_")[0] for o in olds)
    for old, news in data["DICT_PROVINCE_WARD_DIVIDED"].get(new_province, {}).items():
        for new in news:
            origins.setdefault(new["newWardKey"], set()).add(old.split("_")[0])
    return origins


def build(sources_file: Path = SOURCES_FILE) -> tuple[list[ProvinceFile], list[dict[str, Any]]]:
    """The 34 province catalogs and the central/military rows."""
    conn = _db()
    hosts = portal_hosts(sources_file)
    legacy_names, merged = _former_provinces(conn)
    legacy = {r["provinceKey"]: dict(r) for r in conn.execute(
        "SELECT provinceKey, provinceShort, provinceShortKey, provinceCode, provinceLat, provinceLon FROM admin_units_legacy GROUP BY provinceKey")}
    files = []
    for prov in conn.execute("SELECT DISTINCT provinceKey, province, provinceShort, provinceShortKey, provinceCode, provinceLat,"
                             " provinceLon FROM admin_units ORDER BY provinceCode"):
        short, name = prov["provinceShortKey"], prov["provinceShort"]
        before = [legacy_names[k] for k in merged.get(prov["provinceKey"], [])]
        portal, portal_from = SEEN_HOSTS.get(short) or ((hosts[short], TSV_NOTE) if short in hosts else (None, None))
        if short in SEEN_PATTERNS:
            template, pattern_from, evidence = *SEEN_PATTERNS[short], "seen"
        elif portal:
            host = re.sub(r"^https://(www\.)?", "", portal).rstrip("/")
            template, pattern_from, evidence = "https://{slug}." + host + "/", ANALOGY, "analogy"
        else:
            template, pattern_from, evidence = None, "no portal host known for this province", "none"
        header = {"province": name, "province_full": prov["province"], "code": prov["provinceCode"], "before_2025": before,
                  "portal": {"url": portal, "from": portal_from or "no host found (not in the shared TSV or notes)"},
                  "pattern": {"template": template, "evidence": evidence, "from": pattern_from}}
        pf = ProvinceFile(short, header)
        pf.rows.append(_row(id=short, name=prov["province"], level="province", province=name,
                            province_before_2025=", ".join(before), code=prov["provinceCode"],
                            latitude=prov["provinceLat"], longitude=prov["provinceLon"],
                            start_urls=[portal] if portal else [], evidence="seen" if portal else "none", verified=False))
        pf.rows.append(_row(id=f"bchqs-{short}", name=f"Bộ Chỉ huy Quân sự {prov['province'][0].lower()}{prov['province'][1:]}",
                            level="province", province=name, province_before_2025=", ".join(before), code=prov["provinceCode"],
                            latitude=prov["provinceLat"], longitude=prov["provinceLon"], start_urls=[], evidence="none",
                            verified=False))
        for old_key in merged.get(prov["provinceKey"], []):
            old = legacy[old_key]
            if old["provinceShortKey"] == short:
                continue
            url = hosts.get(old["provinceShortKey"])
            pf.rows.append(_row(id=old["provinceShortKey"], name=f"{legacy_names[old_key]} (trước 2025)", level="province",
                                province=name, province_before_2025=legacy_names[old_key], code=old["provinceCode"],
                                latitude=old["provinceLat"], longitude=old["provinceLon"], start_urls=[url] if url else [],
                                evidence="seen" if url else "none", verified=False))
        origins = _unit_origins(prov["provinceKey"])
        units = conn.execute("SELECT ward, wardType, wardCode, wardLat, wardLon, wardKey, wardShortKey FROM admin_units"
                             " WHERE provinceKey = ? ORDER BY wardCode", (prov["provinceKey"],)).fetchall()
        shared = Counter(_ascii(u["wardShortKey"]) for u in units) + Counter(_ascii(u["wardKey"]) for u in units)
        for unit in units:
            key = _ascii(unit["wardKey"])
            slug = key if shared[_ascii(unit["wardShortKey"])] > 1 else _ascii(unit["wardShortKey"])
            shared[slug] += slug == key  # a full key shared by two units that differ only in diacritics
            url = template.format(slug=slug, key=key) if template else None
            came = sorted(legacy_names[k] for k in origins.get(unit["wardKey"], ()) if k in legacy_names)
            ident = f"{slug}-{short}" if shared[slug] <= 1 else f"{slug}-{unit['wardCode']}-{short}"  # Lộc Thạnh, Lộc Thành
            pf.rows.append(_row(id=ident, name=unit["ward"], level="ward" if unit["wardType"] == "Phường" else "commune",
                                province=name, province_before_2025=", ".join(came), code=unit["wardCode"],
                                latitude=unit["wardLat"], longitude=unit["wardLon"], start_urls=[url] if url else [],
                                evidence=evidence if url else "none", verified=False))
        files.append(pf)
    central = [_row(id=sid, name=name, level="central", start_urls=[url] if url else [], evidence="seen" if url else "none",
                    verified=False) | {"from": where} for sid, name, url, where in CENTRAL]
    return files, central


def _flow(row: dict[str, Any]) -> str:
    """One row as a one-line YAML flow mapping (JSON scalars are YAML scalars)."""
    return "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in row.items()) + "}"


def render(pf: ProvinceFile) -> str:
    """A province catalog file: a comment, its header and one line per candidate source."""
    head = pf.header
    lines = [f"# Candidate sources of {head['province']} (2025 province, code {head['code']}): generated by",
             "# `qpdp sources catalog`; `qpdp sources probe --catalog FILE --write` records what a probe finds.",
             "# Nothing here was checked live. evidence: seen = the host (pattern) was seen for this province;",
             "# analogy = a shape seen elsewhere applied here (a guess); none = no candidate URL.",
             *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()), "sources:"]
    lines += [f"  - {_flow(row)}" for row in pf.rows]
    return "\n".join(lines) + "\n"


def write(directory: Path = CATALOG_DIR, sources_file: Path = SOURCES_FILE) -> dict[str, Any]:
    """Generate the catalog files into *directory*; return the counts."""
    files, central = build(sources_file)
    directory.mkdir(parents=True, exist_ok=True)
    for pf in files:
        (directory / f"{pf.key}.yaml").write_text(render(pf), encoding="utf-8")
    (directory / "central.yaml").write_text(
        "# Central and military sources: generated by `qpdp sources catalog` (hand-kept list in archive/catalog.py).\n"
        "# Nothing here was checked live; `from` says where each host was seen.\nsources:\n"
        + "".join(f"  - {_flow(row)}\n" for row in central), encoding="utf-8")
    return counts(files, central)


def counts(files: list[ProvinceFile], central: list[dict[str, Any]]) -> dict[str, Any]:
    """Provinces, units, units with a candidate URL by evidence, central and military rows."""
    units = [r for pf in files for r in pf.rows if r["level"] in ("commune", "ward")]
    by = Counter(r["evidence"] for r in units)
    patterns = Counter(pf.header["pattern"]["evidence"] for pf in files)
    return {"provinces": len(files), "units": len(units), "wards": sum(r["level"] == "ward" for r in units),
            "communes": sum(r["level"] == "commune" for r in units), "units_by_evidence": dict(sorted(by.items())),
            "provinces_by_pattern": dict(sorted(patterns.items())),
            "provincial_portals": sum(bool(pf.rows[0]["start_urls"]) for pf in files),
            "former_provincial_portals": sum(1 for pf in files for r in pf.rows[2:] if r["level"] == "province" and r["start_urls"]),
            "military_commands": sum(1 for pf in files for r in pf.rows if r["id"].startswith("bchqs-")),
            "central": len(central), "central_with_url": sum(bool(r["start_urls"]) for r in central)}


def catalog_files(path: Path) -> list[Path]:
    """A catalog file, or every YAML file of a catalog directory."""
    return sorted(path.glob("*.yaml")) if path.is_dir() else [path]


def rows(path: Path) -> Iterator[dict[str, Any]]:
    """Every row of a catalog file or directory."""
    for file in catalog_files(path):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        found = data.get("sources") if isinstance(data, dict) else None
        if not isinstance(found, list) or not all(isinstance(row, dict) for row in found):
            raise yaml.YAMLError(f"{file}: not a catalog file (a mapping with a `sources:` list of rows)")
        yield from found


def to_source(row: dict[str, Any]) -> Source | None:
    """A catalog row as a crawlable source; None when it has no candidate URL."""
    if not row.get("start_urls"):
        return None
    former = row.get("province_before_2025")
    note = f"catalog row (evidence: {row.get('evidence')}); before 2025: {former}" if former else f"catalog row (evidence: {row.get('evidence')})"
    kept = {k: v for k, v in row.items() if k not in (*EXTRA_KEYS, "from")}
    return Source.model_validate({**kept, "notes": row.get("notes") or note})


def matches(row: dict[str, Any], province: str | None, level: str | None) -> bool:
    """True when the row is in *province* (2025 or pre-2025 name, diacritics optional) and at *level*."""
    if level and row.get("level") != level:
        return False
    if province:
        wanted = _key(province)
        names = [row.get("province") or "", *str(row.get("province_before_2025") or "").split(", ")]
        return any(_key(n) == wanted for n in names if n)
    return True
