"""The URLs one crawl process has seen, in 8 bytes each, however long the run (a national backfill is millions)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

RECENT = 16_384  # hashes kept in a Python set before they join the sorted arrays


class SeenUrls:
    """A set of strings kept as their 64-bit hashes (Python's string hash: cached on each str, so free to take):
    the latest in a Python set, the rest in sorted numpy runs, each run at least twice the size of the next, so
    a lookup searches a few runs and memory is 8 bytes a string instead of about 160.

    Two URLs of one run sharing all 64 bits would make the second look seen: about one chance in 10^8 for a
    million URLs. Nothing is persisted (hashes of strings differ between processes)."""

    def __init__(self, urls: Iterable[str] = ()) -> None:
        self.recent: set[int] = set()
        self.runs: list[np.ndarray] = []
        self.update(urls)

    def __contains__(self, url: str) -> bool:
        key = hash(url)
        if key in self.recent:
            return True
        return self._settled(key)

    def _settled(self, key: int) -> bool:
        for run in self.runs:
            at = int(run.searchsorted(key))
            if at < len(run) and run[at] == key:
                return True
        return False

    def add(self, url: str) -> None:
        """Remember one URL."""
        self.recent.add(hash(url))
        if len(self.recent) >= RECENT:
            self._settle()

    def update(self, urls: Iterable[str]) -> None:
        """Remember several URLs."""
        for url in urls:
            self.add(url)

    def _settle(self) -> None:
        """Move the recent hashes into a sorted run, merging it with smaller runs before it (none is repeated)."""
        run = np.fromiter(self.recent, dtype=np.int64, count=len(self.recent))
        for older in self.runs:
            run = run[~np.isin(run, older)]
        self.recent = set()
        run.sort()
        while self.runs and len(self.runs[-1]) <= 2 * len(run):
            run = np.concatenate([self.runs.pop(), run])
            run.sort(kind="mergesort")  # two sorted halves
        self.runs.append(run)
