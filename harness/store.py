"""A store shared by the machines of one campaign, on Redis (``--store redis://...``).

Why it is built this way.  Campaign workers on many machines are independent (the
model ClusterFuzz proved at scale): each judges its own cases into its own local run,
and they meet only here, for three things.

* **Claims.**  A new divergence signature is reduced by one machine only.  Before
  reducing, a campaign claims the signature's corpus name with ``SET NX`` and an
  expiry (``claim_seconds``); while it reduces, a thread renews the expiry.  Every
  other campaign finds the claim (or the published result) taken and only adds its
  count.  A worker that dies holding a claim stops renewing it, so the claim lapses
  and the next campaign that meets the signature reduces it.
* **Published regressions.**  The claimer publishes the reduced program and its
  sidecar under the same name; ``conform corpus pull`` writes them into
  ``corpus/regressions/``; counts are summed across campaigns.
* **Hypothesis's example database.**  :meth:`RedisStore.example_database` is
  Hypothesis's own ``RedisExampleDatabase`` multiplexed with the local directory
  database, so examples found on one machine are replayed on all.

Redis is never needed for a result: everything is written locally first.  When the
connection goes away the store warns once, remembers why (``lost``, which the run's
meta and report show) and answers every later call as a local-only store would, so
the campaign carries on alone.  ``redis`` is an optional dependency, imported only
when a ``redis://`` store is opened.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sys
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, List, Optional

from . import results

PREFIX = "pyconform"
#: What :meth:`RedisStore.claim` answers.
MINE, TAKEN, PUBLISHED = "mine", "taken", "published"
_RELEASE = ("if redis.call('get', KEYS[1]) == ARGV[1] then "
            "return redis.call('del', KEYS[1]) else return 0 end")


class StoreError(Exception):
    """The store cannot be opened (bad URL, redis-py missing, server unreachable)."""


def _warn_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def open_store(url: str, claim_seconds: float = 300.0,
               warn: Callable[[str], None] = _warn_stderr) -> "RedisStore":
    """The store at ``url`` (``redis://HOST:PORT/DB``); raises :class:`StoreError`."""
    if not url.startswith("redis://"):
        raise StoreError("a store is redis://HOST:PORT/DB, not %r" % url)
    return RedisStore(url, claim_seconds=claim_seconds, warn=warn)


def _redis_module() -> Any:
    try:
        import redis
    except ImportError:
        raise StoreError("--store redis:// needs the redis package (pip install redis), "
                         "which is not installed for %s" % sys.executable)
    return redis


class RedisStore:
    """Claims, counts and published regressions in one Redis database."""

    def __init__(self, url: str, claim_seconds: float = 300.0,
                 warn: Callable[[str], None] = _warn_stderr, prefix: str = PREFIX) -> None:
        redis = _redis_module()
        self.url = url
        self.claim_seconds = claim_seconds
        self.prefix = prefix
        self.warn = warn
        self.lost: Optional[str] = None
        self.lost_at: Optional[str] = None
        self.worker = "%s:%d:%s" % (socket.gethostname(), os.getpid(), secrets.token_hex(3))
        self._errors = (redis.RedisError, OSError)
        try:
            self.client = redis.Redis.from_url(url, socket_timeout=5,
                                               socket_connect_timeout=5)
            self.client.ping()
        except self._errors as error:
            raise StoreError("the store %s is unreachable: %s" % (url, error))
        except ValueError as error:
            raise StoreError("bad store URL %r: %s" % (url, error))

    # -- failure: warn once, then local only ------------------------------------------------

    def _call(self, what: str, default: Any, fn: Callable[[], Any]) -> Any:
        if self.lost:
            return default
        try:
            return fn()
        except self._errors as error:
            self.lost = "%s: %s" % (what, error)
            self.lost_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            self.warn("store: lost %s (%s); carrying on with local files only, every "
                      "result is still recorded locally" % (self.url, self.lost))
            return default

    def status(self) -> dict:
        """What the run's meta records of the store."""
        return {"url": self.url, "worker": self.worker, "lost": self.lost,
                "lost_at": self.lost_at}

    def _key(self, kind: str, name: str = "") -> str:
        return "%s:%s:%s" % (self.prefix, kind, name) if name else "%s:%s" % (self.prefix, kind)

    # -- claims ------------------------------------------------------------------------------

    def claim(self, name: str) -> str:
        """:data:`MINE` when this worker now holds the claim on ``name`` (or the
        store is lost: alone, every signature is ours), :data:`PUBLISHED` when a
        reduced program is already published, else :data:`TAKEN`."""
        def attempt() -> str:
            if self.client.hexists(self._key("regression", name), "py"):
                return PUBLISHED
            millis = max(1, int(self.claim_seconds * 1000))
            if self.client.set(self._key("claim", name), self.worker, nx=True, px=millis):
                return MINE
            holder = self.client.get(self._key("claim", name))
            return MINE if holder == self.worker.encode() else TAKEN
        return self._call("claim", MINE, attempt)

    def renew(self, name: str) -> bool:
        """Extend this worker's claim on ``name``; False if it is not ours any more."""
        def attempt() -> bool:
            key = self._key("claim", name)
            if self.client.get(key) != self.worker.encode():
                return False
            return bool(self.client.pexpire(key, max(1, int(self.claim_seconds * 1000))))
        return self._call("renew", False, attempt)

    def release(self, name: str) -> None:
        """Drop this worker's claim on ``name`` (another's is left alone)."""
        # Compare and delete in one step on the server: between a GET and a DEL the
        # claim could lapse and be taken by another worker.
        self._call("release", None, lambda: self.client.eval(
            _RELEASE, 1, self._key("claim", name), self.worker))

    @contextmanager
    def holding(self, name: str) -> Iterator[None]:
        """Renew the claim on ``name`` every third of its lifetime while the block
        runs (a long reduction must not lose it), then release it."""
        done = threading.Event()

        def keep() -> None:
            while not done.wait(self.claim_seconds / 3.0):
                self.renew(name)
        thread = threading.Thread(target=keep, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
            self.release(name)

    # -- counts and regressions ---------------------------------------------------------------

    def seen(self, name: str, signature: str) -> None:
        """Note that a campaign met ``signature`` (its corpus name is ``name``)."""
        self._call("seen", None, lambda: self.client.hsetnx(self._key("signatures"), name,
                                                            signature))

    def count(self, name: str, n: int) -> int:
        """Add ``n`` cases to the signature's count across campaigns; the new total."""
        return int(self._call("count", 0, lambda: self.client.incrby(
            self._key("count", name), n)) or 0)

    def publish(self, name: str, program: bytes, sidecar: dict) -> bool:
        """Publish a reduced program and its sidecar under ``name``."""
        def attempt() -> bool:
            self.client.hset(self._key("regression", name), mapping={
                "py": program, "json": json.dumps(sidecar, indent=2) + "\n"})
            self.client.sadd(self._key("regressions"), name)
            return True
        return bool(self._call("publish", False, attempt))

    def published(self) -> List[str]:
        """Names of every published regression, sorted."""
        names = self._call("list", set(), lambda: self.client.smembers(self._key("regressions")))
        return sorted(n.decode() if isinstance(n, bytes) else n for n in names)

    def pull(self, corpus: str) -> List[str]:
        """Write every published regression into ``corpus`` (``<name>.py`` and
        ``.json``, the sidecar's ``count`` set to the total across campaigns);
        returns the program paths written."""
        written = []
        for name in self.published():
            entry = self._call("pull", {}, lambda name=name: self.client.hgetall(
                self._key("regression", name)))
            if not entry or b"py" not in entry:
                continue
            sidecar = json.loads(entry[b"json"])
            total = self._call("pull", None,
                               lambda name=name: self.client.get(self._key("count", name)))
            if total is not None:
                sidecar["count"] = int(total)
            path = os.path.join(corpus, name + ".py")
            results.write_atomic(path, entry[b"py"])
            results.write_atomic(os.path.join(corpus, name + ".json"),
                                 (json.dumps(sidecar, indent=2) + "\n").encode("utf-8"))
            written.append(path)
        return written

    # -- Hypothesis ---------------------------------------------------------------------------

    def example_database(self, local: str) -> Any:
        """Hypothesis's example database: the directory ``local`` and this Redis,
        through ``MultiplexedDatabase`` (saves go to both, fetches read both)."""
        from hypothesis.database import DirectoryBasedExampleDatabase, MultiplexedDatabase
        from hypothesis.extra.redis import RedisExampleDatabase
        shared = _Tolerant(RedisExampleDatabase(self.client, key_prefix=(
            "%s:hypothesis:" % self.prefix).encode()), self)
        return MultiplexedDatabase(DirectoryBasedExampleDatabase(local), shared)


def _tolerant_base() -> Any:
    from hypothesis.database import ExampleDatabase
    return ExampleDatabase


class _Tolerant:
    """An example database whose failures are the store's: a lost Redis warns once
    (through the store) and is then skipped, the local database carrying on."""

    def __new__(cls, inner: Any, store: RedisStore) -> Any:
        base = _tolerant_base()

        class Tolerant(base):  # type: ignore[misc, valid-type]
            def __init__(self) -> None:
                super().__init__()
                self.inner = inner

            def save(self, key: bytes, value: bytes) -> None:
                store._call("hypothesis save", None, lambda: inner.save(key, value))

            def fetch(self, key: bytes) -> Iterator[bytes]:
                yield from store._call("hypothesis fetch", [], lambda: list(inner.fetch(key)))

            def delete(self, key: bytes, value: bytes) -> None:
                store._call("hypothesis delete", None, lambda: inner.delete(key, value))

            def move(self, src: bytes, dest: bytes, value: bytes) -> None:
                store._call("hypothesis move", None, lambda: inner.move(src, dest, value))

        return Tolerant()


def example_database(local: str, url: Optional[str] = None) -> Any:
    """The example database the harness's Hypothesis runs use: the directory
    ``local``, multiplexed with the store at ``url`` when one is given."""
    from hypothesis.database import DirectoryBasedExampleDatabase
    if not url:
        return DirectoryBasedExampleDatabase(local)
    return open_store(url).example_database(local)
