"""Near-duplicate stories: MinHash over word shingles of the folded text, an LSH index persisted with the archive,
and clusters of syndicated copies (articles.cluster_id = id of the earliest-published member, NULL when alone)."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1
SHINGLE = 5  # syllables per shingle (a Vietnamese word is one to three syllables)
LSH_THRESHOLD = 0.3  # recall-oriented candidate search; candidates are then verified
JACCARD = 0.45  # estimated Jaccard at or above which two texts are copies of one story …
CONTAINMENT = 0.7  # … or the share of the shorter text's shingles found in the longer one
MIN_SHINGLES = 30  # shorter texts are only deduplicated exactly (by content hash)
SCHEME = "affine32"  # datasketch's permutation scheme, reproduced here in batches
_WORD = re.compile(r"[a-z0-9]+")
_MIX = np.uint64(0x9E3779B97F4A7C15)

SCHEMA = """
CREATE TABLE IF NOT EXISTS minhashes (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id), shingles INTEGER NOT NULL, signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_cluster ON articles(cluster_id);
CREATE VIEW IF NOT EXISTS clusters AS
    WITH members AS (
        SELECT a.cluster_id, a.id AS article_id, a.id = a.cluster_id AS representative,
            CASE WHEN a.id = a.cluster_id THEN 'first published' ELSE 'republished' END AS role,
            a.source_id, a.level, a.province, a.published, a.title, a.url, a.author, a.first_seen
        FROM articles a WHERE a.cluster_id IS NOT NULL
        UNION ALL
        SELECT a.cluster_id, a.id, 0, 'same text', si.source_id, s.level, s.province, NULL, a.title, min(si.url),
            NULL, min(si.first_seen)
        FROM sightings si JOIN articles a ON a.id = si.article_id JOIN sources s ON s.id = si.source_id
        WHERE si.source_id != a.source_id AND a.cluster_id IS NOT NULL
        GROUP BY a.id, si.source_id
    )
    SELECT m.cluster_id, count(*) OVER (PARTITION BY m.cluster_id) AS cluster_size, m.representative, m.role,
        m.article_id, m.source_id, s.name AS source_name, m.level, m.province, m.published, m.title, m.url,
        m.author, m.first_seen
    FROM members m JOIN sources s ON s.id = m.source_id
    ORDER BY m.cluster_id, m.representative DESC, m.published IS NULL, m.published, m.article_id
"""


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the signature table, the cluster index and the `clusters` view (needs articles.cluster_id)."""
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII skeleton of *text*: diacritics (and any non-Latin character) dropped, đ -> d.

    The same words as archive.text.fold for Vietnamese, several times faster (all in C); 'hoà' and 'hòa' agree.
    """
    text = text.replace("đ", "d").replace("Đ", "d")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii").lower()


class Shingler:
    """Word shingles of the folded text as a sorted array of distinct 32-bit hashes."""

    def __init__(self, size: int = SHINGLE) -> None:
        self.size = size
        self._ids: dict[str, int] = {}

    def _token_ids(self, tokens: list[str]) -> np.ndarray:
        ids = self._ids
        if len(ids) > 2_000_000:
            ids.clear()
        out = []
        for token in tokens:
            value = ids.get(token)
            if value is None:
                value = ids[token] = zlib.crc32(token.encode("utf-8"))
            out.append(value)
        return np.array(out, dtype=np.uint64)

    def hashes(self, text: str) -> np.ndarray:
        """Distinct shingle hashes of *text* (empty when it has fewer words than one shingle)."""
        ids = self._token_ids(_WORD.findall(ascii_fold(text)))
        count = len(ids) - self.size + 1
        if count < 1:
            return np.empty(0, dtype=np.uint32)
        acc = ids[:count].copy()
        for offset in range(1, self.size):
            acc = acc * _MIX + ids[offset : offset + count]
        return np.unique(((acc >> np.uint64(32)) ^ acc).astype(np.uint32))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before its affine permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class MinHasher:
    """datasketch's affine32 MinHash (same permutations, same values), one numpy pass per text."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
        self.a, self.b = a.astype(np.uint32)[None, :], b.astype(np.uint32)[None, :]
        self.num_perm, self.seed = num_perm, seed

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        """The MinHash signature (num_perm uint32) of one non-empty shingle-hash array."""
        return (_fmix32(hashes)[:, None] * self.a + self.b).min(axis=0)

    def lean(self, signature: np.ndarray) -> LeanMinHash:
        """The signature as a datasketch LeanMinHash (for the LSH index)."""
        return LeanMinHash(seed=self.seed, hashvalues=signature, scheme=SCHEME)


