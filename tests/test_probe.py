"""`qpdp sources probe` and `qpdp sources add` against loopback portals: every verdict, and the YAML written back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.config import Source, load_config
from archive.demo import serve_portals, stop_portals
from crawler.probe import Fetcher, Probe, default_taxonomy, probe_all
from tests.conftest import free_port
from tests.probe_portals import REAL_SITES, closed_port_url, fixture_portals, real_site

DEMO = ["thachban", "mongcai", "thanhkhetay", "kienan", "quangninh", "danvan"]


@pytest.fixture(scope="module")
def portals(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Every loopback portal the probe must classify, by name: demo portals, fixtures, a dead port, the real site."""
    running = serve_portals(DEMO, host_base=101, port=0)
    try:
        with fixture_portals() as fixtures, real_site(tmp_path_factory.mktemp("realsite"), free_port()) as real:
            urls = {f"demo-{p.id}": p.url for p in running} | fixtures | {"dead": closed_port_url()}
            if real:
                urls["krongno"] = real
            yield urls
    finally:
        stop_portals(running)


EXPECTED = {"spa": "needs-selectors", "empty": "no-articles-found", "blocked": "blocked-by-robots", "broken": "unreachable",
            "dead": "unreachable", "krongno": "ok", **{f"demo-{d}": "ok" for d in DEMO}}


def test_every_portal_gets_its_verdict(portals: dict[str, str]) -> None:
    sources = [Source(id=name, name=name, level="commune", start_urls=[url]) for name, url in portals.items()]
    findings = {f.id: f for f in probe_all(sources, Probe(default_taxonomy(), limit=3, delay=0, timeout=5), workers=8)}
    assert {k: f.verdict for k, f in findings.items()} == {k: EXPECTED[k] for k in portals}
    assert findings["dead"].error and "refused" in findings["dead"].error.lower() and not findings["dead"].reachable
    assert findings["broken"].status == 500 and findings["blocked"].reachable
    assert findings["spa"].feeds == [portals["spa"] + "rss.xml"]  # the dead feed before it is not reported
    assert all(s.outcome == "failed" for s in findings["spa"].samples)
    thachban = findings["demo-thachban"]
    assert thachban.cms == "liferay" and thachban.sitemaps and len(thachban.samples) == 3
    assert all(s.title and s.chars > 250 for s in thachban.samples) and any(s.defense for s in thachban.samples)
    assert findings["demo-thanhkhetay"].cms == "wordpress" and findings["demo-thanhkhetay"].feeds
    assert findings["demo-quangninh"].cms == "sharepoint"


KRONGNO_SELECTORS = {"title": ["//table[@id='tableforprint']//p[@class='Title']"],
                     "date": ["//tr[@class='ms-news-header']/td[@class='Time']"]}


