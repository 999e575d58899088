"""Shared state of a distributed crawl in Redis: the run, the leased frontier, host leases, the item queue.

Keys (``P`` is the prefix, ``qpdp`` by default):

- ``P:run`` hash: token, state (pending → seeding → running → done → finished), sources, refresh, run_id, …
- ``P:q:<host>`` sorted sets: the frontier, one queue per host (scrapy-redis serialised requests, by priority,
  then first in first out); ``P:hosts`` sorted set: hosts with queued requests, by their best request;
  ``P:queued`` counter; ``P:dupefilter`` set: scrapy-redis request fingerprints of this run
- ``P:inflight`` / ``P:inflight:meta`` hashes and ``P:leases`` sorted set: requests a worker took, with the
  lease deadline; a lease that is not renewed (dead worker) puts the request back in the frontier
- ``P:items`` list and ``P:items:processing`` list: items for the archive writer (reliable queue)
- ``P:plan`` string: the run's crawl plan (archive/schedule.py CrawlPlan: settled URLs, ETag/Last-Modified
  validators, pagination cut-offs, due retries) the writer published; ``P:offers`` hash: article links some page
  of this run offered, each with (a hash of) the page that offered it first (the pagination stop's "unseen"); ``P:stats``
  hash: merged worker counters
- ``P:host:<host>`` string: who may talk to that host now; ``P:writer`` string: the archive writer's lock
- ``P:robots`` hash: robots.txt responses of this run, read once per portal for the whole cluster

Every deadline is computed from the Redis server's clock, so the machines' clocks need not agree. The scripts
build per-host key names from the prefix: use one Redis server (or a primary with replicas), not Redis Cluster.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

import redis

DEFAULT_PREFIX = "qpdp"
DEFAULT_LEASE = 60.0

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
# Frontier keys every frontier script gets, in this order: hosts, queued, seq, inflight, inflight:meta, leases.
_FRONTIER = ("hosts", "queued", "seq", "inflight", "inflight:meta", "leases")
# ARGV[1] of the frontier scripts is the key prefix ("qpdp:"): per-host queue names are built from it.
_ENQUEUE = """
local function enqueue(prefix, host, score, data)
  if redis.call('ZADD', prefix .. 'q:' .. host, score, data) == 1 then redis.call('INCR', KEYS[2]) end
  redis.call('ZADD', KEYS[1], 'LT', score, host)
end
local function ack(id)
  redis.call('HDEL', KEYS[4], id) redis.call('HDEL', KEYS[5], id) redis.call('ZREM', KEYS[6], id)
end
"""
_CREATE = """
local state = redis.call('HGET', KEYS[1], 'state')
if state and state ~= 'finished' then return redis.call('HGET', KEYS[1], 'token') end
for _, host in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do redis.call('DEL', ARGV[5] .. 'q:' .. host) end
for i = 1, #KEYS do redis.call('DEL', KEYS[i]) end
redis.call('HSET', KEYS[1], 'token', ARGV[1], 'state', 'pending', 'created', ARGV[2], 'sources', ARGV[3], 'refresh', ARGV[4],
           'backfill', ARGV[6], 'refresh_days', ARGV[7])
return ARGV[1]
"""
_ADVANCE = """
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[3])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
"""
_PUSH = _ENQUEUE + """
-- ARGV: prefix, host, priority, data, fingerprint ('' for a request never filtered), acknowledged lease ids...
-- KEYS[7] is the run's seen-set: marking a request seen and queueing it is one step, so no crash between the two
-- can leave a request seen by every worker and queued by none
local new = ARGV[5] == '' or redis.call('SADD', KEYS[7], ARGV[5]) == 1
if new then enqueue(ARGV[1], ARGV[2], -tonumber(ARGV[3]) * 1e10 + redis.call('INCR', KEYS[3]), ARGV[4]) end
for i = 6, #ARGV do ack(ARGV[i]) end
return new and 1 or 0
"""
_POP = _NOW + _ENQUEUE + """
-- ARGV: prefix, lease ms, hosts to scan, hosts this worker already has requests of...
local mine = {}
for i = 4, #ARGV do mine[ARGV[i]] = true end
local pick, fallback
for _, host in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)) do
  if not mine[host] then
    if redis.call('EXISTS', ARGV[1] .. 'host:' .. host) == 0 then pick = host break end
    fallback = fallback or host
  end
