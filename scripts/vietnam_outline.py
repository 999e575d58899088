"""Regenerate archive/web/vietnam.json, the offline basemap: Vietnam's outline from vietnamadminunits' wards.

Each ward becomes a disc of its own area around its centroid; the discs' union, closed and simplified, is a
national outline (mainland and coastal islands) good for a small map. Hoàng Sa and Trường Sa are drawn from
their islands' coordinates by archive/web/charts.py, not from here. Run: python scripts/vietnam_outline.py
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import vietnamadminunits
from shapely.geometry import Point
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "archive" / "web" / "vietnam.json"
KM_PER_DEGREE = 111.0


def main() -> None:
    """Union of ward discs → closed, simplified rings of (lon, lat) rounded to 0.01°."""
    path = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT wardLat, wardLon, wardAreaKm2 FROM admin_units WHERE wardLat IS NOT NULL"
                            " AND wardShort NOT IN ('Hoàng Sa', 'Trường Sa')").fetchall()
    discs = [Point(lon, lat).buffer(1.6 * math.sqrt((area or 20) / math.pi) / KM_PER_DEGREE, 8)
             for lat, lon, area in rows if lat is not None and lon < 110]
    shape = unary_union(discs).buffer(0.08).buffer(-0.08).simplify(0.03)
    polygons = [p for p in getattr(shape, "geoms", [shape]) if p.area > 0.002]
    rings = [[[round(x, 2), round(y, 2)] for x, y in p.exterior.coords] for p in sorted(polygons, key=lambda p: -p.area)]
    OUT.write_text(json.dumps({"source": "vietnamadminunits wards (scripts/vietnam_outline.py)", "rings": rings},
                              separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rings)} rings, {sum(map(len, rings))} points")


if __name__ == "__main__":
    main()
