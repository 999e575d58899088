"""Dedup benchmark: pair precision/recall on a labelled set of edited copies, and a scale run (articles/s, peak memory)."""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import resource
import sqlite3
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from datasketch import MinHash, MinHashLSH

from archive.dedup import minhash as dedup
from archive.store.db import Archive, content_hash

DATA = Path(__file__).parent / "data" / "dedup_stories.yaml"
SEEDS = Path("/work/shared/seeds")
SOURCE = {"id": "bench", "level": "district", "province": None}
TONE_STYLE = {"hòa": "hoà", "Hòa": "Hoà", "thủy": "thuỷ", "khỏe": "khoẻ", "lụt": "lụt", "hóa": "hoá", "tòa": "toà"}
BOILER_TOP = ["Cổng thông tin điện tử {place}", "Thứ Hai, 13/05/2024 | Đăng nhập | Sơ đồ cổng", "Trang chủ > Tin tức - Sự kiện > Quốc phòng - An ninh"]
BOILER_END = ["Lượt xem: 352", "Chia sẻ | In bài viết | Gửi email | Cỡ chữ A A A", "Các tin khác"]
NEW_LEADS = [
    "Thực hiện kế hoạch công tác quốc phòng, quân sự địa phương năm {year}, {place} vừa tổ chức thành công sự kiện quan trọng, thu hút sự quan tâm của cán bộ, đảng viên và nhân dân trên địa bàn.",
    "({src}) - Những ngày qua, {place} đã tích cực triển khai nhiều hoạt động thiết thực, hiệu quả trong thực hiện nhiệm vụ quốc phòng, quân sự địa phương, được cấp trên đánh giá cao.",
    "Với tinh thần chủ động, quyết liệt ngay từ đầu năm {year}, lãnh đạo {place} đã chỉ đạo các lực lượng chuẩn bị chu đáo mọi mặt cho sự kiện.",
]
# A copy editor's rewording: each occurrence changes (and so breaks every shingle across it).
REWORDING = {"tổ chức": "tiến hành", "đồng chí": "ông", "Tham dự": "Tới dự", "tham dự": "tới dự", "huyện": "địa phương",
             "các tân binh": "tân binh", "nâng cao": "tăng cường", "thực hiện": "triển khai", "Ban Chỉ huy Quân sự": "Ban CHQS"}
SOURCES_CREDIT = ["Theo Cổng TTĐT tỉnh", "Nguồn: Báo Quân đội nhân dân", "Theo Báo Bắc Giang", "Nguồn: Trang tin Ban CHQS"]


def load_stories() -> list[dict[str, Any]]:
    """Our stories plus the five seed articles (when the shared seeds are present), as paragraph lists."""
    stories = yaml.safe_load(DATA.read_text(encoding="utf-8"))["stories"]
    for path in sorted(SEEDS.glob("0*.txt")) if SEEDS.exists() else []:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 40]
        stories.append({"id": path.stem, "place": "địa phương", "title": lines[0][:120], "published": None,
                        "author": None, "paragraphs": lines})
    return stories


def _tone(text: str) -> str:
    for old, new in TONE_STYLE.items():
        text = text.replace(old, new)
    return text


def _reword(text: str) -> str:
    for old, new in REWORDING.items():
        text = text.replace(old, new)
    return text


