"""`-o FILE`: atomic for regular files, in place for FIFOs, devices and stdout, through symlinks; errors in one line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli
from tests.conftest import ROOT
from tests.test_bad_input import archive_db, one_line_error  # noqa: F401  (the fixture is used by name)


def _export(db: Path, out: str | Path, fmt: str = "jsonl") -> object:
    return CliRunner().invoke(cli, ["export", "--db", str(db), "--format", fmt, "-o", str(out)])


@pytest.mark.parametrize("fmt", ["jsonl", "zip", "warc"])
def test_regular_file_is_replaced_whole_with_its_mode(archive_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"set.{fmt}"
    out.write_text("old")
    out.chmod(0o640)
    result = _export(archive_db, out, fmt)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_bytes() != b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left behind


def test_symlink_is_kept_and_its_target_written(archive_db: Path, tmp_path: Path) -> None:
    target, link = tmp_path / "real.jsonl", tmp_path / "latest.jsonl"
    target.write_text("old")
    link.symlink_to(target.name)
    assert _export(archive_db, link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == target.name
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2
    dangling = tmp_path / "next.jsonl"
    dangling.symlink_to("made-later.jsonl")
    assert _export(archive_db, dangling).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "made-later.jsonl").is_file()


def test_fifo_is_written_in_place(archive_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _export(archive_db, fifo)
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [json.loads(line)["source_id"] for line in received[0].decode("utf-8").splitlines()] == ["mongcai"] * 2


def test_device_node_is_written_in_place(archive_db: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        pytest.skip("cannot create a device node here (needs CAP_MKNOD)")
    for fmt in ("csv", "warc"):
        assert _export(archive_db, null, fmt).exit_code == 0
        assert stat.S_ISCHR(null.stat().st_mode)


def test_dev_stdout_is_the_stream(archive_db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "archive.cli", "export", "--db", str(archive_db), "--format", "jsonl",
                             "-o", "/dev/stdout"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2 and "2 articles exported" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "md"])
def test_a_reader_that_stops_early_gets_no_error_text(archive_db: Path, fmt: str) -> None:
    """`qpdp export … | head`: the pipe closes before the export is written; no "Broken pipe", no traceback."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        result = subprocess.run([sys.executable, "-m", "archive.cli", "export", "--db", str(archive_db), "--format", fmt],
                                stdout=write, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env, timeout=120, check=False)
    finally:
        os.close(write)
    assert result.returncode == 1 and result.stderr == ""


@pytest.mark.parametrize("where, reason", [("missing/dir/set.csv", "No such file or directory"),
                                           ("afile/set.csv", "Not a directory"), ("adir", "Is a directory")])
def test_unwritable_paths_are_one_line(archive_db: Path, tmp_path: Path, where: str, reason: str) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    for fmt in ("csv", "zip", "warc"):
        out = tmp_path / where
        line = one_line_error(_export(archive_db, out, fmt), 1, f"cannot write {out}: {reason}")
        assert line == f"Error: cannot write {out}: {reason}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "afile"]


def test_read_only_directory(archive_db: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    one_line_error(_export(archive_db, locked / "set.csv"), 1, f"cannot write {locked / 'set.csv'}: Permission denied")
