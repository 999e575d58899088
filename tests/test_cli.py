"""CLI basics: every command documents itself with an example; user errors are clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_example(name: str) -> None:
    command = cli.commands[name]
    assert command.help and "Example:" in command.help
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, f"{name} {param.name} has no help"


def test_export_and_serve_need_an_archive(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.db")
    for args in (["export", "--db", missing, "--format", "csv"], ["serve", "--db", missing]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and "no archive at" in result.output
        assert not Path(missing).exists()


@pytest.mark.parametrize("bad", ["yesterday", "2023-13-45", "2023-02-30", "2023-00", "20230101"])
def test_export_rejects_bad_dates(tmp_path: Path, bad: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "x.db"), "--since", bad, "--format", "csv"])
    assert result.exit_code == 2 and "is not a date" in result.output
