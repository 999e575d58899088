"""WACZ exports: valid for webrecorder's `wacz validate`, replayable in pywb, signed, and any changed byte is found."""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import json
import os
import shutil
import struct
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from wacz.main import main as wacz_main

from archive.cli import cli
from archive.store import waczcheck
from archive.store.wacz import ARTICLES, DIGEST, PACKAGE, PAGES, WARC
from archive.web.serve import make_datasette
from benchmarks.portals import GeneratedFarm
from tests.conftest import ROOT, Crawled, run_qpdp

ARTIFACTS = ROOT / "artifacts"
PYWB = Path(os.environ.get("QPDP_PYWB_BIN", ROOT / ".venv-pywb" / "bin"))


@dataclass
class FarmArchive:
    """A generated farm crawled twice; one article edited in between, so it has two versions."""

    db: Path
    edited_url: str


@pytest.fixture(scope="module")
def farm_archive(tmp_path_factory: pytest.TempPathFactory) -> FarmArchive:
    """Two generated portals of 31 stories each (25 on defense, 6 civil), crawled, one story edited, refreshed."""
    tmp = tmp_path_factory.mktemp("wacz-farm")
    farm = GeneratedFarm(2, 31, third_octet=97)
    try:
        config = farm.write_config(tmp / "sources.yaml")
        db = tmp / "archive.db"
        assert run_qpdp("crawl", "--config", str(config), "--db", str(db)).returncode == 0
        portal = farm.portals[0]
        path = portal.site.article_path(1)
        portal.overrides[path] = (200, "text/html; charset=utf-8", portal.site._article(1).replace("</article>", "<p>Cập nhật: bổ sung danh sách.</p></article>"))
        result = run_qpdp("crawl", "--config", str(config), "--db", str(db), "--refresh")
        assert result.returncode == 0, result.stderr[-2000:]
        return FarmArchive(db, portal.url.rstrip("/") + path)
    finally:
        farm.close()


def qpdp(*args: str) -> Result:
    """The qpdp command line, in process."""
    return CliRunner().invoke(cli, list(args))


def _export(db: Path, out: Path, *filters: str) -> int:
    result = qpdp("export", "--db", str(db), "--format", "wacz", "-o", str(out), *filters)
    assert result.exit_code == 0, result.output[-2000:]
    return int(result.stderr.strip().splitlines()[-1].split()[0])


def _validate(path: Path) -> None:
    """webrecorder's `wacz validate -f PATH` (in process: the same entry point as the `wacz` command)."""
    assert wacz_main(["validate", "-f", str(path)]) == 0


def _lines(path: Path, member: str) -> list[dict]:
    with zipfile.ZipFile(path) as package:
        return [json.loads(line) for line in package.read(member).decode("utf-8").splitlines()]


def test_exports_of_one_and_all_demo_articles_validate(crawled: Crawled, tmp_path: Path) -> None:
    one, every = tmp_path / "one.wacz", tmp_path / "all.wacz"
    assert _export(crawled.db, one, "--search", "Yagi") == 1
    total = _export(crawled.db, every)
    assert total >= 20
    for path in (one, every):
        _validate(path)
        verified = qpdp("verify-export", str(path), "--this-archive", "--db", str(crawled.db))
        assert verified.exit_code == 0 and ": OK:" in verified.stdout, verified.output
    articles = _lines(every, ARTICLES)
    assert len(articles) == total == len(_lines(every, PAGES)) - 1
    for article in articles:
        for field in ("source_name", "level", "province", "published", "author", "topics", "citation", "sha256", "url", "title"):
            assert field in article
        assert article["citation"].startswith(article["source_name"]) and article["versions"][-1]["current"]
    with zipfile.ZipFile(one) as package:
        descriptor = json.loads(package.read(PACKAGE))
        assert descriptor["mainPageURL"] == _lines(one, ARTICLES)[0]["url"]
        assert "no trusted timestamp" in descriptor["qpdp"]["timestamp"]
        assert {i.compress_type for i in package.infolist()} == {zipfile.ZIP_STORED}


def test_an_export_of_fifty_articles_with_versions(farm_archive: FarmArchive, tmp_path: Path) -> None:
    out = tmp_path / "farm.wacz"
    count = _export(farm_archive.db, out)
    assert count == 50
    _validate(out)
    assert waczcheck.check(out).ok
    pages = _lines(out, PAGES)[1:]
    edited = [p for p in pages if p["url"] == farm_archive.edited_url]
    assert len(edited) == 2 and len({p["ts"] for p in edited}) == 2 and "earlier version" in min(edited, key=lambda p: p["ts"])["title"]
    versions = next(a for a in _lines(out, ARTICLES) if a["url"] == farm_archive.edited_url)["versions"]
    assert [v["current"] for v in versions] == [False, True] and versions[0]["sha256"] != versions[1]["sha256"]


