"""Near-duplicate stories: MinHash over word shingles of the folded text, an LSH index persisted with the archive,
and clusters of syndicated copies (articles.cluster_id = id of the earliest-published member, NULL when alone)."""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from archive.text import fold

NUM_PERM = 128
SEED = 1
SHINGLE = 5  # syllables per shingle (a Vietnamese word is one to three syllables)
BANDS, ROWS = 42, 3  # LSH banding: candidates from Jaccard ~0.3 up (P = 0.68 at 0.3, 0.98 at 0.45); then verified
JACCARD = 0.4  # estimated Jaccard at or above which two texts are copies of one story …
CONTAINMENT, CONTAINMENT_MIN_JACCARD = 0.7, 0.2  # … or this share of the shorter text lies in the longer one
MIN_SHINGLES = 30  # shorter texts are only deduplicated exactly (by content hash)
# Bytes table: ASCII letters lower-cased, digits kept, everything else a word break.
_WORD_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))
_MIX = np.uint64(0x9E3779B97F4A7C15)
_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)[:ROWS]
_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xD6E8FEB86659FD93)

SCHEMA = """
CREATE TABLE IF NOT EXISTS minhashes (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id), shingles INTEGER NOT NULL, signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_cluster ON articles(cluster_id);
DROP VIEW IF EXISTS clusters;
CREATE VIEW clusters AS
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
    ORDER BY m.cluster_id, m.representative DESC, m.published IS NULL, m.published, m.article_id;
DROP VIEW IF EXISTS republications;
CREATE VIEW republications AS
    SELECT c.cluster_id, c.title, c.source_name AS first_source, c.level AS first_level, c.published AS first_published,
        c.url, c.cluster_size - 1 AS copies,
        (SELECT group_concat(r.source_name || ' (' || r.level || coalesce(', ' || substr(r.published, 1, 10), '') || ')', '; ')
         FROM clusters r WHERE r.cluster_id = c.cluster_id AND r.representative = 0) AS republished_by
    FROM clusters c WHERE c.representative = 1
"""


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the signature table and the cluster index; (re)create the `clusters` view (needs articles.cluster_id)."""
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def tokens(text: str) -> list[bytes]:
    """Lower-case ASCII words of *text*: diacritics (and any non-Latin character) dropped, đ -> d, all in C.

    The same words as archive.text.fold gives for Vietnamese, so 'Hoà', 'hòa' and 'hoa' agree.
    """
    text = text.replace("đ", "d").replace("Đ", "d")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").translate(_WORD_BYTES).split()


def content_hash(text: str) -> str:
    """Hash of the folded, whitespace-normalised text: equal for byte-different copies of one story."""
    return _folded_hash(fold(text))


def _folded_hash(folded: str) -> str:
    return hashlib.sha256(" ".join(folded.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """What storing a story derives from its title and text, computed once, where the page is analysed (an extraction
    worker, off the crawl's reactor): the exact-copy hash, the folded words of the search index, the MinHash."""

    content_hash: str
    folded_title: str
    folded_text: str
    shingles: int  # distinct shingles of the text
    signature: bytes  # NUM_PERM uint32 MinHash; empty below MIN_SHINGLES (then only exact copies are found)


class Fingerprinter:
    """Fingerprints of stories (it keeps the MinHash permutations and their work buffer)."""

    def __init__(self) -> None:
        self.shingler, self.hasher = Shingler(), MinHasher()

    def __call__(self, title: str | None, text: str) -> Fingerprint:
        """The fingerprint of one story."""
        folded = fold(text)
        return Fingerprint(_folded_hash(folded), fold(title or ""), folded, *self.minhash(text))

    def minhash(self, text: str) -> tuple[int, bytes]:
        """(distinct shingles, MinHash signature bytes or b"" below MIN_SHINGLES) of a text."""
        hashes = self.shingler.hashes(text)
        return len(hashes), self.hasher.signature(hashes).tobytes() if len(hashes) >= MIN_SHINGLES else b""


class Shingler:
    """Word shingles of the folded text as a sorted array of distinct 32-bit hashes."""

    def __init__(self, size: int = SHINGLE) -> None:
        self.size = size

    def hashes(self, text: str) -> np.ndarray:
        """Distinct shingle hashes of *text* (empty when it has fewer words than one shingle)."""
        words = tokens(text)
        ids = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))  # C speed: no cache needed
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


def affine32_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations (MinHash._init_permutations, datasketch ≥ 2.0), drawn the same way here:
    importing datasketch loads scipy for its LSH (about 60 MB in the crawl process); tests compare with it."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)