def estimate(sig_a: np.ndarray, size_a: int, sig_b: np.ndarray, size_b: int) -> tuple[float, float]:
    """Estimated Jaccard similarity and containment of the smaller shingle set in the larger one."""
    jaccard = float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
    shared = jaccard / (1.0 + jaccard) * (size_a + size_b)
    return jaccard, min(1.0, shared / max(1, min(size_a, size_b)))


def is_copy(sig_a: np.ndarray, size_a: int, sig_b: np.ndarray, size_b: int) -> bool:
    """True when two signatures look like copies of one story (see JACCARD and CONTAINMENT)."""
    jaccard, containment = estimate(sig_a, size_a, sig_b, size_b)
    return jaccard >= JACCARD or containment >= CONTAINMENT


def new_lsh(num_perm: int = NUM_PERM) -> MinHashLSH:
    """An empty in-memory LSH index tuned for candidate recall at LSH_THRESHOLD."""
    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=num_perm)


def _representative(conn: sqlite3.Connection, ids: Iterable[int]) -> int:
    ids = list(ids)
    marks = ",".join("?" * len(ids))
    row = conn.execute(
        f"SELECT id FROM articles WHERE id IN ({marks}) ORDER BY published IS NULL, published, id LIMIT 1", ids
    ).fetchone()
    return int(row[0])


def mark_copied(conn: sqlite3.Connection, article_id: int) -> None:
    """An exact copy was seen on another portal: the article heads a cluster (if it is in none yet)."""
    conn.execute("UPDATE articles SET cluster_id = id WHERE id = ? AND cluster_id IS NULL", (article_id,))


