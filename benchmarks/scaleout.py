"""Scale-out benchmark: pages/s of a distributed crawl with 1, 2, 4… workers on a latency-bound portal farm, and
the most requests any portal host served at once (politeness: must stay 1).

Every portal is a real HTTP server on its own loopback address whose every response takes --latency seconds.
Each row is a fresh archive and a fresh Redis namespace: one `qpdp ingest`, N `qpdp worker` processes and a
`qpdp crawl --redis --seed-only`, all real processes. The baseline row is a single-process `qpdp crawl` (no
Redis) with the same per-process concurrency, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from tests.redisd import RedisServer

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = """<html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2024-{month:02d}-{day:02d}T08:00:00+07:00">
</head><body><div class="menu"><a href="/">Trang chủ</a> <a href="/chuyen-muc/quoc-phong/page/1">Quốc phòng - Quân sự</a></div>
<div class="content"><h1>{title}</h1><p class="date">Ngày đăng {day:02d}/{month:02d}/2024</p>
<p>Sáng {day}/{month}, Ban Chỉ huy Quân sự {ward} tổ chức lễ ra quân huấn luyện dân quân tự vệ năm 2024 (đợt {n}).
Tham dự có đại diện Ban CHQS quận, lãnh đạo Đảng ủy, UBND {ward} cùng {people} đồng chí dân quân thường trực và cơ động.</p>
<p>Năm 2024, lực lượng dân quân tự vệ {ward} tập trung huấn luyện điều lệnh, kỹ thuật bắn súng, chiến thuật từng người
trong chiến đấu, phòng chống thiên tai và tìm kiếm cứu nạn, bảo đảm an toàn tuyệt đối về người và vũ khí.</p>
<p>Phát biểu tại buổi lễ, đồng chí Chỉ huy trưởng Ban CHQS yêu cầu các đồng chí dân quân chấp hành nghiêm kỷ luật,
huấn luyện sát thực tế, nâng cao khả năng sẵn sàng chiến đấu, góp phần xây dựng khu vực phòng thủ vững chắc.</p>
<p>Tin, ảnh: Ban CHQS {ward}</p></div></body></html>"""


@dataclass
class Watch:
    """What the farm saw: requests served, concurrency per host and overall, first and last request."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    now: Counter[str] = field(default_factory=Counter)
    host_max: Counter[str] = field(default_factory=Counter)
    total: int = 0
    total_max: int = 0
    served: int = 0
    left: dict[str, float] = field(default_factory=dict)
    min_gap: float = float("inf")
    first: float = 0.0
    last: float = 0.0

    def enter(self, host: str) -> None:
        with self.lock:
            self.now[host] += 1
            self.total += 1
            self.host_max[host] = max(self.host_max[host], self.now[host])
            self.total_max = max(self.total_max, self.total)
            self.first = self.first or time.monotonic()
            if host in self.left:
                self.min_gap = min(self.min_gap, time.monotonic() - self.left[host])

    def leave(self, host: str) -> None:
        with self.lock:
            self.now[host] -= 1
            self.total -= 1
            self.served += 1
            self.last = self.left[host] = time.monotonic()


