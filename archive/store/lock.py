"""The crawl lock: one crawl per archive at a time (an advisory lock the kernel drops when the process dies)."""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path
from types import TracebackType

from archive.store.sql import now


class CrawlLocked(Exception):
    """Another crawl holds the archive's lock."""


class CrawlLock:
    """`with CrawlLock(db):` holds `<db>.lock` (a single-machine crawl, or `qpdp ingest`, the writer of a
    distributed run); a second holder gets CrawlLocked naming the first one."""

    def __init__(self, db: str | Path, role: str = "qpdp crawl") -> None:
        self.path = Path(f"{db}.lock")
        self.role = role
        self._fd: int | None = None

    def __enter__(self) -> "CrawlLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "unknown process"
            os.close(fd)
            raise CrawlLocked(f"another crawl is already running on this archive ({holder}; lock file {self.path})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{self.role}, pid {os.getpid()}, started {now()}".encode())
        self._fd = fd
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def holder(db: str | Path) -> str | None:
    """Who holds the archive's crawl lock (its own words: role, pid, start), or None when no live process does.

    Read, never taken: probing the lock would turn away a crawl starting at that moment. A holder empties the file
    when it lets go; one killed leaves its line, and its pid is then gone.
    """
    try:
        text = Path(f"{db}.lock").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    pid = re.search(r"\bpid (\d+)", text)
    if pid is None:
        return None
    try:
        os.kill(int(pid.group(1)), 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, under another user
        pass
    return text