class NearDuplicates:
    """The LSH index over every indexed article, loaded from the `minhashes` table; writes go through *conn*."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.shingler, self.hasher = Shingler(), MinHasher()
        self.lsh = new_lsh()
        for article_id, blob in conn.execute("SELECT article_id, signature FROM minhashes"):
            self.lsh.insert(article_id, self.hasher.lean(np.frombuffer(blob, dtype=np.uint32)), check_duplication=False)

    def __len__(self) -> int:
        return len(self.lsh.keys)

    def backfill(self) -> int:
        """Index the articles that have no signature yet (an archive older than dedup); return how many."""
        missing = self.conn.execute(
            "SELECT id, text FROM articles WHERE id NOT IN (SELECT article_id FROM minhashes) ORDER BY id"
        ).fetchall()
        for article_id, text in missing:
            self.add(article_id, text)
        return len(missing)

    def matches(self, signature: np.ndarray, size: int, exclude: int | None = None) -> list[int]:
        """Indexed articles whose stored signature marks them as copies of this one."""
        candidates = [c for c in self.lsh.query(self.hasher.lean(signature)) if c != exclude]
        if not candidates:
            return []
        marks = ",".join("?" * len(candidates))
        rows = self.conn.execute(
            f"SELECT article_id, shingles, signature FROM minhashes WHERE article_id IN ({marks})", candidates
        ).fetchall()
        return [i for i, n, blob in rows if is_copy(signature, size, np.frombuffer(blob, dtype=np.uint32), n)]

    def add(self, article_id: int, text: str) -> int | None:
        """Index one new or changed article and join it to the cluster of its copies; return its cluster_id."""
        hashes = self.shingler.hashes(text)
        if article_id in self.lsh.keys:
            self.lsh.remove(article_id)
        if len(hashes) < MIN_SHINGLES:
            self.conn.execute("DELETE FROM minhashes WHERE article_id = ?", (article_id,))
            return self._cluster(article_id)
        signature = self.hasher.signature(hashes)
        found = self.matches(signature, len(hashes), exclude=article_id)
        self.conn.execute(
            "INSERT OR REPLACE INTO minhashes (article_id, shingles, signature) VALUES (?, ?, ?)",
            (article_id, len(hashes), signature.tobytes()),
        )
        self.lsh.insert(article_id, self.hasher.lean(signature), check_duplication=False)
        return self.join(article_id, found) if found else self._cluster(article_id)

    def _cluster(self, article_id: int) -> int | None:
        row = self.conn.execute("SELECT cluster_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def join(self, article_id: int, copies: list[int]) -> int:
        """Merge the article and its copies (with their clusters) into one cluster headed by the earliest."""
        ids = [article_id, *copies]
        marks = ",".join("?" * len(ids))
        roots = [r[0] for r in self.conn.execute(f"SELECT DISTINCT coalesce(cluster_id, id) FROM articles WHERE id IN ({marks})", ids)]
        root_marks = ",".join("?" * len(roots))
        members = {r[0] for r in self.conn.execute(f"SELECT id FROM articles WHERE cluster_id IN ({root_marks})", roots)}
        members.update(ids)
        head = _representative(self.conn, members)
        member_marks = ",".join("?" * len(members))
        self.conn.execute(f"UPDATE articles SET cluster_id = ? WHERE id IN ({member_marks})", (head, *members))
        return head


@dataclass
class RebuildStats:
    """What a full rebuild did."""

    articles: int = 0
    indexed: int = 0
    candidates: int = 0
    clusters: int = 0
    clustered: int = 0


def rebuild(conn: sqlite3.Connection, batch: int = 256, progress: Callable[[int], None] | None = None) -> RebuildStats:
    """Recompute every signature and cluster from the articles table (call inside one transaction)."""
    shingler, hasher, lsh = Shingler(), MinHasher(), new_lsh()
    stats = RebuildStats()
    conn.execute("DELETE FROM minhashes")
    conn.execute("UPDATE articles SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
    parent: dict[int, int] = {}
    signatures: dict[int, tuple[np.ndarray, int]] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    cursor = conn.cursor()
    cursor.execute("SELECT id, text FROM articles ORDER BY id")
    while rows := cursor.fetchmany(batch):
        stats.articles += len(rows)
        ready = [(i, h) for i, h in ((i, shingler.hashes(t)) for i, t in rows) if len(h) >= MIN_SHINGLES]
        if not ready:
            continue
        out = []
        for article_id, hashes in ready:
            signature = hasher.signature(hashes)
            size, lean = len(hashes), hasher.lean(signature)
            candidates = lsh.query(lean)
            stats.candidates += len(candidates)
            for other in candidates:
                if is_copy(signature, size, *signatures[other]):
                    a, b = find(article_id), find(other)
                    parent.setdefault(a, a)
                    parent.setdefault(b, b)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
            lsh.insert(article_id, lean, check_duplication=False)
            signatures[article_id] = (signature, size)
            out.append((article_id, size, signature.tobytes()))
        conn.executemany("INSERT INTO minhashes (article_id, shingles, signature) VALUES (?, ?, ?)", out)
        stats.indexed += len(out)
        if progress:
            progress(stats.articles)
    groups: dict[int, list[int]] = {}
    for article_id in parent:
        groups.setdefault(find(article_id), []).append(article_id)
    updates = []
    for members in groups.values():
        if len(members) > 1:
            head = _representative(conn, members)
            updates += [(head, m) for m in members]
            stats.clusters += 1
    conn.executemany("UPDATE articles SET cluster_id = ? WHERE id = ?", updates)
    stats.clustered = len(updates)
    conn.execute(
        "UPDATE articles SET cluster_id = id WHERE cluster_id IS NULL AND id IN (SELECT si.article_id FROM sightings si"
        " JOIN articles a ON a.id = si.article_id WHERE si.source_id != a.source_id)"
    )
    return stats