end
pick = pick or fallback
if not pick then return false end
local queue = ARGV[1] .. 'q:' .. pick
local top = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
redis.call('ZREM', queue, top[1])
redis.call('DECR', KEYS[2])
local after = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
if #after == 0 then redis.call('ZREM', KEYS[1], pick) else redis.call('ZADD', KEYS[1], after[2], pick) end
local id = redis.call('INCR', ARGV[1] .. 'lease:seq')
redis.call('HSET', KEYS[4], id, top[1])
redis.call('HSET', KEYS[5], id, top[2] .. ' ' .. pick)
redis.call('ZADD', KEYS[6], now + tonumber(ARGV[2]), id)
return {id, top[1], pick}
"""
_RENEW = _NOW + """
local n = 0
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) n = n + 1 end
end
return n
"""
_REAP = _NOW + _ENQUEUE + """
-- ARGV: prefix, then the leases to give back (default: every lease past its deadline)
local expired = {unpack(ARGV, 2)}
if #expired == 0 then expired = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now) end
for _, id in ipairs(expired) do
  local data, meta = redis.call('HGET', KEYS[4], id), redis.call('HGET', KEYS[5], id)
  if data and meta then
    local score, host = string.match(meta, '^(%S+) (.*)$')
    enqueue(ARGV[1], host, tonumber(score), data)
  end
  ack(id)