def test_the_signature_follows_the_wacz_signing_spec(crawled: Crawled, tmp_path: Path) -> None:
    keys_out = qpdp("keys", "--db", str(crawled.db))
    assert keys_out.exit_code == 0
    public = next(line.split()[-1] for line in keys_out.stdout.splitlines() if line.startswith("public key:"))
    key_file = crawled.db.parent / "signing-key.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600
    out = tmp_path / "one.wacz"
    _export(crawled.db, out, "--search", "Yagi")
    with zipfile.ZipFile(out) as package:
        digest, body = json.loads(package.read(DIGEST)), package.read(PACKAGE)
    signed = digest["signedData"]
    assert digest["hash"] == signed["hash"] == "sha256:" + hashlib.sha256(body).hexdigest()
    assert signed["publicKey"] == public and signed["created"] == json.loads(body)["created"]
    # independently of qpdp: ECDSA (P-384) with SHA-256 over the hash string, signature as r || s (WebCrypto's form)
    key = serialization.load_der_public_key(base64.b64decode(signed["publicKey"]))
    raw = base64.b64decode(signed["signature"])
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp384r1" and len(raw) == 96
    key.verify(encode_dss_signature(int.from_bytes(raw[:48], "big"), int.from_bytes(raw[48:], "big")),
               signed["hash"].encode(), ec.ECDSA(hashes.SHA256()))
    other = qpdp("verify-export", str(out), "--public-key", base64.b64encode(b"\x01" * 120).decode())
    assert other.exit_code == 1 and "signed by another key" in other.stdout


def _regions(path: Path) -> list[tuple[int, int, str]]:
    """(start, end, part) of every zip header, member body, central directory and end record."""
    regions = []
    with zipfile.ZipFile(path) as package, open(path, "rb") as fh:
        for info in package.infolist():
            fh.seek(info.header_offset + 26)
            nlen, xlen = struct.unpack("<HH", fh.read(4))
            start = info.header_offset + 30 + nlen + xlen
            regions += [(info.header_offset, start, f"zip header of {info.filename}"),
                        (start, start + info.compress_size, info.filename)]
        end = regions[-1][1]
        size = fh.seek(0, 2)
        regions += [(end, size - 22, "zip central directory"), (size - 22, size, "zip end record")]
    return regions


def test_a_changed_byte_anywhere_fails_naming_the_part(crawled: Crawled, tmp_path: Path) -> None:
    out = tmp_path / "one.wacz"
    _export(crawled.db, out, "--search", "Yagi")
    data = out.read_bytes()
    assert waczcheck.check(out).ok
    tampered = tmp_path / "tampered.wacz"
    checked = 0
    for start, end, part in _regions(out):
        header = part.startswith("zip")
        positions = range(start, end) if header else sorted({start, start + 1, (start + end) // 2, end - 2, end - 1})
        for position in positions:
            changed = bytearray(data)
            changed[position] ^= 0x20
            tampered.write_bytes(changed)
            report = waczcheck.check(tampered)
            assert not report.ok, f"byte {position} ({part}) changed unnoticed"
            named = " ".join(p for p, _ in report.problems)
            if not header:
                assert part in named, (position, part, report.problems)
            else:
                assert part.split(" of ")[-1] in named or "zip" in named, (position, part, report.problems)
            checked += 1
    assert checked > 500
    changed = bytearray(data)
    warc_start = next(s for s, _, p in _regions(out) if p == WARC)
    changed[warc_start + 100] ^= 0x01
    tampered.write_bytes(changed)
    result = run_qpdp("verify-export", str(tampered))  # the real command, in its own process
    assert result.returncode == 1 and f"FAIL\t{WARC}\t" in result.stdout, result.stdout


def test_every_page_replays_in_pywb(crawled: Crawled, farm_archive: FarmArchive, tmp_path: Path) -> None:
    if not (PYWB / "wb-manager").exists():
        pytest.skip(f"pywb not installed in {PYWB.parent} (scripts/test.sh installs it: it pins redis 2.x)")
    packages = [tmp_path / "demo.wacz", tmp_path / "farm.wacz"]
    _export(crawled.db, packages[0])
    _export(farm_archive.db, packages[1])
    root = tmp_path / "pywb"
    root.mkdir()
    run = {"cwd": root, "capture_output": True, "text": True, "timeout": 300, "check": False}
    assert subprocess.run([str(PYWB / "wb-manager"), "init", "set"], **run).returncode == 0
    for package in packages:
        added = subprocess.run([str(PYWB / "wb-manager"), "add", "--unpack-wacz", "set", str(package)], **run)
        assert added.returncode == 0, added.stderr[-2000:]
    expected = [{"url": v["url"], "ts": v["captured_at"].replace("+00:00", "Z"), "sha256": v["sha256"]}
                for package in packages for a in _lines(package, ARTICLES) for v in a["versions"]]
    script = """
import json, sys, hashlib
from email.utils import parsedate_to_datetime
from pywb.apps.frontendapp import FrontEndApp
from werkzeug.test import Client
client, failed = Client(FrontEndApp()), []
for page in json.load(sys.stdin):
    ts = "".join(c for c in page["ts"] if c.isdigit())
    response = client.get(f"/set/{ts}id_/{page['url']}")
    when = parsedate_to_datetime(response.headers.get("Memento-Datetime", "Thu, 01 Jan 1970 00:00:00 GMT"))
    if response.status_code != 200 or when.strftime("%Y%m%d%H%M%S") != ts or hashlib.sha256(response.get_data()).hexdigest() != page["sha256"]:
        failed.append((page["url"], page["ts"], response.status_code))
print(json.dumps({"failed": failed}))
"""
    result = subprocess.run([str(PYWB / "python"), "-c", script], input=json.dumps(expected), **run)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1])["failed"] == []
    assert len(expected) >= 51 + 20  # 50 farm articles, one of them with two versions, and the demo set


