"""Extraction benchmark: the gold set and the AEB pages, qpdp vs bare trafilatura, quality and speed in one run."""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from typing import Any, Callable, Sequence

import trafilatura

from benchmarks import aeb, gold

WARMUP = 5


def paired_seconds(calls: Sequence[tuple[Callable[[], Any], Callable[[], Any]]], rounds: int) -> tuple[float, float, list[Any], list[Any]]:
    """Time (baseline, ours) call pairs alternately, best of *rounds* per call; return both totals and the results."""
    base_total = ours_total = 0.0
    base_out: list[Any] = []
    ours_out: list[Any] = []
    for base, ours in calls:
        best_base = best_ours = float("inf")
        for _ in range(rounds):
            t0 = time.perf_counter()
            b = base()
            t1 = time.perf_counter()
            o = ours()
            t2 = time.perf_counter()
            best_base, best_ours = min(best_base, t1 - t0), min(best_ours, t2 - t1)
        base_total, ours_total = base_total + best_base, ours_total + best_ours
        base_out.append(b)
        ours_out.append(o)
    return base_total, ours_total, base_out, ours_out


def gold_run(rounds: int) -> dict[str, Any]:
    """Both systems over the gold set: per-page rows, summaries, timing."""
    pages = gold.load_gold()
    taxonomy = gold.Taxonomy.load(gold.TOPICS)
    for page in pages[:WARMUP]:
        gold.run_bare(page), gold.run_ours(page)
    calls = [(partial(trafilatura.extract, p.html, url=p.expected.get("url"), include_comments=False), partial(gold.run_ours, p))
             for p in pages]
    base_s, ours_s, _, ours_out = paired_seconds(calls, rounds)
    base_out = [gold.run_bare(p) for p in pages]  # quality of bare trafilatura with its own metadata, untimed
    rows = {name: [gold.score_page(p, got, taxonomy) for p, got in zip(pages, outs)]
            for name, outs in (("trafilatura", base_out), ("qpdp", ours_out))}
    cms_ok = [(o or {}).get("cms") == p.expected.get("cms") for p, o in zip(pages, ours_out) if p.is_article]
    return {"pages": pages, "rows": rows, "summary": {k: gold.summarise(v) for k, v in rows.items()},
            "seconds": {"trafilatura": base_s, "qpdp": ours_s}, "cms": sum(cms_ok) / max(1, len(cms_ok))}


def aeb_run(rounds: int, limit: int | None) -> dict[str, Any]:
    """Both systems over the AEB pages: the benchmark's precision/recall/F1 and timing."""
    truth, pages = aeb.load(limit)
    ids = list(pages)
    for i in ids[:WARMUP]:
        aeb.run_trafilatura(pages[i], truth[i]["url"]), aeb.run_qpdp(pages[i], truth[i]["url"])
    calls = [(partial(aeb.run_trafilatura, pages[i], truth[i]["url"]), partial(aeb.run_qpdp, pages[i], truth[i]["url"])) for i in ids]
    base_s, ours_s, base_out, ours_out = paired_seconds(calls, rounds)
    bodies = {i: truth[i].get("articleBody", "") for i in ids}
    figures = {name: aeb.evaluate(dict(zip(ids, outs)), bodies, n_bootstrap=200)
               for name, outs in (("trafilatura", base_out), ("qpdp", ours_out))}
    return {"pages": len(ids), "figures": figures, "seconds": {"trafilatura": base_s, "qpdp": ours_s}}


def _pct(x: float) -> str:
    return f"{100 * x:6.1f}%"