end
return #expired
"""
_OFFER = """
-- KEYS[1]: the run's offered article links (link -> the page that offered it first); ARGV: this page, its links...
local first = {}
for i = 2, #ARGV do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1]) == 1 or redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then
    first[#first + 1] = ARGV[i]
  end
end
return first
"""
_SETTLE = """
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 'gone' end
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'running' and redis.call('ZCARD', KEYS[2]) == 0 and redis.call('HLEN', KEYS[3]) == 0 then
  redis.call('HSET', KEYS[1], 'state', 'done') return 'done'
end
return state
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], 'cooldown', 'PX', ARGV[2]) else redis.call('DEL', KEYS[1]) end
return 1
"""
_EXTEND = """
local n = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i + 1] then redis.call('PEXPIRE', key, ARGV[1]) n = n + 1 end
end
return n
"""


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class Cluster:
    """One distributed crawl's shared state in one Redis database (all methods are single round trips)."""

    def __init__(self, client: redis.Redis, prefix: str = DEFAULT_PREFIX, lease: float = DEFAULT_LEASE) -> None:
        self.redis = client
        self.prefix = prefix
        self.lease_ms = max(1, int(lease * 1000))
        self._scripts = {name: client.register_script(src) for name, src in (
            ("create", _CREATE), ("advance", _ADVANCE), ("push", _PUSH), ("pop", _POP), ("renew", _RENEW), ("reap", _REAP),
            ("settle", _SETTLE), ("release", _RELEASE), ("extend", _EXTEND), ("offer", _OFFER),
        )}

    @classmethod
    def from_url(cls, url: str, prefix: str = DEFAULT_PREFIX, lease: float = DEFAULT_LEASE) -> "Cluster":
        """Connect to ``redis://HOST:PORT/DB`` and check that the server answers."""
        client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, health_check_interval=30)
        client.ping()
        return cls(client, prefix, lease)

    def key(self, name: str) -> str:
        """The Redis key for *name* under this cluster's prefix."""
        return f"{self.prefix}:{name}"

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> dict[str, str]:
        """The current run's fields ({} when there is none)."""
        return {_text(k): _text(v) for k, v in self.redis.hgetall(self.key("run")).items()}

    def status(self) -> dict[str, str]:
        """The current run's token, state, archive run id and creation time, without its (long) source list."""
        names = ("token", "state", "run_id", "created")
        return {k: _text(v) for k, v in zip(names, self.redis.hmget(self.key("run"), names)) if v is not None}

    def create_run(self, sources: list[dict[str, Any]], refresh: bool, backfill: bool = False,
                   refresh_days: float = 0) -> tuple[str, bool]:
        """Start a new run (frontier, seen-set, leases, plan and stats cleared) unless one is in progress.

        Returns the token of the run now current and whether it is new (else it is the unfinished one to join).
        """
        token = uuid.uuid4().hex[:12]
        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        keys = [self.key(k) for k in ("run", "hosts", "queued", "seq", "dupefilter", "inflight", "inflight:meta", "leases",
                                      "plan", "offers", "offered", "stats", "robots")]  # offered: older versions' set
        args = [token, stamp, json.dumps(sources, ensure_ascii=False), int(refresh), self.key(""), int(backfill), refresh_days]
        current = _text(self._scripts["create"](keys=keys, args=args))
        return current, current == token

    def advance(self, token: str, old: str, new: str, **fields: Any) -> bool:
        """Move the run *token* from state *old* to *new* (setting *fields*); False if it was not in *old*."""
        args: list[Any] = [token, old, new]
        for name, value in fields.items():
            args += [name, value if isinstance(value, (str, int, float)) else json.dumps(value, default=str)]
        return bool(self._scripts["advance"](keys=[self.key("run")], args=args))

    def accept_run(self, token: str, run_id: int, plan: bytes) -> bool:
        """The writer's answer to a pending run: publish its crawl plan (CrawlPlan.dumps()), then let the crawl seed."""
        self.redis.set(self.key("plan"), plan)
        return self.advance(token, "pending", "seeding", run_id=run_id)

    def settle(self, token: str) -> str:
        """The run's state, first marking it done if nothing is queued or leased ('gone' if replaced)."""
        keys = [self.key("run"), self.key("hosts"), self.key("inflight")]
        return _text(self._scripts["settle"](keys=keys, args=[token]))

    def plan(self) -> bytes | None:
        """The crawl plan the writer published for this run."""
        return self.redis.get(self.key("plan"))

    def first_offers(self, urls: list[str], page: str) -> set[str]:
        """Record article links *page* offered; return those no other page of the run had offered (the same page
        handed out again after its worker died still counts as the first to offer its links)."""
        if not urls:
            return set()
        page_id = hashlib.blake2b(page.encode(), digest_size=6).hexdigest()  # short: one per link, kept all run
        return {_text(u) for u in self._scripts["offer"](keys=[self.key("offers")], args=[page_id, *urls])}

    def merge_stats(self, stats: dict[str, Any]) -> None:
        """Add a worker's integer counters to the run's totals."""
        counters = {k: v for k, v in stats.items() if isinstance(v, int) and not isinstance(v, bool)
                    and "memusage" not in k and not k.endswith("_max")}  # sums of counters only
        if counters:
            pipe = self.redis.pipeline()
            for name, value in counters.items():
                pipe.hincrby(self.key("stats"), name, value)
            pipe.execute()

    def stats(self) -> dict[str, int]:
        """The merged worker counters of this run."""
        return {_text(k): int(v) for k, v in self.redis.hgetall(self.key("stats")).items()}

    def progress(self) -> dict[str, int]:
        """Queued and leased requests, items waiting for the writer, live workers."""
        pipe = self.redis.pipeline()
        pipe.get(self.key("queued")).hlen(self.key("inflight")).llen(self.key("items"))
        pipe.llen(self.key("items:processing"))
        queued, leased, items, processing = pipe.execute()
        queued = int(queued or 0)
        workers = sum(1 for _ in self.redis.scan_iter(self.key("worker:*"), count=1000))
        return {"queued": queued, "leased": leased, "items": items + processing, "workers": workers}

    def heartbeat(self, worker: str, info: dict[str, Any]) -> None:
        """Announce a live worker for one lease period."""
        self.redis.set(self.key(f"worker:{worker}"), json.dumps(info, default=str), px=self.lease_ms)

    # -- leased frontier: one queue per host, hosts ordered by their best request ----------------
    def _frontier(self) -> list[str]:
        return [self.key(k) for k in _FRONTIER]

    def queued(self) -> int:
        """Requests waiting in the frontier."""
        return int(self.redis.get(self.key("queued")) or 0)

    def push(self, data: bytes, host: str, priority: int, replaces: Iterable[int] = (), fingerprint: str = "") -> bool:
        """Queue a serialised request for *host* (higher *priority* first, then first in, first out), unless its
        *fingerprint* is already in the run's seen-set (``P:dupefilter``; added in the same step); acknowledge the
        leases it replaces (a retry, a redirect) in the same step. False when it was seen before."""
        keys = [*self._frontier(), self.key("dupefilter")]
        return bool(self._scripts["push"](keys=keys, args=[self.key(""), host, priority, data, fingerprint, *replaces]))

    def pop(self, busy: Iterable[str] = (), scan: int = 200) -> tuple[int, bytes, str] | None:
        """Lease the best request of a host that nobody is downloading from and that is not in *busy* (the
        hosts this worker already has requests of), else of any host not in *busy*: (lease, request, host)."""
        got = self._scripts["pop"](keys=self._frontier(), args=[self.key(""), self.lease_ms, scan, *busy])
        return (int(got[0]), got[1], _text(got[2])) if got else None

    def ack(self, leases: Iterable[int], pipe: Any = None) -> None:
        """Drop finished leases (inside *pipe*'s transaction when given)."""
        ids = [str(i) for i in leases]
        if ids:
            target = self.redis.pipeline() if pipe is None else pipe
            target.hdel(self.key("inflight"), *ids).hdel(self.key("inflight:meta"), *ids).zrem(self.key("leases"), *ids)
            if pipe is None:
                target.execute()

    def renew(self, leases: Iterable[int]) -> int:
        """Extend the leases this worker still holds; returns how many were still valid."""
        ids = [str(i) for i in leases]
        return int(self._scripts["renew"](keys=[self.key("leases")], args=[self.lease_ms, *ids])) if ids else 0

    def reap(self, leases: Iterable[int] = ()) -> int:
        """Put requests whose lease ran out (their worker died), or the given *leases* (a worker that stops
        early gives them back), in the frontier again; returns how many."""
        return int(self._scripts["reap"](keys=self._frontier(), args=[self.key(""), *leases]))

    # -- host leases and the writer lock ----------------------------------------------------
    def lock(self, name: str, token: str) -> bool:
        """Take the lock *name* for one lease period if it is free."""
        return bool(self.redis.set(self.key(name), token, nx=True, px=self.lease_ms))

    def unlock(self, name: str, token: str, cooldown: float = 0.0) -> bool:
        """Release a lock we hold, keeping it closed for *cooldown* seconds (a host's download delay)."""
        return bool(self._scripts["release"](keys=[self.key(name)], args=[token, int(cooldown * 1000)]))

    def extend(self, locks: dict[str, str]) -> int:
        """Extend the locks ({name: token}) we still hold by one lease period."""
        if not locks:
            return 0
        names = list(locks)
        return int(self._scripts["extend"](keys=[self.key(n) for n in names], args=[self.lease_ms, *(locks[n] for n in names)]))

    def robots(self, url: str) -> bytes | None:
        """The robots.txt response a worker fetched from *url* in this run (serialised), if any."""
        return self.redis.hget(self.key("robots"), url)

    def keep_robots(self, url: str, data: bytes) -> None:
        """Share a fetched robots.txt response with the other workers for the rest of the run."""
        self.redis.hset(self.key("robots"), url, data)

    # -- items for the archive writer -------------------------------------------------------
    def push_item(self, data: bytes, leases: Iterable[int] = ()) -> None:
        """Queue an item for the writer and acknowledge the request leases it completes, atomically."""
        pipe = self.redis.pipeline()  # MULTI/EXEC
        pipe.lpush(self.key("items"), data)
        self.ack(leases, pipe)
        pipe.execute()

    def next_item(self, timeout: float) -> bytes | None:
        """Move the oldest item to the processing list (waiting up to *timeout* s) and return it."""
        return self.redis.blmove(self.key("items"), self.key("items:processing"), timeout, "RIGHT", "LEFT")

    def ack_item(self, data: bytes) -> None:
        """The item is committed to the archive: forget it."""
        self.redis.lrem(self.key("items:processing"), 1, data)

    def requeue_items(self) -> int:
        """Items a dead writer took but never committed go back to the queue; returns how many."""
        moved = 0
        while self.redis.lmove(self.key("items:processing"), self.key("items"), "RIGHT", "RIGHT") is not None:
            moved += 1
        return moved

    def pending_items(self) -> int:
        """Items not yet committed by the writer."""
        pipe = self.redis.pipeline()
        pipe.llen(self.key("items")).llen(self.key("items:processing"))
        return sum(pipe.execute())

    def wait_for(self, states: tuple[str, ...], token: str | None = None, timeout: float | None = None,
                 poll: float = 0.25) -> dict[str, str]:
        """Block until the run (of *token*, when given) is in one of *states*; {} on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            run = self.status()
            if run.get("state") in states and (token is None or run.get("token") == token):
                return self.run()
            if deadline is not None and time.monotonic() >= deadline:
                return {}
            time.sleep(poll)