def variants(story: dict[str, Any], others: list[dict[str, Any]], rng: random.Random) -> dict[str, list[str]]:
    """The original and nine realistic republications of one story, each as a list of lines."""
    paras, place = list(story["paragraphs"]), story["place"]
    year = (story.get("published") or "2024")[:4]
    lead = rng.choice(NEW_LEADS).format(place=place, year=year, src=rng.choice(["BGĐT", "QĐND", "TTĐT"]))
    byline = f"Tin, ảnh: {story.get('author') or 'Phòng VH-TT'}"
    teasers = [o["title"] for o in rng.sample(others, 4)]
    keep = max(2, len(paras) - (2 if len(paras) >= 5 else 1))
    return {
        "original": paras,
        "new-title": [f"{story['title'].split(' năm')[0]}: lan tỏa tinh thần trách nhiệm", *paras],
        "new-lead": [lead, *paras[1:]],
        "trimmed-ending": paras[:keep],
        "byline-credit": [*paras, byline, rng.choice(SOURCES_CREDIT)],
        "boilerplate": [BOILER_TOP[0].format(place=place), *BOILER_TOP[1:], story["title"], *paras, *BOILER_END, *teasers],
        "lead+trim+byline": [lead, *paras[1:keep], byline],
        "tone-marks+merged": [_tone(" ".join(paras[:2])), *(_tone(p) for p in paras[2:])],
        "abridged": [lead, *paras[1 : max(2, (len(paras) * 2 + 2) // 3)]],
        "reworded": [_reword(p) for p in paras],
    }


def labelled_set(seed: int = 7) -> list[tuple[str, str, str]]:
    """(story id, edit name, text) for every story and edit."""
    rng = random.Random(seed)
    stories = load_stories()
    out = []
    for story in stories:
        others = [s for s in stories if s is not story]
        for edit, lines in variants(story, others, rng).items():
            out.append((story["id"], edit, "\n".join(lines)))
    return out


def pair_scores(labels: list[str], same: set[tuple[int, int]]) -> dict[str, float]:
    """Pair precision, recall and counts from the predicted same-story pairs (i < j)."""
    truth = {(i, j) for i, j in combinations(range(len(labels)), 2) if labels[i] == labels[j]}
    tp = len(truth & same)
    return {"precision": tp / len(same) if same else 1.0, "recall": tp / len(truth) if truth else 1.0,
            "pairs": len(truth), "negatives": len(labels) * (len(labels) - 1) // 2 - len(truth),
            "false_pos": len(same - truth), "false_neg": len(truth - same)}


def run_qpdp(docs: list[tuple[str, str, str]], workdir: Path) -> dict[str, float]:
    """Store every document through Archive.save_article (the crawl's path) and read back clusters."""
    archive = Archive(workdir / "labelled.db")
    archive.conn.execute("INSERT OR IGNORE INTO sources (id, name, level, start_urls) VALUES ('bench', 'bench', 'district', '[]')")
    ids = []
    for n, (story, edit, text) in enumerate(docs):
        url = f"http://bench.example/{story}/{edit}"
        archive.save_article(None, {"url": url, "source_id": "bench", "kind": "article", "status": 200},
                             {"url": url, "title": f"{story} {edit}", "text": text, "published": f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}+07:00"}, SOURCE)
        ids.append(archive.conn.execute("SELECT article_id FROM sightings WHERE url = ?", (url,)).fetchone()[0])
    cluster = dict(archive.conn.execute("SELECT id, coalesce(cluster_id, id) FROM articles"))
    archive.close()
    same = {(i, j) for i, j in combinations(range(len(docs)), 2) if cluster[ids[i]] == cluster[ids[j]]}
    return pair_scores([d[0] for d in docs], same)


def run_baseline(docs: list[tuple[str, str, str]]) -> dict[str, float]:
    """The plain datasketch recipe: SHA-1 MinHash of word 5-shingles, MinHashLSH at 0.5, no clustering."""
    minhashes = []
    for _, _, text in docs:
        words = re.findall(r"\w+", text.lower())
        m = MinHash(num_perm=dedup.NUM_PERM)
        m.update_batch([" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))])
        minhashes.append(m)
    lsh = MinHashLSH(threshold=0.5, num_perm=dedup.NUM_PERM)
    same = set()
    for i, m in enumerate(minhashes):
        same |= {(j, i) for j in lsh.query(m) if minhashes[j].jaccard(m) >= 0.5}
        lsh.insert(i, m)
    return pair_scores([d[0] for d in docs], same)


def run_pairwise(docs: list[tuple[str, str, str]]) -> dict[str, float]:
    """qpdp's verification rule on every pair directly (no LSH, no clusters): how good one decision is."""
    shingler, hasher = dedup.Shingler(), dedup.MinHasher()
    hashes = [shingler.hashes(t) for _, _, t in docs]
    sigs = [hasher.signature(h) for h in hashes]
    same = {(i, j) for i, j in combinations(range(len(docs)), 2)
            if dedup.is_copy(*dedup.estimate(sigs[i], len(hashes[i]), sigs[j], len(hashes[j])))}
    return pair_scores([d[0] for d in docs], same)


def run_exact(docs: list[tuple[str, str, str]]) -> dict[str, float]:
    """Exact dedup only (the content hash): what the archive did before near-duplicate clusters."""
    digests = [content_hash(t) for _, _, t in docs]
    return pair_scores([d[0] for d in docs], {(i, j) for i, j in combinations(range(len(docs)), 2) if digests[i] == digests[j]})


# -- scale --------------------------------------------------------------------------------------
def _vocabulary() -> list[str]:
    words = re.findall(r"\w+", " ".join(" ".join(s["paragraphs"]) for s in load_stories()))
    return sorted(set(words))


def synthetic(count: int, seed: int = 11, copy_rate: float = 0.05):
    """Yield (id, text, published, copy_of) for *count* synthetic articles; about copy_rate of them are edited copies."""
    rng, draw = random.Random(seed), np.random.default_rng(seed)
    vocab = np.array(_vocabulary(), dtype=object)
    draw.shuffle(vocab)
    weights = 1.0 / (np.arange(len(vocab)) + 1.0) ** 0.9
    weights /= weights.sum()
    recent: list[tuple[int, list[str]]] = []
    for n in range(1, count + 1):
        stamp = f"20{10 + n * 14 // count:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00+07:00"
        if recent and rng.random() < copy_rate:
            origin, paras = rng.choice(recent)
            body = paras[1:-1] if len(paras) >= 5 else paras[1:]
            edited = [rng.choice(NEW_LEADS).format(place="địa phương", year="2024", src="TTĐT"), *body, "Tin, ảnh: Minh Anh"]
            yield n, "\n".join(edited), stamp, origin
            continue
        lengths = draw.integers(50, 111, size=rng.randint(3, 7))
        words = vocab[draw.choice(len(vocab), size=int(lengths.sum()), p=weights)]
        ends = np.cumsum(lengths)
        paras = [" ".join(words[end - size : end]) for size, end in zip(lengths.tolist(), ends.tolist())]
        recent.append((n, paras))
        if len(recent) > 500:
            recent.pop(0)
        yield n, "\n".join(paras), stamp, None


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def scale(count: int, workdir: Path, baseline_count: int) -> dict[str, Any]:
    """Index and query *count* synthetic articles (full rebuild), then reopen and add 1,000 more via save_article."""
    path = workdir / "scale.db"
    archive = Archive(path)
    archive.conn.execute("INSERT OR IGNORE INTO sources (id, name, level, start_urls) VALUES ('bench', 'bench', 'district', '[]')")
    copies: dict[int, int] = {}
    t0 = time.perf_counter()
    with archive.transaction():
        rows = []
        for n, text, stamp, origin in synthetic(count):
            if origin:
                copies[n] = origin
            rows.append((n, f"http://bench.example/{n}", "bench", "district", stamp, text, hashlib.sha1(text.encode()).hexdigest(), stamp, stamp))
            if len(rows) == 5000:
                archive.conn.executemany("INSERT INTO articles (id, url, source_id, level, published, text, content_hash, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?)", rows)
                rows = []
        archive.conn.executemany("INSERT INTO articles (id, url, source_id, level, published, text, content_hash, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    with archive.transaction():
        stats = dedup.rebuild(archive.conn)
    built, built_cpu = time.perf_counter() - t0, time.process_time() - c0
    cluster = dict(archive.conn.execute("SELECT id, cluster_id FROM articles WHERE cluster_id IS NOT NULL"))
    found = sum(1 for n, origin in copies.items() if cluster.get(n) is not None and cluster.get(n) == cluster.get(origin))
    archive.close()
    # A nightly run: reopen the archive, load the persisted index, add 1,000 new articles through save_article.
    t0 = time.perf_counter()
    archive = Archive(path)
    with archive.transaction():
        indexed = archive.near.loaded
    opened = time.perf_counter() - t0
    extra = list(synthetic(1000, seed=99, copy_rate=0.0))
    t0 = time.perf_counter()
    for n, text, stamp, _ in extra:
        url = f"http://bench.example/new/{n}"
        archive.save_article(None, {"url": url, "source_id": "bench"}, {"url": url, "title": "t", "text": text, "published": stamp}, SOURCE)
    nightly = time.perf_counter() - t0
    archive.close()
    # Baseline: datasketch's own MinHash (SHA-1 per shingle) + MinHashLSH, on the first baseline_count articles.
    conn = sqlite3.connect(path)
    texts = [t for (t,) in conn.execute("SELECT text FROM articles ORDER BY id LIMIT ?", (baseline_count,))]
    conn.close()
    t0 = time.perf_counter()
    lsh = MinHashLSH(num_perm=dedup.NUM_PERM, params=(dedup.BANDS, dedup.ROWS))
    for i, text in enumerate(texts):
        words = re.findall(r"\w+", text.lower())
        m = MinHash(num_perm=dedup.NUM_PERM)
        m.update_batch([" ".join(words[k : k + 5]).encode() for k in range(max(1, len(words) - 4))])
        lsh.query(m)
        lsh.insert(i, m)
    base = time.perf_counter() - t0
    return {"count": count, "load_s": load, "rebuild_s": built, "rebuild_cpu": built_cpu, "rate": count / built, "stats": stats,
            "planted": len(copies), "planted_found": found, "open_s": opened, "indexed": indexed,
            "nightly_rate": len(extra) / nightly, "baseline_rate": len(texts) / base, "baseline_n": len(texts),
            "peak_mb": _peak_mb()}


def main(argv: list[str] | None = None) -> int:
    """Print the quality table and the scale table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100_000, help="synthetic articles in the scale run (0 = skip)")
    parser.add_argument("--baseline", type=int, default=5_000, help="articles for the datasketch speed baseline")
    args = parser.parse_args(argv)
    docs = labelled_set()
    with tempfile.TemporaryDirectory() as tmp:
        ours = run_qpdp(docs, Path(tmp))
        rows = [("exact content hash", run_exact(docs)), ("datasketch recipe (J≥0.5)", run_baseline(docs)), ("qpdp single pair decision", run_pairwise(docs)), ("qpdp dedup (clusters)", ours)]
        print(f"Labelled set: {len(docs)} documents, {len({d[0] for d in docs})} stories, "
              f"{ours['pairs']} same-story pairs, {ours['negatives']} different-story pairs")
        print(f"{'system':28} {'precision':>9} {'recall':>7} {'false+':>7} {'false-':>7}")
        for name, r in rows:
            print(f"{name:28} {r['precision']:9.4f} {r['recall']:7.4f} {r['false_pos']:7d} {r['false_neg']:7d}")
        missed = _missed(docs, Path(tmp))
        if missed:
            print("missed edits (qpdp):", ", ".join(f"{k}×{v}" for k, v in sorted(missed.items())))
        if args.scale:
            r = scale(args.scale, Path(tmp), min(args.baseline, args.scale))
            print()
            print(f"{'scale run':42} {'value':>12}")
            for label, value in [
                ("articles", f"{r['count']:,}"),
                ("load into SQLite (s, not dedup)", f"{r['load_s']:.1f}"),
                ("index + query all: rebuild, wall (s)", f"{r['rebuild_s']:.1f}"),
                ("index + query all: rebuild, CPU (s)", f"{r['rebuild_cpu']:.1f}"),
                ("articles/s (rebuild, wall)", f"{r['rate']:,.0f}"),
                (f"datasketch SHA-1 baseline articles/s (n={r['baseline_n']:,})", f"{r['baseline_rate']:,.0f}"),
                ("speed ratio qpdp / baseline", f"{r['rate'] / r['baseline_rate']:.1f}x"),
                ("LSH candidates checked", f"{r['stats'].candidates:,}"),
                ("planted copies clustered with origin", f"{r['planted_found']:,}/{r['planted']:,}"),
                (f"reopen: load LSH of {r['indexed']:,} from archive (s)", f"{r['open_s']:.2f}"),
                ("nightly: save_article articles/s (+1,000)", f"{r['nightly_rate']:,.0f}"),
                ("peak RSS, whole process (MB)", f"{r['peak_mb']:,.0f}"),
            ]:
                print(f"{label:42} {value:>12}")
    return 0


def _missed(docs: list[tuple[str, str, str]], tmp: Path) -> dict[str, int]:
    conn = sqlite3.connect(tmp / "labelled.db")
    cluster = {url.rsplit("/", 2)[-2] + "/" + url.rsplit("/", 1)[-1]: c for url, c in conn.execute(
        "SELECT s.url, coalesce(a.cluster_id, a.id) FROM sightings s JOIN articles a ON a.id = s.article_id")}
    conn.close()
    out: dict[str, int] = {}
    for story, edit, _ in docs:
        if edit != "original" and cluster[f"{story}/{edit}"] != cluster[f"{story}/original"]:
            out[edit] = out.get(edit, 0) + 1
    return out


if __name__ == "__main__":
    sys.exit(main())
