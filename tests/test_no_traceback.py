"""Every `qpdp` subcommand, driven with bad paths, bad files and bad values: a clean error, never a traceback."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archive.cli import cli
from tests.test_bad_input import archive_db, sources_file  # noqa: F401  (the fixture is used by name)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = dict(_commands(cli))


@pytest.fixture
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Files that are wrong in every way a user manages, fresh for each test (a command may write into one:
    `sources catalog -o adir` fills the directory another test then reads)."""
    tmp = tmp_path_factory.mktemp("badfiles")
    files = {"text": tmp / "notes.db", "utf16": tmp / "utf16.yaml", "cp1258": tmp / "cp1258.yaml",
             "yaml": tmp / "broken.yaml", "sqlite": tmp / "other.db", "dir": tmp / "adir", "file": tmp / "afile",
             "missing": tmp / "missing" / "nothing.yaml", "typo": tmp / "typo.yaml", "under_file": tmp / "afile" / "x.db"}
    files["text"].write_text("không phải cơ sở dữ liệu\n", encoding="utf-8")
    files["utf16"].write_text("sources: []\n", encoding="utf-16")
    files["cp1258"].write_bytes("sources:\n  - {id: a, name: \"Bàn Hà Đông\"}\n".encode("cp1258"))
    files["yaml"].write_text("sources: [\n  - id: {", encoding="utf-8")
    with sqlite3.connect(files["sqlite"]) as conn:
        conn.execute("CREATE TABLE notes (x)")
    files["dir"].mkdir()
    files["file"].write_text("x")
    sources_file(files["typo"], {"QPDP_BROKEN_AFTR": 2})
    return files


def _bad_values(param: click.Parameter, bad: dict[str, Path]) -> list[str]:
    """Wrong values for one parameter, by what it takes."""
    if param.name == "db":
        return [str(bad[k]) for k in ("text", "sqlite", "dir", "under_file")]
    if param.name == "config_path":
        return [str(bad[k]) for k in ("utf16", "cp1258", "yaml", "missing", "dir", "typo")]
    if param.name in ("since", "until"):
        return ["2022-13", "yesterday"]
    if param.name == "redis_url":
        return ["redis://127.0.0.1:1/0", "not a url"]
    if isinstance(param.type, (click.Path, click.File)):
        return [str(bad[k]) for k in ("missing", "dir", "yaml", "utf16")]
    if isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
        return ["abc", "-5"]
    if isinstance(param.type, click.Choice):
        return ["nope"]
    return []


def _cases() -> list[tuple[tuple[str, ...], str]]:
    return [(path, param.name or "") for path, command in COMMANDS.items() for param in command.params
            if param.name != "help" and not getattr(param, "is_flag", False)]


@pytest.mark.parametrize("path, name", _cases(), ids=lambda v: "-".join(v) if isinstance(v, tuple) else v)
def test_bad_values_never_give_a_traceback(path: tuple[str, ...], name: str, bad: dict[str, Path], archive_db: Path,
                                           tmp_path: Path) -> None:
    command = COMMANDS[path]
    param = next(p for p in command.params if p.name == name)
    safe_config = sources_file(tmp_path / "dead.yaml")  # a crawl of it would stay on loopback and fail fast
    for value in _bad_values(param, bad):
        args = list(path)
        for other in command.params:
            if other is param or not isinstance(other, click.Option):
                continue
            if other.name == "db":
                args += ["--db", str(archive_db)]
            elif other.name == "config_path":
                args += ["--config", str(safe_config)]
        if isinstance(param, click.Option):
            args += [param.opts[-1] if param.opts[-1].startswith("--") else param.opts[0], value]
        else:
            args.append(value)
        if path == ("history",) and param.name != "article_id":
            args.append("1")
        if path == ("export",) and param.name != "fmt":
            args += ["--format", "jsonl"]
        if path == ("extract",) and param.name != "file":
            args.append(str(bad["text"]))
        result = CliRunner().invoke(cli, args)
        shown = f"{' '.join(args)} -> {result.exit_code}\n{result.output}"
        assert result.exception is None or isinstance(result.exception, SystemExit), shown + repr(result.exception)
        assert "Traceback" not in result.output, shown
        if result.exit_code != 0:
            assert result.stderr.strip().splitlines()[-1].startswith("Error:"), shown
