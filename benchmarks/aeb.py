"""ScrapingHub article-extraction benchmark: trafilatura baseline vs the qpdp extractor, quality and speed."""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlparse

import trafilatura

from archive.extract.article import NoArticle, extract

DATA = Path("/work/shared/bench/aeb")
NGRAM = 4
N_BOOTSTRAP = 1000
SEED = 1
WARMUP = 5
_TOKEN = re.compile(r"\w+", re.UNICODE)  # no lower-casing, as in the benchmark's evaluate.py

Score = tuple[float, float, float]  # normalised (tp, fp, fn)


def shingles(text: str, n: int = NGRAM) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text shorter than n tokens gives one short shingle, as upstream."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def score(pred: str, true: str) -> Score:
    """Shingle tp/fp/fn of one document, normalised to sum 1 (all zero when both texts are empty)."""
    p, t = shingles(pred), shingles(true)
    tp = float(sum((p & t).values()))
    fp, fn = sum(p.values()) - tp, sum(t.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def doc_precision(tp: float, fp: float, fn: float) -> float:
    """Upstream precision_score: 1 when nothing is wrong, 0 when nothing is predicted or matched."""
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def doc_recall(tp: float, fp: float, fn: float) -> float:
    """Upstream recall_score: 1 when nothing is wrong, 0 when nothing is true or matched."""
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def doc_f1(tp: float, fp: float, fn: float) -> float:
    """Per-document F1 (for ranking only; the headline F1 is computed from averaged P and R)."""
    return 1.0 if fp == fn == 0 else 2 * tp / (2 * tp + fp + fn)


def metrics(scores: list[Score]) -> dict[str, float]:
    """Upstream metrics_from_tp_fp_fns: P over docs with a prediction, R over docs with a truth, F1 of the means."""
    precision = statistics.mean([doc_precision(*s) for s in scores if s[0] + s[1] > 0] or [0.0])
    recall = statistics.mean([doc_recall(*s) for s in scores if s[0] + s[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate(preds: dict[str, str], truths: dict[str, str], n_bootstrap: int = N_BOOTSTRAP, seed: int = SEED) -> dict[str, Any]:
    """Score predictions against truths (same ids); add bootstrap stdev and upstream's ± (1.96 stdev)."""
    if preds.keys() != truths.keys():
        raise ValueError("prediction ids do not match ground truth ids")
    ids = sorted(truths)
    scores = [score(preds[i], truths[i]) for i in ids]
    out: dict[str, Any] = metrics(scores)
    rng, n, boot = random.Random(seed), len(scores), {}
    for _ in range(n_bootstrap if n > 1 else 0):
        sample = metrics([scores[rng.randrange(n)] for _ in range(n)])
        for key, value in sample.items():
            boot.setdefault(key, []).append(value)
    for key, values in boot.items():
        out[f"{key}_std"] = statistics.stdev(values)
        out[f"{key}_ci"] = 1.96 * statistics.stdev(values)
    out["docs"] = {i: {"tp_fp_fn": s, "f1": doc_f1(*s)} for i, s in zip(ids, scores)}
    return out


def load(limit: int | None = None, data: Path = DATA) -> tuple[dict[str, dict[str, str]], dict[str, bytes]]:
    """Ground truth {id: {articleBody, url}} and the decompressed pages {id: html bytes}, first `limit` ids."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    pages = {i: gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    return {i: truth[i] for i in ids}, pages


def run_trafilatura(html: bytes, url: str) -> str:
    """Baseline: trafilatura defaults, comments off, text only."""
    return trafilatura.extract(html.decode("utf-8"), url=url, include_comments=False) or ""


def run_qpdp(html: bytes, url: str) -> str:
    """The project's extractor; body text without title and byline, "" when it finds no article."""
    try:
        return extract(html, url).text
    except NoArticle:
        return ""


SYSTEMS: dict[str, Callable[[bytes, str], str]] = {"trafilatura": run_trafilatura, "qpdp": run_qpdp}


def timed_pass(fn: Callable[[bytes, str], str], pages: dict[str, bytes], truth: dict[str, dict[str, str]]) -> tuple[dict[str, str], float]:
    """Warm up on a few pages, then run every page, summing time spent inside the extraction call only."""
    for i in list(pages)[:WARMUP]:
        fn(pages[i], truth[i]["url"])
    preds, elapsed = {}, 0.0
    for i, html in pages.items():
        t0 = time.perf_counter()
        preds[i] = fn(html, truth[i]["url"])
        elapsed += time.perf_counter() - t0
    return preds, elapsed


def run(limit: int | None = None, n_bootstrap: int = N_BOOTSTRAP) -> dict[str, Any]:
    """Run every system on the same pages; return figures, per-document scores and the worst qpdp regressions."""
    truth, pages = load(limit)
    bodies = {i: t.get("articleBody", "") for i, t in truth.items()}
    result: dict[str, Any] = {"pages": len(pages), "systems": {}}
    base_seconds = None
    for name, fn in SYSTEMS.items():
        preds, seconds = timed_pass(fn, pages, truth)
        base_seconds = base_seconds or seconds
        figures = evaluate(preds, bodies, n_bootstrap)
        figures.update(seconds=seconds, pages_per_s=len(pages) / seconds if seconds else 0.0,
                       time_ratio=seconds / base_seconds if base_seconds else 0.0,
                       empty=sum(not p.strip() for p in preds.values()))
        result["systems"][name] = figures
    base, ours = (result["systems"][s]["docs"] for s in ("trafilatura", "qpdp"))
    worst = sorted(truth, key=lambda i: ours[i]["f1"] - base[i]["f1"])[:10]
    result["worst"] = [{"id": i, "host": urlparse(truth[i]["url"]).hostname, "trafilatura_f1": base[i]["f1"],
                        "qpdp_f1": ours[i]["f1"]} for i in worst if ours[i]["f1"] < base[i]["f1"]]
    return result


def report(result: dict[str, Any]) -> str:
    """Human-readable table of the figures plus the worst regressions of qpdp against trafilatura."""
    lines = [f"{result['pages']} pages", f"{'system':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'±':>6} "
             f"{'pages/s':>8} {'time ratio':>10} {'empty':>6}"]
    for name, m in result["systems"].items():
        lines.append(f"{name:<12} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m.get('f1_ci', 0):>6.3f} "
                     f"{m['pages_per_s']:>8.1f} {m['time_ratio']:>10.2f} {m['empty']:>6}")
    lines += ["", "qpdp F1 most below trafilatura:", f"{'id':<16} {'host':<28} {'traf F1':>7} {'qpdp F1':>7}"]
    lines += [f"{w['id'][:16]:<16} {w['host'] or '':<28} {w['trafilatura_f1']:>7.3f} {w['qpdp_f1']:>7.3f}" for w in result["worst"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: python -m benchmarks.aeb [--limit N] [--json out.json]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by id)")
    parser.add_argument("--json", type=Path, help="write all figures and per-document scores here")
    parser.add_argument("--n-bootstrap", type=int, default=N_BOOTSTRAP)
    args = parser.parse_args(argv)
    result = run(args.limit, args.n_bootstrap)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