class MinHasher:
    """datasketch's affine32 MinHash (same permutations, same values), one numpy pass per text."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        a, b = affine32_permutations(num_perm, seed)
        self.a, self.b = a[None, :], b[None, :]
        self.num_perm, self.seed = num_perm, seed
        self._buffer = np.empty((1024, num_perm), dtype=np.uint32)

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        """The MinHash signature (num_perm uint32) of one non-empty shingle-hash array."""
        if len(hashes) > len(self._buffer):
            self._buffer = np.empty((2 * len(hashes), self.num_perm), dtype=np.uint32)
        work = self._buffer[: len(hashes)]
        np.multiply(_fmix32(hashes)[:, None], self.a, out=work)
        np.add(work, self.b, out=work)
        return work.min(axis=0)


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """LSH band keys (one signed 64-bit integer per band, band number mixed in) of one or many signatures."""
    bands = signatures[..., : BANDS * ROWS].astype(np.uint64).reshape(*signatures.shape[:-1], BANDS, ROWS)
    keys = (bands * _BAND_MIX).sum(axis=-1) ^ _BAND_SALT
    return keys.view(np.int64)


def estimate(sig_a: np.ndarray, size_a: int, sig_b: np.ndarray, size_b: int) -> tuple[float, float]:
    """Estimated Jaccard similarity and containment of the smaller shingle set in the larger one."""
    jaccard = float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
    return jaccard, _containment(jaccard, size_a, size_b)


def _containment(jaccard: float, size_a: int, size_b: int) -> float:
    return min(1.0, jaccard / (1.0 + jaccard) * (size_a + size_b) / max(1, min(size_a, size_b)))


def is_copy(jaccard: float, containment: float) -> bool:
    """True when the estimated similarity marks two texts as copies of one story (see JACCARD, CONTAINMENT)."""
    return jaccard >= JACCARD or (containment >= CONTAINMENT and jaccard >= CONTAINMENT_MIN_JACCARD)


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


class BandIndex:
    """In-memory LSH over band keys: sorted runs of (key, id) arrays — the archive as loaded, then one run per *merge*
    articles added since — and a buffer of the latest ones, scanned. Each band key is kept as its high 32 bits with a
    32-bit id: 8 bytes an entry, about 0.34 KB an article, and runs are never merged (no copy of the whole index).

    Entries are never removed: a stale or rolled-back entry, or two band keys sharing their high 32 bits, only yields
    an extra candidate, and every candidate is verified against the signature stored in the archive.
    """

    def __init__(self, ids: np.ndarray, keys: np.ndarray, merge: int = 1024) -> None:
        width = keys.shape[1] if keys.ndim > 1 else 0
        self.runs = [_sorted_run(_compact(keys.ravel()), np.repeat(_ids(ids), width))]
        self.buffer_keys = np.empty(merge * BANDS, dtype=np.uint32)  # the latest *merge* articles' entries
        self.buffer_ids = np.empty(merge * BANDS, dtype=np.int32)
        self.filled = 0

    def query(self, keys: np.ndarray) -> set[int]:
        """Ids sharing at least one band key with *keys* (or, rarely, its high 32 bits)."""
        keys = _compact(keys)
        found: set[int] = set()
        for run_keys, run_ids in self.runs:
            lo, hi = np.searchsorted(run_keys, keys, "left"), np.searchsorted(run_keys, keys, "right")
            for a, b in zip(lo[hi > lo].tolist(), hi[hi > lo].tolist()):
                found.update(run_ids[a:b].tolist())
        recent = self.buffer_keys[: self.filled]
        found.update(self.buffer_ids[: self.filled][np.isin(recent, keys)].tolist())
        return found

    def add(self, article_id: int, keys: np.ndarray) -> None:
        """Index one article's band keys."""
        if self.filled + len(keys) > len(self.buffer_keys):
            self.runs.append(_sorted_run(self.buffer_keys[: self.filled].copy(), self.buffer_ids[: self.filled].copy()))
            self.filled = 0
        end = self.filled + len(keys)
        self.buffer_keys[self.filled : end] = _compact(keys)
        self.buffer_ids[self.filled : end] = _ids(np.array([article_id]))[0]
        self.filled = end


def _compact(keys: np.ndarray) -> np.ndarray:
    """The high 32 bits of 64-bit band keys (those mix every bit of the band)."""
    return (keys.view(np.uint64) >> np.uint64(32)).astype(np.uint32)


def _ids(ids: np.ndarray) -> np.ndarray:
    """Article ids as int32 (SQLite rowids of an archive below 2**31 rows)."""
    if len(ids) and int(ids.max()) >= 2**31:
        raise OverflowError("the near-duplicate index holds article ids below 2**31")
    return ids.astype(np.int32)