def test_web_export_applies_the_articles_page_filters(crawled: Crawled, tmp_path: Path) -> None:
    ds = make_datasette(crawled.db)
    response = asyncio.run(ds.client.get("/archive/-/export.wacz?_search=Yagi"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/wacz"
    out = tmp_path / "web.wacz"
    out.write_bytes(response.content)
    report = waczcheck.check(out)
    assert report.ok and report.articles == 1, report.problems
    _validate(out)


def test_an_empty_selection_writes_no_package(crawled: Crawled, tmp_path: Path) -> None:
    out = tmp_path / "empty.wacz"
    result = qpdp("export", "--db", str(crawled.db), "--format", "wacz", "--search", "khongtontaixyz", "-o", str(out))
    assert result.exit_code == 1 and "no article matches" in result.output
    assert not out.exists() and not list(tmp_path.iterdir())
    response = asyncio.run(make_datasette(crawled.db).client.get("/archive/-/export.wacz?_search=khongtontaixyz"))
    assert response.status_code == 404


class TimestampAuthority(BaseHTTPRequestHandler):
    """An RFC 3161 timestamp authority on loopback: each query is answered by `openssl ts -reply`."""

    config: Path

    def do_POST(self) -> None:  # noqa: N802 (http.server API)
        """Stamp the posted TimeStampReq."""
        query = self.config.parent / f"query-{threading.get_ident()}.tsq"
        query.write_bytes(self.rfile.read(int(self.headers["Content-Length"])))
        reply = subprocess.run(["openssl", "ts", "-reply", "-config", str(self.config), "-queryfile", str(query)],
                               capture_output=True, check=True).stdout
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server API)
        """Quiet."""


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real timestamp authority (OpenSSL's) with its own time-stamping certificate; yields its URL."""
    if not shutil.which("openssl"):
        pytest.skip("the openssl command is needed to act as a timestamp authority")
    tmp = tmp_path_factory.mktemp("tsa")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", str(tmp / "tsa.key"), "-out", str(tmp / "tsa.crt"), "-days", "30", "-subj", "/CN=qpdp test TSA",
                    "-addext", "extendedKeyUsage=critical,timeStamping", "-addext", "keyUsage=critical,digitalSignature"],
                   capture_output=True, check=True)
    (tmp / "serial").write_text("01\n")
    config = tmp / "tsa.cnf"
    config.write_text(f"[ tsa ]\ndefault_tsa = test\n[ test ]\ndir = {tmp}\nserial = $dir/serial\ncrypto_device = builtin\n"
                      "signer_cert = $dir/tsa.crt\nsigner_key = $dir/tsa.key\nsigner_digest = sha256\n"
                      "default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\nordering = yes\n"
                      "tsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n")
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("TSA", (TimestampAuthority,), {"config": config}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsr"
    server.shutdown()
    server.server_close()


def test_a_timestamp_authority_stamps_the_signature(crawled: Crawled, tsa: str, tmp_path: Path) -> None:
    out = tmp_path / "stamped.wacz"
    assert _export(crawled.db, out, "--search", "Yagi", "--tsa-url", tsa) == 1
    _validate(out)
    verified = qpdp("verify-export", str(out))
    assert verified.exit_code == 0 and "RFC 3161 timestamp" in verified.stdout and "CN=qpdp test TSA" in verified.stdout
    with zipfile.ZipFile(out) as package:
        assert tsa in json.loads(package.read(PACKAGE))["qpdp"]["timestamp"]
        digest = json.loads(package.read(DIGEST))
    signed = digest["signedData"]
    assert list(signed)[-2:] == ["timeSignature", "timestampCert"] and "BEGIN CERTIFICATE" in signed["timestampCert"]
    # a reply the authority gave for another message does not vouch for this signature
    other = tmp_path / "other.wacz"
    _export(crawled.db, other, "--search", "Yagi", "--tsa-url", tsa)
    with zipfile.ZipFile(other) as package:
        foreign = json.loads(package.read(DIGEST))["signedData"]["timeSignature"]
    signed["timeSignature"] = foreign
    swapped = tmp_path / "swapped.wacz"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(swapped, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, json.dumps(digest, indent=2).encode() if info.filename == DIGEST else src.read(info))
    report = waczcheck.check(swapped)
    assert any(part == DIGEST and "timestamp does not verify" in problem for part, problem in report.problems), report.problems
    failed = qpdp("export", "--db", str(crawled.db), "--format", "wacz", "--search", "Yagi", "--tsa-url",
                  "http://127.0.0.1:9/tsr", "-o", str(tmp_path / "unreachable.wacz"))
    assert failed.exit_code == 1 and not (tmp_path / "unreachable.wacz").exists()


def test_webcrypto_verifies_the_signature_as_replayweb_page_does(crawled: Crawled, tmp_path: Path) -> None:
    """The calls ReplayWeb.page (wabac.js, wacz/certutils.ts) makes for an anonymous signature, in Node's WebCrypto."""
    if not shutil.which("node"):
        pytest.skip("node is needed for WebCrypto")
    out = tmp_path / "one.wacz"
    _export(crawled.db, out, "--search", "Yagi")
    with zipfile.ZipFile(out) as package:
        signed = json.loads(package.read(DIGEST))["signedData"]
    script = """
const signed = JSON.parse(require("fs").readFileSync(0, "utf8"));
const buf = (b64) => Uint8Array.from(Buffer.from(b64, "base64"));
(async () => {
  const key = await crypto.subtle.importKey("spki", buf(signed.publicKey), {name: "ECDSA", namedCurve: "P-384"}, true, ["verify"]);
  const ok = await crypto.subtle.verify({name: "ECDSA", hash: "SHA-256"}, key, buf(signed.signature), new TextEncoder().encode(signed.hash));
  const forged = await crypto.subtle.verify({name: "ECDSA", hash: "SHA-256"}, key, buf(signed.signature), new TextEncoder().encode(signed.hash + "0"));
  console.log(JSON.stringify({ok, forged}));
})();
"""
    result = subprocess.run(["node", "-e", script], input=json.dumps(signed), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"ok": True, "forged": False}


REPLAYWEBPAGE = Path(os.environ.get("QPDP_REPLAYWEBPAGE", ROOT / ".replaywebpage"))  # ui.js + sw.js of npm's replaywebpage
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_the_package_opens_in_replayweb_page(crawled: Crawled, tmp_path: Path) -> None:
    """ReplayWeb.page itself (its UI and service worker, served on loopback) in headless Chromium shows the article."""
    if not (REPLAYWEBPAGE / "sw.js").exists() or not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium and ReplayWeb.page in {REPLAYWEBPAGE} (scripts/test.sh fetches it with npm)")
    playwright = pytest.importorskip("playwright.sync_api")
    sync_playwright = playwright.sync_playwright

    def shown(frame: Any) -> int:  # a frame replaced while we look counts as not showing it yet
        try:
            return frame.locator("h1", has_text=page["title"]).count()
        except playwright.Error:
            return 0
    site = tmp_path / "site"
    site.mkdir()
    for name in ("ui.js", "sw.js"):
        shutil.copy(REPLAYWEBPAGE / name, site / name)
    _export(crawled.db, site / "set.wacz", "--search", "Yagi")
    page = _lines(site / "set.wacz", PAGES)[1]
    ts = "".join(ch for ch in page["ts"] if ch.isdigit())
    (site / "index.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><script src="ui.js"></script></head><body>'
        f'<replay-web-page style="display:block;height:860px" source="set.wacz" url="{page["url"]}" ts="{ts}" '
        f'replayBase="./" embed="replayonly"></replay-web-page></body></html>', encoding="utf-8")
    handler = type("Site", (SimpleHTTPRequestHandler,), {"log_message": lambda *args: None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            try:
                view = browser.new_page(viewport={"width": 1200, "height": 900})
                view.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                # the replayed page sits in one of replay-web-page's frames (how deep depends on its start-up): look in all
                ARTIFACTS.mkdir(exist_ok=True)
                deadline = time.monotonic() + 120
                while not any(shown(f) for f in view.frames):
                    if time.monotonic() > deadline:
                        view.screenshot(path=str(ARTIFACTS / "wacz-replaywebpage-failed.png"))
                        pytest.fail(f"the replayed headline never showed; frames: {[f.url for f in view.frames]}")
                    view.wait_for_timeout(250)
                view.screenshot(path=str(ARTIFACTS / "wacz-replaywebpage.png"))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
