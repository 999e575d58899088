"""Pictures drawn from the database as inline SVG: articles per month, and where the sources are."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from urllib.parse import urlencode

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
    left, bottom, top = 44, 22, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    step = plot_w / len(months)
    bar = max(1.0, step * 0.8)
    parts = [f'<svg class="qpdp-timeline" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">',
             "<title>Số bài viết theo tháng / articles per month</title>"]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{round(peak * frac)}</text>')
    label_every = max(1, round(len(months) / 12))
    for i, month in enumerate(months):
        x = left + i * step + (step - bar) / 2
        y = top + plot_h
        for series in series_list:
            n = by_month.get(month, {}).get(series, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            tip = f"{month} · {(names or {}).get(series, series)}: {n}"
            href = escape(link + urlencode({"month": month, series_param: series}), quote=True) if link and series != OTHER else ""
            rect = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colors[series]}">'
                    f"<title>{escape(tip)}</title></rect>")
            parts.append(f'<a href="{href}">{rect}</a>' if href else rect)
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" fill="#333">'
                         f"{month[5:]}/{month[2:4]}</text>")
    parts.append('</svg><ul class="qpdp-legend">')
    for series in series_list:
        label = escape((names or {}).get(series, series))
        parts.append(f'<li><span style="background:{colors[series]}"></span>{label}</li>')
    parts.append("</ul>")
    return Markup("".join(parts))


def source_map(outline: list[tuple[float, float]], sources: list[dict], link: str = "",
               width: int = 420, height: int = 760) -> Markup:
    """Sources as circles (area ∝ articles) over the country drawn as a cloud of ward centroids."""
    lat0, lat1, lon0, lon1 = 8.3, 23.5, 102.1, 109.6

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon - lon0) / (lon1 - lon0) * (width - 20) + 10, (lat1 - lat) / (lat1 - lat0) * (height - 20) + 10

    parts = [f'<svg class="qpdp-map" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">',
             "<title>Bản đồ nguồn / map of sources</title>", '<g fill="#cfd8dc">']
    for lat, lon in outline:
        x, y = xy(lat, lon)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.2"/>')
    parts.append("</g>")
    peak = max([s["articles"] or 0 for s in sources] + [1])
    for s in sorted(sources, key=lambda s: -(s["articles"] or 0)):
        x, y = xy(s["latitude"], s["longitude"])
        r = 3 + 12 * ((s["articles"] or 0) / peak) ** 0.5
        now = s.get("unit_now") or s.get("province_now")
        now = f" (nay / now: {now})" if now and now not in s["unit"] else ""
        tip = escape(f"{s['name']} — {s['unit']}{now} — {s['articles']} bài / articles")
        dot = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#c23b3b" fill-opacity="0.6" stroke="#7a1f1f">'
               f"<title>{tip}</title></circle>")
        href = escape(f"{link}source_id={s['source_id']}", quote=True)
        parts.append(f'<a href="{href}">{dot}</a>' if link else dot)
    parts.append("</svg>")
    return Markup("".join(parts))