class PortalHandler(BaseHTTPRequestHandler):
    """A slow synthetic ward portal: home page, paged defense listing, articles."""

    protocol_version = "HTTP/1.1"
    host_id: str
    watch: Watch
    latency: float
    articles: int
    per_listing: int

    def do_GET(self) -> None:  # noqa: N802
        """Wait --latency seconds, then serve the page; a request counts until its response starts."""
        self.watch.enter(self.host_id)
        try:
            time.sleep(self.latency)
            status, body = self.page(self.path)
        finally:
            self.watch.leave(self.host_id)
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def page(self, path: str) -> tuple[int, str]:
        """Status and body for *path*."""
        pages = -(-self.articles // self.per_listing)
        if path == "/robots.txt":
            return 200, "User-agent: *\nAllow: /\n"
        if path == "/":
            links = "".join(f'<li><a href="/chuyen-muc/quoc-phong/page/{k}">Quốc phòng - trang {k}</a></li>' for k in range(1, pages + 1))
            return 200, f"<html><head><meta charset='utf-8'><title>Cổng {self.host_id}</title></head><body><ul>{links}</ul></body></html>"
        if path.startswith("/chuyen-muc/quoc-phong/page/"):
            k = int(path.rsplit("/", 1)[1])
            ids = range((k - 1) * self.per_listing, min(k * self.per_listing, self.articles))
            links = "".join(f'<li><a href="/tin/dan-quan-tu-ve-ra-quan-huan-luyen-{n + 10000}.html">Dân quân tự vệ ra quân huấn luyện đợt {n}</a></li>' for n in ids)
            return 200, f"<html><head><meta charset='utf-8'><title>Quốc phòng - trang {k}</title></head><body><ul>{links}</ul></body></html>"
        if path.startswith("/tin/dan-quan-tu-ve-ra-quan-huan-luyen-"):
            n = int(path.rsplit("-", 1)[1].split(".")[0]) - 10000
            ward = f"phường {self.host_id.title()}"
            return 200, ARTICLE.format(title=f"Dân quân tự vệ {ward} ra quân huấn luyện đợt {n}", ward=ward, n=n,
                                       people=20 + n, month=1 + n % 12, day=1 + n % 28)
        return 404, "<html><body>Không tìm thấy</body></html>"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


class Farm:
    """--hosts synthetic portals, each on its own loopback address."""

    def __init__(self, hosts: int, articles: int, per_listing: int, latency: float, base: int = 150) -> None:
        self.watch = Watch()
        self.servers: list[tuple[str, ThreadingHTTPServer]] = []
        for i in range(hosts):
            host_id = f"p{i:02d}"
            handler = type(f"H{i}", (PortalHandler,), {"host_id": host_id, "watch": self.watch, "latency": latency,
                                                       "articles": articles, "per_listing": per_listing})
            server = ThreadingHTTPServer((f"127.0.{(base + i) // 250}.{(base + i) % 250 + 1}", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append((host_id, server))

    def reset(self) -> None:
        """Forget what was seen so far."""
        self.watch = Watch()
        for _, server in self.servers:
            server.RequestHandlerClass.watch = self.watch  # type: ignore[attr-defined]

    def config(self, path: Path, concurrency: int, delay: float, prefix: str) -> Path:
        """Sources YAML for the farm."""
        data = {
            "settings": {"CONCURRENT_REQUESTS": concurrency, "DOWNLOAD_DELAY": delay, "AUTOTHROTTLE_ENABLED": False,
                         "LOG_LEVEL": "WARNING", "QPDP_REDIS_PREFIX": prefix, "QPDP_REDIS_LEASE": 30},
            "topics": str(ROOT / "config" / "topics.yaml"),
            "sources": [{"id": host_id, "name": f"Cổng {host_id}", "level": "ward",
                         "start_urls": [f"http://{server.server_address[0]}:{server.server_address[1]}/"]}
                        for host_id, server in self.servers],
        }
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    def close(self) -> None:
        """Stop every server."""
        for _, server in self.servers:
            server.shutdown()
            server.server_close()


def _qpdp(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "archive.cli", *args], cwd=ROOT, env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)


def start_roles(tmp: Path, name: str, config: Path, db: Path, workers: int, redis: RedisServer | None) -> list[subprocess.Popen[bytes]]:
    """One run's processes: a single `qpdp crawl` (no *redis*), or seeding crawl, writer and *workers* workers."""
    if redis is None:
        return [_qpdp(["crawl", "--config", str(config), "--db", str(db)], tmp / f"{name}-single.log")]
    url = redis.url()
    procs = [_qpdp(["crawl", "--redis", url, "--config", str(config), "--db", str(db), "--seed-only"], tmp / f"{name}-crawl.log"),
             _qpdp(["ingest", "--redis", url, "--config", str(config), "--db", str(db), "--once"], tmp / f"{name}-ingest.log")]
    return procs + [_qpdp(["worker", "--redis", url, "--config", str(config)], tmp / f"{name}-worker{i}.log") for i in range(workers)]


def finish(procs: list[subprocess.Popen[bytes]], tmp: Path, timeout: float = 900) -> None:
    """Wait for every process (RuntimeError when one fails); kill whatever is left."""
    try:
        for proc in procs:
            if proc.wait(timeout=timeout) != 0:
                raise RuntimeError(f"{proc.args[3]} failed: see the logs in {tmp}")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def run(farm: Farm, tmp: Path, workers: int, concurrency: int, delay: float, redis: RedisServer | None,
        timeout: float = 900) -> dict[str, Any]:
    """One crawl of the farm: baseline (workers == 0, no Redis) or N distributed workers; its figures."""
    name = f"w{workers}"
    db, config = tmp / f"{name}.db", farm.config(tmp / f"{name}.yaml", concurrency, delay, f"bench{workers}")
    farm.reset()
    started = time.monotonic()
    finish(start_roles(tmp, name, config, db, workers, redis), tmp, timeout)
    wall = time.monotonic() - started
    watch = farm.watch
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        fetches = conn.execute("SELECT count(*) FROM fetches").fetchone()[0]
    span = max(watch.last - watch.first, 1e-9)
    return {"workers": workers, "pages": watch.served, "span_s": span, "pages_per_s": watch.served / span, "wall_s": wall,
            "host_max": max(watch.host_max.values(), default=0), "total_max": watch.total_max, "min_gap": watch.min_gap,
            "articles": articles, "fetches": fetches}


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table; exit 1 if a host ever served two requests at once in a distributed crawl."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=16, help="portals in the farm (default 16)")
    parser.add_argument("--articles", type=int, default=24, help="articles per portal (default 24)")
    parser.add_argument("--per-listing", type=int, default=8, help="article links per listing page (default 8)")
    parser.add_argument("--latency", type=float, default=0.25, help="seconds every response takes (default 0.25)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure (default 1,2,4)")
    parser.add_argument("--concurrency", type=int, default=4, help="CONCURRENT_REQUESTS of each process (default 4)")
    parser.add_argument("--delay", type=float, default=0.0, help="DOWNLOAD_DELAY, also kept between workers (default 0)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the single-process crawl")
    args = parser.parse_args(argv)

    counts = [int(n) for n in args.workers.split(",") if n.strip()]
    farm = Farm(args.hosts, args.articles, args.per_listing, args.latency)
    redis = RedisServer()
    rows: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="qpdp-scaleout-") as tmp:
            if not args.no_baseline:
                rows.append(run(farm, Path(tmp), 0, args.concurrency, args.delay, None))
            rows += [run(farm, Path(tmp), n, args.concurrency, args.delay, redis) for n in counts]
    finally:
        redis.stop()
        farm.close()

    base = rows[0]["pages_per_s"]
    print(f"farm: {args.hosts} hosts x ({args.articles} articles + listings), {args.latency * 1000:.0f} ms per response; "
          f"CONCURRENT_REQUESTS={args.concurrency} per process, DOWNLOAD_DELAY={args.delay}")
    print(f"{'crawl':<18}{'pages':>7}{'span s':>9}{'pages/s':>9}{'ratio':>7}{'wall s':>8}{'max/host':>10}{'gap ms':>8}"
          f"{'max total':>10}{'articles':>10}")
    for r in rows:
        label = "single process" if r["workers"] == 0 else f"{r['workers']} worker{'s' if r['workers'] > 1 else ''}"
        print(f"{label:<18}{r['pages']:>7}{r['span_s']:>9.1f}{r['pages_per_s']:>9.1f}{r['pages_per_s'] / base:>7.2f}"
              f"{r['wall_s']:>8.1f}{r['host_max']:>10}{r['min_gap'] * 1000:>8.0f}{r['total_max']:>10}{r['articles']:>10}")
    print("ratio: pages/s over the first row's; span: first request to last response at the servers; "
          "wall: processes started to crawl archived")
    if rows[0]["workers"] == 0 and rows[0]["host_max"] > 1:
        print("note: the single-process crawl overlapped requests to one host: with DOWNLOAD_DELAY=0, Scrapy's download "
              "slot starts every queued request before any counts as transferring; the cluster's host lease does not")
    return 0 if all(r["host_max"] <= 1 for r in rows if r["workers"]) else 1


if __name__ == "__main__":
    sys.exit(main())