def _sorted_run(keys: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(keys, ids) ordered by key."""
    order = np.argsort(keys, kind="stable")
    return keys[order], ids[order]


class NearDuplicates:
    """Near-duplicate index of one archive: signatures in the `minhashes` table, LSH rebuilt in memory on open."""

    def __init__(self, conn: sqlite3.Connection, prints: Fingerprinter | None = None) -> None:
        self.conn = conn
        self.prints = prints or Fingerprinter()
        ids, blobs = [], []
        for article_id, blob in conn.execute("SELECT article_id, signature FROM minhashes"):
            ids.append(article_id)
            blobs.append(blob)
        signatures = np.frombuffer(b"".join(blobs), dtype=np.uint32).reshape(len(ids), NUM_PERM)
        self.index = BandIndex(np.array(ids, dtype=np.int64), band_keys(signatures))
        self.loaded = len(ids)

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
        candidates = sorted(self.index.query(band_keys(signature)) - {exclude})
        found = []
        for lo in range(0, len(candidates), 500):
            part = candidates[lo : lo + 500]
            rows = self.conn.execute(
                f"SELECT article_id, shingles, signature FROM minhashes WHERE article_id IN ({','.join('?' * len(part))})", part
            ).fetchall()
            found += [i for i, n, blob in rows if is_copy(*estimate(signature, size, np.frombuffer(blob, dtype=np.uint32), n))]
        return found

    def add(self, article_id: int, text: str, fingerprint: Fingerprint | None = None) -> int | None:
        """Index one new or changed article (its *fingerprint*, else computed from *text*) and join it to the cluster
        of its copies; return its cluster_id."""
        size, blob = (fingerprint.shingles, fingerprint.signature) if fingerprint else self.prints.minhash(text)
        self.conn.execute("DELETE FROM minhashes WHERE article_id = ?", (article_id,))
        if not blob:
            return self._cluster(article_id)
        signature = np.frombuffer(blob, dtype=np.uint32)
        found = self.matches(signature, size, exclude=article_id)
        self.conn.execute("INSERT INTO minhashes (article_id, shingles, signature) VALUES (?, ?, ?)",
                          (article_id, size, blob))
        self.index.add(article_id, band_keys(signature))
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


def _candidate_pairs(keys: np.ndarray, max_bucket: int = 200) -> np.ndarray:
    """Row pairs (i < j) sharing at least one band key; a bucket larger than max_bucket links each member to its
    first max_bucket members only (a template repeated thousands of times must not cost millions of checks)."""
    flat = keys.ravel()
    column, rows = _sorted_run(flat, np.repeat(np.arange(len(keys), dtype=np.int64), keys.shape[1] if keys.ndim > 1 else 0))
    starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
    sizes = np.diff(np.r_[starts, len(column)])
    found = [np.empty((0, 2), dtype=np.int64)]
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
        members = np.unique(rows[start : start + size])
        head = members[:max_bucket]
        a, b = np.repeat(head, len(members)), np.tile(members, len(head))
        found.append(np.stack([a[a < b], b[a < b]], axis=1))
    return np.unique(np.concatenate(found), axis=0)


def rebuild(conn: sqlite3.Connection, batch: int = 2000, progress: Callable[[int], None] | None = None) -> RebuildStats:
    """Recompute every signature, the band index and every cluster from the articles table (inside one transaction)."""
    shingler, hasher = Shingler(), MinHasher()
    stats = RebuildStats()
    conn.execute("DELETE FROM minhashes")
    conn.execute("UPDATE articles SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
    ids: list[int] = []
    sizes: list[int] = []
    chunks: list[np.ndarray] = []
    cursor = conn.cursor()
    cursor.execute("SELECT id, text FROM articles ORDER BY id")
    while rows := cursor.fetchmany(batch):
        stats.articles += len(rows)
        out = []
        for article_id, text in rows:
            hashes = shingler.hashes(text)
            if len(hashes) >= MIN_SHINGLES:
                signature = hasher.signature(hashes)
                ids.append(article_id)
                sizes.append(len(hashes))
                chunks.append(signature)
                out.append((article_id, len(hashes), signature.tobytes()))
        conn.executemany("INSERT INTO minhashes (article_id, shingles, signature) VALUES (?, ?, ?)", out)
        if progress:
            progress(stats.articles)
    stats.indexed = len(ids)
    if not ids:
        return stats
    signatures = np.stack(chunks)
    del chunks
    keys = band_keys(signatures)
    pairs = _candidate_pairs(keys)
    stats.candidates = len(pairs)
    size_array = np.array(sizes, dtype=np.float64)
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lo in range(0, len(pairs), 100_000):
        part = pairs[lo : lo + 100_000]
        jaccard = (signatures[part[:, 0]] == signatures[part[:, 1]]).mean(axis=1)
        small = np.minimum(size_array[part[:, 0]], size_array[part[:, 1]])
        containment = np.minimum(1.0, jaccard / (1.0 + jaccard) * (size_array[part[:, 0]] + size_array[part[:, 1]]) / small)
        copy = (jaccard >= JACCARD) | ((containment >= CONTAINMENT) & (jaccard >= CONTAINMENT_MIN_JACCARD))
        for a, b in part[copy].tolist():
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for row in range(len(ids)):
        root = find(row)
        if root != row:
            groups.setdefault(root, []).append(ids[row])
    updates = []
    for root, members in groups.items():
        members.append(ids[root])
        head = _representative(conn, set(members))
        updates += [(head, m) for m in set(members)]
        stats.clusters += 1
    conn.executemany("UPDATE articles SET cluster_id = ? WHERE id = ?", updates)
    stats.clustered = len(updates)
    conn.execute(
        "UPDATE articles SET cluster_id = id WHERE cluster_id IS NULL AND id IN (SELECT si.article_id FROM sightings si"
        " JOIN articles a ON a.id = si.article_id WHERE si.source_id != a.source_id)"
    )
    return stats
