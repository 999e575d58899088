"""Sources config: the shipped files load; every kind of mistake is one clear line and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from archive.cli import cli
from archive.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"sources": [{"id": "mong-cai", "name": "TP Móng Cái", "level": "city", "province": "Quảng Ninh",
                     "start_urls": ["https://mongcai.gov.vn/"]}]}


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["sources.yaml", "demo.yaml"])
def test_shipped_configs_load(name: str) -> None:
    config = load_config(ROOT / "config" / name)
    assert len({s.id for s in config.sources}) == len(config.sources)


def test_shipped_sources_cover_seeds_and_provinces() -> None:
    config = load_config(ROOT / "config" / "sources.yaml")
    assert {"central", "ward", "city", "district", "province"} <= {s.level for s in config.sources}
    assert sum(s.level == "province" for s in config.sources) >= 57
    assert not any(s.verified for s in config.sources)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"colour": "red"}, "sources[0] (id=mong-cai).colour: unknown field"),
        ({"level": "village"}, "sources[0] (id=mong-cai).level: Input should be"),
        ({"start_urls": "https://mongcai.gov.vn/"}, "sources[0] (id=mong-cai).start_urls: Input should be a valid list"),
        ({"start_urls": ["ftp://x"]}, "start_urls: not an http(s) URL"),
        ({"article_pattern": "([a-"}, "article_pattern: invalid regular expression"),
        ({"id": "Bad Id"}, "sources[0] (id=Bad Id).id: String should match pattern"),
    ],
)
def test_invalid_source_is_one_line_exit_2(tmp_path: Path, change: dict, expected: str) -> None:
    data = {"sources": [{**GOOD["sources"][0], **change}]}
    path = _write(tmp_path, data)
    result = CliRunner().invoke(cli, ["sources", "--config", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert str(path) in lines[0] and expected in lines[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources: [\n  - id: a\n  name: b", "invalid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("settings: {}\n", "sources: Field required"),
        ("settings: 5\nsources: []\n", "settings: Input should be a valid dictionary"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(_write(tmp_path, text))


def test_unknown_source_id_and_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    result = CliRunner().invoke(cli, ["crawl", "--config", str(path), "--source", "nowhere", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2 and "unknown source id 'nowhere'" in result.output
    assert not (tmp_path / "a.db").exists()
    result = CliRunner().invoke(cli, ["crawl", "--config", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "cannot read config" in result.output


def test_duplicate_ids(tmp_path: Path) -> None:
    path = _write(tmp_path, {"sources": GOOD["sources"] * 2})
    with pytest.raises(ConfigError, match="duplicate source id 'mong-cai'"):
        load_config(path)
