"""Pictures drawn from the database as inline SVG: articles per month, and where the sources are."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from urllib.parse import quote_plus, urlencode

from markupsafe import Markup

PALETTE = ["#1b6ca8", "#e07b39", "#3a9d5d", "#c23b3b", "#8e6bbf", "#8c6d46", "#d46aa7", "#6f7f8f", "#b5a22c", "#2bb0b8"]
LEVEL_ORDER = ["commune", "ward", "district", "city", "province", "central"]
LEVEL_NAMES = {"commune": "xã / commune", "ward": "phường / ward", "district": "quận, huyện / district",
               "city": "thành phố / city", "province": "tỉnh / province", "central": "trung ương / central"}


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


OTHER = "khác / other"


def _top(counts: list[tuple[str, str, int]], keep: int) -> list[tuple[str, str, int]]:
    """Keep the *keep* biggest series, fold the rest into OTHER."""
    totals: dict[str, int] = defaultdict(int)
    for _, series, n in counts:
        totals[series] += n
    kept = set(sorted(totals, key=lambda s: -totals[s])[:keep])
    return [(m, s if s in kept else OTHER, n) for m, s, n in counts]


def timeline(counts: list[tuple[str, str, int]], order: list[str] | None = None, link: str = "", series_param: str = "level",
             names: dict[str, str] | None = None, width: int = 960, height: int = 300, keep: int = 9) -> Markup:
    """Stacked bars of (month 'YYYY-MM', series, count) and a legend; each segment links to `link` +
    month=…&<series_param>=…; series beyond the *keep* biggest are drawn together as OTHER."""
    link = str(link)  # a plain str: Datasette's URL strings look up every method through dir(), per segment
    counts = _top([(m, s or "?", n) for m, s, n in counts if m and len(m) == 7], keep)
    if not counts:
        return Markup('<p class="qpdp-empty">Chưa có bài viết có ngày đăng / no dated articles yet.</p>')
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for month, series, n in counts:
        by_month[month][series] = by_month[month].get(series, 0) + n
    months = _months(min(by_month), max(by_month))
    present = {s for _, s, _ in counts}
    series_list = [s for s in (order or []) if s in present] + sorted(present - set(order or []) - {OTHER})
    series_list += [OTHER] if OTHER in present else []
    colors = {s: PALETTE[i % len(PALETTE)] if s != OTHER else "#b8b8b8" for i, s in enumerate(series_list)}
    peak = max(sum(v.values()) for v in by_month.values())
    left, bottom, top = 48, 24, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    step = plot_w / len(months)
    bar = max(1.0, step * 0.8)
    parts = [f'<svg class="qpdp-timeline" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="13">',
             "<title>Số bài viết theo tháng / articles per month</title>"]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y + 5:.1f}" text-anchor="end" fill="#555">{round(peak * frac)}</text>')
    label_every = max(1, round(len(months) / max(2, width // 96)))  # a label per ~96 units of width
    base = escape(link, quote=True)  # each segment's link: base + month + its series' part, encoded once
    tails = {s: escape("&" + urlencode({series_param: s}), quote=True) for s in series_list}
    for i, month in enumerate(months):
        month_q = escape(quote_plus(month), quote=True)
        x = left + i * step + (step - bar) / 2
        y = top + plot_h
        for series in series_list:
            n = by_month.get(month, {}).get(series, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            tip = f"{month} · {(names or {}).get(series, series)}: {n}"
            href = f"{base}month={month_q}{tails[series]}" if link and series != OTHER else ""
            rect = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colors[series]}">'
                    f"<title>{escape(tip)}</title></rect>")
            parts.append(f'<a href="{href}">{rect}</a>' if href else rect)
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 17}" text-anchor="middle" fill="#333">'
                         f"{month[5:]}/{month[2:4]}</text>")
    parts.append('</svg><ul class="qpdp-legend">')
    for series in series_list:
        label = escape((names or {}).get(series, series))
        parts.append(f'<li><span style="background:{colors[series]}"></span>{label}</li>')
    parts.append("</ul>")
    return Markup("".join(parts))


# Vietnam's archipelagos, drawn from a few islands' coordinates (lat, lon) and labelled with their administration.
ARCHIPELAGOS = {
    "Quần đảo Hoàng Sa (Đà Nẵng)": [(16.83, 112.34), (16.53, 111.61), (15.78, 111.20), (16.67, 112.73), (16.98, 112.27),
                                    (16.45, 111.70), (16.08, 111.78)],
    "Quần đảo Trường Sa (Khánh Hòa)": [(8.65, 111.92), (11.43, 114.33), (9.88, 114.33), (10.18, 114.36), (10.38, 114.48),
                                       (11.05, 114.28), (10.38, 114.36), (7.87, 112.92), (8.85, 112.22), (8.17, 113.30),
                                       (9.35, 115.55), (10.75, 115.80)],
}
MAP_BOUNDS = (6.9, 23.7, 101.9, 117.6)  # lat0, lat1, lon0, lon1: the mainland and both archipelagos


def source_map(outline: list[list[tuple[float, float]]], sources: list[dict], link: str = "",
               width: int = 520, height: int = 555) -> Markup:
    """Sources as circles (area ∝ articles) over the offline national outline (rings of (lon, lat)) and the
    Hoàng Sa and Trường Sa archipelagos, labelled; the SVG scales to its container's width."""
    link = str(link)  # a plain str (see `timeline`)
    lat0, lat1, lon0, lon1 = MAP_BOUNDS
    scale = min((width - 20) / (lon1 - lon0), (height - 20) / (lat1 - lat0))

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon - lon0) * scale + 10, (lat1 - lat) * scale + 10

    parts = [f'<svg class="qpdp-map" role="img" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMin meet" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="13">',
             "<title>Bản đồ nguồn / map of sources</title>",
             f'<rect class="qpdp-sea" width="{width}" height="{height}" fill="#eef5fa"/>',
             '<g class="qpdp-land" fill="#e3e0d2" stroke="#9c9680" stroke-width="0.8" stroke-linejoin="round">']
    for ring in outline:
        points = " L".join("{:.1f},{:.1f}".format(*xy(lat, lon)) for lon, lat in ring)
        parts.append(f'<path d="M{points}Z"/>')
    parts.append("</g>")
    for name, islands in ARCHIPELAGOS.items():
        dots = "".join('<circle cx="{:.1f}" cy="{:.1f}" r="2.2"/>'.format(*xy(lat, lon)) for lat, lon in islands)
        x, y = xy(max(lat for lat, _ in islands), sum(lon for _, lon in islands) / len(islands))
        parts.append(f'<g class="qpdp-archipelago" data-name="{escape(name)}" fill="#7a6f4a"><title>{escape(name)}</title>{dots}'
                     f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" fill="#4a4430" stroke="#eef5fa" stroke-width="3"'
                     f' paint-order="stroke" font-size="17">{escape(name.split(" (")[0])}</text></g>')
    peak = max([s["articles"] or 0 for s in sources] + [1])
    for s in sorted(sources, key=lambda s: -(s["articles"] or 0)):
        x, y = xy(s["latitude"], s["longitude"])
        r = 4 + 12 * ((s["articles"] or 0) / peak) ** 0.5
        now = s.get("unit_now") or s.get("province_now")
        now = f" (nay / now: {now})" if now and now not in s["unit"] else ""
        tip = escape(f"{s['name']} — {s['unit']}{now} — {s['articles']} bài")
        dot = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#c23b3b" fill-opacity="0.6" stroke="#7a1f1f">'
               f"<title>{tip}</title></circle>")
        href = escape(f"{link}source_id={s['source_id']}", quote=True)
        parts.append(f'<a href="{href}">{dot}</a>' if link else dot)
    parts.append("</svg>")
    return Markup("".join(parts))
