"""Output files of the commands (`-o FILE`): atomic for regular files, in place for everything else."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

_SPECIAL_TREES = ("/dev/", "/proc/")  # /dev/stdout, /dev/fd/3, /proc/self/fd/1: the stream, never a new file


def _in_place(path: Path) -> bool:
    """True for stdout, FIFOs, devices and sockets (what an atomic rename would replace by a regular file)."""
    if str(path.absolute()).startswith(_SPECIAL_TREES):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False


def _failure(path: Path, exc: OSError, ours: set[str]) -> click.ClickException:
    """One line naming the file an OSError is about: *path*, unless the error is about another file (a WARC read)."""
    if exc.filename is not None and str(exc.filename) not in ours:
        return click.ClickException(f"cannot read {exc.filename}: {exc.strerror or exc}")
    return click.ClickException(f"cannot write {path}: {exc.strerror or exc}")


@contextmanager
def output_file(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """Open *path* for writing: a regular (or new) file gets a temporary sibling renamed over it at the end, so
    readers never see half an export; through a symlink the file it points to is replaced and the link kept;
    stdout, FIFOs and devices are written in place. Every OSError becomes one line naming the path (exit 1).
    """
    mode, options = ("wb", {}) if binary else ("w", {"encoding": "utf-8", "newline": ""})
    ours = {str(path)}
    try:
        if _in_place(path):
            with open(path, mode, **options) as stream:
                yield stream
            return
        target = Path(os.path.realpath(path))  # a symlink (even a dangling one) keeps pointing at the new file
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        ours |= {str(target), str(tmp)}
        try:
            with open(tmp, mode, **options) as fh:
                yield fh
            if target.exists():
                os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise _failure(path, exc, ours) from None