def test_real_portal_is_ok_and_its_samples_match_gold(portals: dict[str, str]) -> None:
    if "krongno" not in portals:
        pytest.skip("../shared/real-sites is absent")
    probe = Probe(default_taxonomy(), limit=5, delay=0, timeout=5)
    gold = {json.loads(line)["path"].strip("/"): json.loads(line) for line in
            (REAL_SITES / "krongno" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    for selectors in ({}, KRONGNO_SELECTORS):  # the extractor's own rules, and a source's selectors on top
        found = probe.run(Source(id="k", name="Huyện Krông Nô", level="district", start_urls=[portals["krongno"]],
                                 selectors=selectors))
        assert found.verdict == "ok" and found.cms == "sharepoint"
        checked = 0
        for sample in found.samples:
            page = gold.get(sample.url.split("/", 3)[3].strip("/"))
            if sample.outcome == "article" and page and page["kind"] == "article":
                assert (sample.title, (sample.published or "")[:10]) == (page["title"], page["published"][:10])
                checked += 1
        assert checked >= 2


def test_one_request_at_a_time_per_host_and_robots_first(portals: dict[str, str]) -> None:
    fetcher = Fetcher(delay=0, timeout=5)
    seen: list[str] = []
    original = fetcher.get
    fetcher.get = lambda url: seen.append(url) or original(url)  # type: ignore[method-assign]
    finding = Probe(default_taxonomy(), limit=2, delay=0).run(
        Source(id="x", name="x", level="ward", start_urls=[portals["demo-thachban"]]), fetcher)
    assert seen[0].endswith("/robots.txt") and seen[1] == portals["demo-thachban"]
    assert finding.requests == len(seen) <= 2 + 2 + 2 + 3


SOURCES_YAML = """# my portals
settings: {}

sources:
  # the good one
  - id: good
    name: "Phường Thạch Bàn"
    level: ward
    province: "Hà Nội"
    start_urls: ["{good}"]
    verified: false
    notes: keep me
  - id: gone   # a dead portal
    name: "Xã Cũ"
    level: commune
    start_urls: ["{dead}"]
"""


def test_probe_write_keeps_comments_and_order_and_stays_valid(portals: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES_YAML.replace("{good}", portals["demo-thachban"]).replace("{dead}", portals["dead"]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["sources", "probe", "--config", str(path), "--delay", "0", "--json", "--write"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    assert [f["verdict"] for f in findings] == ["ok", "unreachable"]
    text = path.read_text(encoding="utf-8")
    for kept in ("# my portals", "# the good one", "# a dead portal", "notes: keep me"):
        assert kept in text
    assert text.index("start_urls") < text.index("verified: true") < text.index("cms: liferay") < text.index("sitemaps:")
    assert text.index("sitemaps:") < text.index("checked_at:") < text.index("notes: keep me")
    config = load_config(path)
    good, gone = config.sources
    assert Source.model_validate(json.loads(json.dumps(good.model_dump()))) == good  # as the distributed crawl ships it
    assert good.verified and good.cms == "liferay" and good.sitemaps and good.checked_at is not None
    assert not gone.verified and gone.checked_at is not None and gone.cms is None
    listed = CliRunner().invoke(cli, ["sources", "--config", str(path)])
    assert listed.exit_code == 0 and "2 sources OK" in listed.output


def test_probe_table_url_and_usage_errors(portals: dict[str, str], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sources", "probe", "--url", portals["spa"], "--url", portals["blocked"], "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "needs-selectors" in result.stdout and "blocked-by-robots" in result.stdout
    bad = CliRunner().invoke(cli, ["sources", "probe", "--url", portals["spa"], "--write"])
    assert bad.exit_code == 2 and "--write" in bad.output


def test_sources_add_appends_a_ready_entry(portals: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES_YAML.replace("{good}", portals["demo-thachban"]).replace("{dead}", portals["dead"]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["sources", "add", portals["demo-thanhkhetay"], "--config", str(path), "--id", "thanhkhetay",
                                      "--level", "ward", "--province", "Đà Nẵng", "--delay", "0"])
    assert result.exit_code == 0, result.output
    added = load_config(path).source("thanhkhetay")
    assert added.verified and added.cms == "wordpress" and added.feeds and added.province == "Đà Nẵng"
    assert added.name != "thanhkhetay" and path.read_text(encoding="utf-8").startswith("# my portals")
    refused = CliRunner().invoke(cli, ["sources", "add", portals["dead"], "--config", str(path), "--id", "dead2", "--delay", "0"])
    assert refused.exit_code == 1 and "unreachable" in refused.output
    assert "dead2" not in path.read_text(encoding="utf-8")
    twice = CliRunner().invoke(cli, ["sources", "add", portals["spa"], "--config", str(path), "--id", "good"])
    assert twice.exit_code == 1 and "exists already" in twice.output


@pytest.mark.parametrize("name", ["probe", "add", "catalog"])
def test_sources_subcommands_document_themselves(name: str) -> None:
    from archive.cli import sources

    command = sources.commands[name]
    assert command.help and "Example:" in command.help
    assert all(p.help for p in command.params if p.param_type_name == "option")
    result = CliRunner().invoke(cli, ["sources", name, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_probe_write_into_a_catalog_file(portals: dict[str, str], tmp_path: Path) -> None:
    from archive import catalog
    from archive.commands.sources import catalog_sources

    rows = [{"id": "a-danang", "name": "Phường A", "level": "ward", "province": "Đà Nẵng", "start_urls": [portals["demo-thanhkhetay"]],
             "evidence": "seen", "verified": False},
            {"id": "b-danang", "name": "Xã B", "level": "commune", "province": "Đà Nẵng", "start_urls": [],
             "evidence": "none", "verified": False}]
    path = tmp_path / "danang.yaml"
    path.write_text("# generated\nprovince: \"Đà Nẵng\"\nsources:\n" + "".join(f"  - {catalog._flow(r)}\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["sources", "probe", "--catalog", str(path), "--delay", "0", "--write"])
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# generated\n") and text.count("\n  - {") == 2
    (probed,) = catalog_sources(path)
    assert probed.verified and probed.cms == "wordpress" and probed.feeds and probed.checked_at


def test_sources_on_one_host_are_probed_one_request_at_a_time() -> None:
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    state = {"now": 0, "peak": 0, "hits": 0}
    lock = threading.Lock()

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            with lock:
                state["now"] += 1
                state["hits"] += 1
                state["peak"] = max(state["peak"], state["now"])
            time.sleep(0.03)
            with lock:  # counted until the answer starts: the client's next request may come as soon as it has it
                state["now"] -= 1
            body = b"<html><body>" + b"".join(b'<a href="/tin/bai-%d-12345">Tin</a>' % i for i in range(5)) + b"</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        sources = [Source(id=f"s{i}", name="x", level="ward", start_urls=[url + f"?p={i}"]) for i in range(4)]
        findings = probe_all(sources, Probe(default_taxonomy(), limit=2, delay=0), workers=8)
    finally:
        server.shutdown()
        server.server_close()
    assert len(findings) == 4 and state["hits"] >= 4 * 3 and state["peak"] == 1
