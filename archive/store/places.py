"""Coordinates of sources from the administrative units shipped offline by `vietnamadminunits`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
        return Place(float(unit.latitude), float(unit.longitude), label, precision, unit.province)
    return None
