"""A private redis-server on a free loopback port, in its own directory, for tests and benchmarks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import redis


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """Start `redis-server` (no persistence) on 127.0.0.1; stop() kills it and removes its directory."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server is not installed (Debian: apt-get install -y redis-server)")
        self.dir = Path(tempfile.mkdtemp(prefix="qpdp-redis-"))
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=(self.dir / "redis.log").open("w"), stderr=subprocess.STDOUT,
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"redis-server did not start: {(self.dir / 'redis.log').read_text()[-500:]}") from None
                time.sleep(0.05)
        client.close()

    def url(self, db: int = 0) -> str:
        """redis://127.0.0.1:PORT/DB"""
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        """Kill the server and remove its directory."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def serve_redis() -> Iterator[RedisServer]:
    """Body of a `redis_server` fixture: a private redis-server; missing in CI is a failure, elsewhere a skip."""
    import pytest  # only tests need it (benchmarks use RedisServer too)

    try:
        server = RedisServer()
    except FileNotFoundError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc}: .ci/run must install it")
        pytest.skip(str(exc))
    yield server
    server.stop()
