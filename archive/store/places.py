"""Coordinates of sources, and the 2025 units they belong to now, from the units shipped offline by `vietnamadminunits`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache

from archive.config import child_env

_TRAILER = re.compile(r"\s+[—–-]\s+[^()]*$")  # "… — mẫu" (demo marker) and similar trailers
_PARENS = re.compile(r"\(([^)]*)\)")
CAPITAL = "Hà Nội"  # central agencies sit in the capital


@dataclass(frozen=True)
class Place:
    """Where a source is: the most precise unit found (ward, district or province)."""

    latitude: float
    longitude: float
    unit: str
    precision: str
    province: str
    province_now: str | None = None  # the 2025 province (34-province map) the unit belongs to now
    unit_now: str | None = None  # the 2025 commune or ward, for a pre-2025 commune or ward


def address(name: str, province: str | None) -> str:
    """An address for the parser from a source's name: 'Phường X (quận Y, Hà Nội)' -> 'Phường X, quận Y, Hà Nội'."""
    core = _TRAILER.sub("", name).strip()
    inside = [p.strip() for m in _PARENS.finditer(core) for p in m.group(1).split(",") if p.strip()]
    parts = [_PARENS.sub("", core).strip(" ,"), *inside]
    if province and province not in parts[-1]:
        parts.append(province)
    return ", ".join(p for p in parts if p)


@lru_cache(maxsize=4096)
def locate(name: str, level: str, province: str | None) -> Place | None:
    """The unit a source stands for, with its coordinates (pre-2025 units, the portals' own era); None if unknown."""
    from vietnamadminunits import parse_address

    if level == "central":
        name, province = CAPITAL, CAPITAL
    depth = {"province": 1, "city": 2, "district": 2}.get(level, 3)
    for text in (address(name, province), province):
        if not text:
            continue
        try:
            unit = parse_address(text, mode="LEGACY", level=depth)
        except Exception:  # noqa: BLE001 (the parser raises bare exceptions on unknown names)
            continue
        if unit is None or unit.latitude is None or not unit.province:
            continue
        precision = "ward" if unit.ward else "district" if unit.district else "province"
        label = ", ".join(p for p in (unit.ward, unit.district, unit.province) if p)
        return Place(float(unit.latitude), float(unit.longitude), label, precision, unit.province,
                     province_now(unit.province), _unit_now(label) if unit.ward else None)
    return None


def _key(name: str) -> str:
    from archive.text import fold

    key = re.sub(r"[^a-z0-9]", "", fold(name))
    key = re.sub(r"^(tinh|thanhpho)", "", key)
    return {"thuathienhue": "hue"}.get(key, key)


@lru_cache(maxsize=1)
def _provinces_now() -> dict[str, str]:
    """2025 province short name by the key of every pre-2025 and 2025 province name."""
    import json
    from pathlib import Path

    import vietnamadminunits
    from vietnamadminunits.database import query

    merged = json.loads((Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json").read_text("utf-8"))
    legacy = {r["provinceKey"]: r["provinceShort"] for r in query("SELECT DISTINCT provinceKey, provinceShort FROM admin_units_legacy")}
    now = {r["provinceKey"]: r["provinceShort"] for r in query("SELECT DISTINCT provinceKey, provinceShort FROM admin_units")}
    found = {_key(name): name for name in now.values()}
    for new_key, old_keys in merged["DICT_PROVINCE"].items():
        found |= {_key(legacy[k]): now[new_key] for k in old_keys if k in legacy}
    return found


def province_now(name: str | None) -> str | None:
    """The 2025 province a province name (pre-2025 or 2025, with or without diacritics) belongs to: Đắk Nông -> Lâm Đồng."""
    return _provinces_now().get(_key(name)) if name else None


def _unit_now(old_address: str) -> str | None:
    """'Phường Long Biên, Hà Nội' for the pre-2025 'Phường Thạch Bàn, Quận Long Biên, Thành phố Hà Nội'."""
    from vietnamadminunits import convert_address

    try:
        unit = convert_address(old_address)
    except Exception:  # noqa: BLE001 (the converter raises bare exceptions on unknown units)
        return None
    return f"{unit.ward}, {unit.short_province}" if unit is not None and unit.ward else None


@lru_cache(maxsize=8192)
def belongs_now(precision: str, unit: str, province: str | None, unit_now: str | None, province_now: str | None) -> str | None:
    """The 2025 unit a pre-2025 place belongs to now ('Phường Long Biên, Hà Nội' for Thạch Bàn, 'Hải Phòng' for a
    district), or None when the place is still a unit of the 2025 map (or its 2025 unit is unknown)."""
    if precision == "ward" and unit_now:
        ward, old_province = unit.split(", ")[0], unit.split(", ")[-1]
        moved = unit_now.split(", ")[0] != ward or _key(unit_now.split(", ")[-1]) != _key(old_province)
        return unit_now if moved else None
    if precision == "district":  # no district level since July 2025: the district now belongs to its province
        return province_now
    return province_now if province_now and _key(province or "") != _key(province_now) else None


def locate_apart(wanted: list[tuple[str, str, str | None]]) -> list[tuple[Place | None, str | None]]:
    """(locate(name, level, province), province_now(province)) of each, computed in a short-lived process: the units
    tables and their imports (about 40 MB) never load into a long-lived caller, such as the crawl's archive writer."""
    done = subprocess.run([sys.executable, "-m", "archive.store.places"], input=json.dumps(wanted), env=child_env(),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"placing sources failed: {done.stderr.strip()[-500:]}")
    return [(Place(**place) if place else None, now) for place, now in json.loads(done.stdout)]


if __name__ == "__main__":  # locate_apart's process: (name, level, province) triples in, places out, as JSON
    found = [(locate(name, level, province), province_now(province)) for name, level, province in json.load(sys.stdin)]
    json.dump([(asdict(place) if place else None, now) for place, now in found], sys.stdout)