def report(g: dict[str, Any], a: dict[str, Any] | None) -> str:
    """The whole table: per-page gold rows, gold summary against floors, AEB figures, time ratios."""
    out = [f"GOLD SET  {len(g['pages'])} pages in tests/data/ (families: {', '.join(sorted({p.family for p in g['pages']}))})",
           f"{'page':<44} {'family':<10} {'F1 ours':>7} {'F1 traf':>7} {'junk':>4} {'t.j':>4}  title date author def topics"]
    ours_rows, base_rows = g["rows"]["qpdp"], g["rows"]["trafilatura"]
    mark = lambda ok: "  ok " if ok else "  -- "  # noqa: E731
    for page, o, b in zip(g["pages"], ours_rows, base_rows):
        if not o["article"]:
            out.append(f"{page.name[:44]:<44} {page.family:<10} no article: ours {'rejected' if o['correct'] else 'ACCEPTED'},"
                       f" trafilatura {'rejected' if b['correct'] else 'accepted'}")
            continue
        out.append(f"{page.name[:44]:<44} {page.family:<10} {o['f1']:>7.3f} {b['f1']:>7.3f} {len(o['leaked']):>4} {len(b['leaked']):>4} "
                   f"{mark(o['title'])}{mark(o['published'])}{mark(o['author'])}{mark(o['defense'])}{mark(o['topics'])}")
    out += ["", f"{'system':<12} {'mean F1':>7} {'junk':>5} {'title':>7} {'date':>7} {'day':>7} {'author':>7} {'credit':>7} {'defense':>7} "
            f"{'topics':>7} {'no-art.':>7} {'pages/s':>8}"]
    for name in ("trafilatura", "qpdp"):
        s, sec = g["summary"][name], g["seconds"][name]
        out.append(f"{name:<12} {s['mean_f1']:>7.3f} {s['leaked_junk']:>5} {_pct(s['title'])} {_pct(s['published'])} "
                   f"{_pct(s['published_day'])} {_pct(s['author'])} {_pct(s['credit'])} {_pct(s['defense'])} {_pct(s['topics'])} "
                   f"{_pct(s['no_article'])} {len(g['pages']) / sec:>8.1f}")
    ratio_g = g["seconds"]["qpdp"] / g["seconds"]["trafilatura"]
    out.append(f"CMS family detected right: {_pct(g['cms'])}; time ours/trafilatura.extract on the gold pages: {ratio_g:.2f}")
    failed = gold.gate(g["summary"]["qpdp"])
    floors = ", ".join(f"{k} ≥ {v}" for k, v in gold.FLOORS.items()) + f", leaked junk ≤ {gold.MAX_LEAKED_JUNK}"
    out.append(f"Gate ({floors}): {'PASS' if not failed else 'FAIL: ' + '; '.join(failed)}")
    if a:
        out += ["", f"AEB  {a['pages']} pages (/work/shared/bench/aeb), 4-gram shingles as the benchmark defines them",
                f"{'system':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'±':>6} {'pages/s':>8}"]
        for name in ("trafilatura", "qpdp"):
            m = a["figures"][name]
            out.append(f"{name:<12} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m.get('f1_ci', 0):>6.3f} "
                       f"{a['pages'] / a['seconds'][name]:>8.1f}")
        ratio_a = a["seconds"]["qpdp"] / a["seconds"]["trafilatura"]
        total = (a["seconds"]["qpdp"] + g["seconds"]["qpdp"]) / (a["seconds"]["trafilatura"] + g["seconds"]["trafilatura"])
        out.append(f"time ours/trafilatura.extract on AEB: {ratio_a:.2f}; gold + AEB together: {total:.2f} (target ≤ 1.3)")
        out.append(f"AEB F1 ours − trafilatura: {a['figures']['qpdp']['f1'] - a['figures']['trafilatura']['f1']:+.3f}")
        base, ours = a["figures"]["trafilatura"]["docs"], a["figures"]["qpdp"]["docs"]
        worst = sorted((ours[i]["f1"] - base[i]["f1"], i) for i in ours if ours[i]["f1"] < base[i]["f1"])[:5]
        out += [f"  AEB page {i[:16]} F1 ours {ours[i]['f1']:.3f} < trafilatura {base[i]['f1']:.3f}" for _, i in worst]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command line: python -m benchmarks.extraction [--rounds N] [--aeb-limit N] [--no-aeb]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds per page (best kept), default 3")
    parser.add_argument("--aeb-limit", type=int, help="only the first N AEB pages")
    parser.add_argument("--no-aeb", action="store_true", help="gold set only")
    args = parser.parse_args(argv)
    g = gold_run(args.rounds)
    a = None if args.no_aeb else aeb_run(args.rounds, args.aeb_limit)
    print(report(g, a))
    return 1 if gold.gate(g["summary"]["qpdp"]) else 0


if __name__ == "__main__":
    sys.exit(main())
