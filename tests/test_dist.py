"""Campaigns over many machines: shards merged equal one machine's run, a shared
store on a real Redis (claims, counts, published regressions, Hypothesis's example
database), and what happens when Redis goes away.

The Redis is a real ``redis-server`` started per test on a free loopback port; the
tests skip, saying so, only where redis-server is not installed (``.ci/run``
installs it).  Divergences come from the planted-bug implementation
(``tests/impls/wrong_operator.py``) judged against the real interpreter.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from harness.campaign import Campaign, FuzzSettings, merge_runs, signature_hash
from harness.cli import main
from harness.report import build_summary, render
from harness.results import read_meta, read_results

from .conftest import HOST_VERSION
from .test_campaign import planted_impl

REDIS_SERVER = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(REDIS_SERVER is None,
                                 reason="redis-server is not installed (apt-get install "
                                        "redis-server; .ci/run does)")
FEATURES = "int-arithmetic,loops"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, folder) -> None:
        self.port = _free_port()
        self.url = "redis://127.0.0.1:%d/0" % self.port
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError("redis-server did not start on port %d" % self.port)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def client(self):
        import redis
        return redis.Redis.from_url(self.url)


@pytest.fixture
def redis_server(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; "
                    ".ci/run does)")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)
    yield server
    server.kill()


def _fuzz_argv(reports, *extra):
    return ["fuzz", "--impl", planted_impl(), "--versions", HOST_VERSION, "--seed", "3",
            "--features", FEATURES, "--workers", "1", "--reports", str(reports),
            "--quiet", "--no-report"] + list(extra)


def _verdicts(run_path):
    return [(r["case"], r["version"], r["layer"], r["verdict"],
             (r.get("divergence") or {}).get("signature")) for r in read_results(run_path)]


def _only_run(reports):
    (run,) = (reports / "runs").iterdir()
    return str(run)


# -- shards ------------------------------------------------------------------------------------


def test_two_shards_merged_equal_one_unsharded_run(tmp_path):
    cases = "30"
    assert main(_fuzz_argv(tmp_path / "one", "--cases", cases, "--corpus", "none")) == 1
    for k in (0, 1):
        main(_fuzz_argv(tmp_path / ("shard%d" % k), "--cases", cases, "--corpus", "none",
                        "--shard", "%d/2" % k))
    shard_runs = [_only_run(tmp_path / "shard0"), _only_run(tmp_path / "shard1")]
    for k, run in enumerate(shard_runs):
        assert {int(r["fuzz_index"]) % 2 for r in read_results(run)} == {k}
    assert main(["merge", shard_runs[1], shard_runs[0], "--reports",
                 str(tmp_path / "merged")]) == 0
    merged, one = _only_run(tmp_path / "merged"), _only_run(tmp_path / "one")
    assert _verdicts(merged) == _verdicts(one)
    assert any(v[3] == "diverge" for v in _verdicts(one)), "the planted bug was not met"
    left, right = build_summary(merged), build_summary(one)
    for key in ("versions", "layers", "matrix", "features", "totals", "divergences",
                "not_implemented"):
        assert left[key] == right[key], key
    signatures = lambda run: sorted((s["signature"], s["count"])  # noqa: E731
                                    for s in read_meta(run)["signatures"])
    assert signatures(merged) == signatures(one)
    assert read_meta(merged)["status"] == "complete"
    render(str(tmp_path / "merged"), merged)
    assert "Merged from 2 shard runs" in (tmp_path / "merged" / "summary.md").read_text()


def test_merge_refuses_what_is_not_one_campaign(tmp_path, capsys):
    for k, seed in ((0, "3"), (1, "4")):
        argv = _fuzz_argv(tmp_path / ("s%d" % k), "--cases", "4", "--corpus", "none",
                          "--shard", "%d/2" % k)
        argv[argv.index("--seed") + 1] = seed
        main(argv)
    runs = [_only_run(tmp_path / "s0"), _only_run(tmp_path / "s1")]
    assert main(["merge"] + runs + ["--reports", str(tmp_path / "m")]) == 2
    assert "seed differ" in capsys.readouterr().err
    assert main(["merge", runs[0], "--reports", str(tmp_path / "m")]) == 2
    assert "shards 1/2 of 2 are missing" in capsys.readouterr().err
    assert main(["merge", runs[0], "--partial", "--reports", str(tmp_path / "m"),
                 "--no-report"]) == 2   # merged, but not complete
    with pytest.raises(ValueError, match="both shard 0/2"):
        merge_runs([runs[0], runs[0]], str(tmp_path / "m"))


@pytest.mark.parametrize("text", ["2/2", "x/2", "1", "-1/3"])
def test_bad_shards_are_refused_plainly(tmp_path, capsys, text):
    assert main(_fuzz_argv(tmp_path, "--shard=" + text)) == 2
    assert "--shard" in capsys.readouterr().err


# -- the store -----------------------------------------------------------------------------------


@needs_redis
def test_two_concurrent_campaigns_reduce_each_new_signature_once(tmp_path, redis_server):
    # The campaigns import the harness this process did (under tox: the installed one,
    # whose {repo} is not this checkout), so that both name signatures alike.
    import harness
    harness_path = os.path.dirname(os.path.dirname(os.path.abspath(harness.__file__)))
    procs = []
    for name in ("a", "b"):
        argv = [sys.executable, "-m", "harness.cli"] + _fuzz_argv(
            tmp_path / name, "--cases", "30", "--corpus", str(tmp_path / name / "corpus"),
            "--store", redis_server.url, "--reduce-limit", "3", "--reduce-seconds", "30")
        argv.remove("--quiet")
        procs.append(subprocess.Popen(argv, cwd=str(tmp_path), stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, env=dict(
                                          os.environ, PYTHONPATH=harness_path)))
    outputs = [proc.communicate(timeout=600) for proc in procs]
    assert [proc.returncode for proc in procs] == [1, 1], outputs
    found = []
    for name in ("a", "b"):
        meta = read_meta(_only_run(tmp_path / name))
        found.append({signature_hash(s["signature"], planted_impl()): s["count"]
                      for s in meta["signatures"]})
        assert meta["store"]["lost"] is None
    assert found[0] and found[0].keys() == found[1].keys()   # same seed, same cases
    corpora = [{p.stem for p in (tmp_path / n / "corpus").glob("*.json")} for n in "ab"]
    # Every signature is reduced and saved by exactly one of the two campaigns.
    assert corpora[0] | corpora[1] == set(found[0])
    assert not corpora[0] & corpora[1]
    client = redis_server.client()
    for name, count in found[0].items():
        assert int(client.get("pyconform:count:" + name)) == count + found[1][name]
    assert "counted, not reduced here" in (outputs[0][1] + outputs[1][1]).decode()
    # What was published is what the claimer saved; pull writes it into a corpus.
    pulled = tmp_path / "pulled"
    assert main(["corpus", "pull", "--store", redis_server.url, "--corpus",
                 str(pulled)]) == 0
    assert {p.stem for p in pulled.glob("*.py")} == set(found[0])
    for name in found[0]:
        owner = "a" if name in corpora[0] else "b"
        saved = tmp_path / owner / "corpus" / (name + ".py")
        assert (pulled / (name + ".py")).read_bytes() == saved.read_bytes()
        sidecar = json.loads((pulled / (name + ".json")).read_text())
        assert sidecar["count"] == found[0][name] + found[1][name]
    print("two campaigns sharing %s: %d signatures each; reduced by a: %d, by b: %d, by "
          "both: 0; published and pulled: %d" % (redis_server.url, len(found[0]),
                                                 len(corpora[0]), len(corpora[1]),
                                                 len(found[0])))


@needs_redis
def test_a_dead_workers_claim_lapses(tmp_path, redis_server):
    from harness.store import MINE, TAKEN, open_store
    # A real worker claims a signature and dies without releasing it.
    dead = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys; sys.path.insert(0, %r)\n"
        "from harness.store import open_store\n"
        "store = open_store(%r, claim_seconds=1.5)\n"
        "assert store.claim('sig') == 'mine'\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n") % (os.getcwd(), redis_server.url)])
    assert dead.returncode == -9
    store = open_store(redis_server.url, claim_seconds=1.5)
    assert store.claim("sig") == TAKEN
    deadline = time.monotonic() + 10
    while store.claim("sig") != MINE:
        assert time.monotonic() < deadline, "the dead worker's claim never lapsed"
        time.sleep(0.1)
    # A live holder renews its claim: it outlives its expiry while held.
    other = open_store(redis_server.url, claim_seconds=0.6)
    with other.holding("held"):
        assert other.claim("held") == MINE
        time.sleep(1.5)
        assert store.claim("held") == TAKEN
    assert store.claim("held") == MINE   # released on leaving


@needs_redis
def test_redis_killed_mid_campaign_loses_no_result(tmp_path, redis_server):
    warnings = []

    def kill_redis(finding):
        redis_server.kill()
        return False

    settings = FuzzSettings(seed=3, versions=[HOST_VERSION], layers=["exec", "refcount"],
                            impl=planted_impl(), seconds=None, cases=30, workers=1,
                            features=FEATURES.split(","), reduce=False,
                            corpus=str(tmp_path / "corpus"), store=redis_server.url)
    campaign = Campaign(settings, str(tmp_path / "stored"), progress=False,
                        on_finding=kill_redis, warn=warnings.append)
    result = campaign.run()
    assert result.status == "complete"
    assert len(warnings) == 1 and "local" in warnings[0], warnings
    meta = read_meta(result.run_path)
    assert meta["store"]["lost"]
    # Every signature still went into the local corpus.
    assert {p.stem for p in (tmp_path / "corpus").glob("*.json")} == {
        signature_hash(s, settings.impl) for s in result.findings}
    # Nothing was lost: the judgements of the same campaign without a store.
    assert main(_fuzz_argv(tmp_path / "local", "--cases", "30", "--corpus", "none")) == 1
    assert _verdicts(result.run_path) == _verdicts(_only_run(tmp_path / "local"))
    print("redis killed at the first signature: %d judgements, equal to the local-only run; "
          "%d signatures saved locally; warning: %s" % (
              len(_verdicts(result.run_path)), len(result.findings), warnings[0]))
    render(str(tmp_path / "stored"), result.run_path)
    assert "The store was lost during the run" in (
        tmp_path / "stored" / "summary.md").read_text()


@needs_redis
def test_examples_are_shared_through_the_store(tmp_path, redis_server):
    from harness.store import example_database, open_store
    one = example_database(str(tmp_path / "one"), redis_server.url)
    two = example_database(str(tmp_path / "two"), redis_server.url)
    one.save(b"test-key", b"an example")
    assert list(two.fetch(b"test-key")) == [b"an example"]
    warnings = []
    store = open_store(redis_server.url, warn=warnings.append)
    alone = store.example_database(str(tmp_path / "three"))
    redis_server.kill()
    alone.save(b"k", b"v")
    alone.save(b"k", b"w")
    assert sorted(alone.fetch(b"k")) == [b"v", b"w"]
    assert len(warnings) == 1


def test_a_store_without_redis_py_is_a_clear_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "redis", None)
    assert main(_fuzz_argv(tmp_path, "--store", "redis://127.0.0.1:1/0")) == 2
    assert "pip install redis" in capsys.readouterr().err


def test_an_unreachable_store_is_a_clear_error(tmp_path, capsys):
    pytest.importorskip("redis")
    assert main(_fuzz_argv(tmp_path, "--store", "redis://127.0.0.1:%d/0" % _free_port())) == 2
    assert "unreachable" in capsys.readouterr().err


# -- coverage ------------------------------------------------------------------------------------


def test_coverage_records_lines_and_handlers_per_version(tmp_path):
    from minivm.versions import get_target
    from minivm.vm import interpreter  # noqa: F401 - registers the dialects
    from minivm.vm.registry import handlers_for
    settings = FuzzSettings(seed=5, versions=[HOST_VERSION], layers=["code", "exec"],
                            impl="minivm", seconds=None, cases=2, workers=1, reduce=False,
                            corpus=None, coverage=True, steer="coverage")
    result = Campaign(settings, str(tmp_path), progress=False).run()
    coverage = read_meta(result.run_path)["coverage"]
    assert coverage["mode"] == "coverage-steered"
    modules = {m["module"]: m for m in coverage["modules"]}
    assert all(0 <= m["hit"] <= m["total"] for m in modules.values())
    compiled = [r for r in read_results(result.run_path)
                if r["layer"] == "code" and r["verdict"] != "not_implemented"]
    if compiled:   # a host without minivm's compiler (3.11) runs no codegen
        assert modules["minivm/compiler/codegen.py"]["hit"] > 0
    assert coverage["lines_hit"] == sum(m["hit"] for m in modules.values())
    row = coverage["handlers"][HOST_VERSION]
    table = handlers_for(get_target(None))
    assert row["total"] == len(table) and set(row["never"]) <= set(table)
    assert row["run"] + len(row["never"]) == row["total"]
    ran = [r for r in read_results(result.run_path)
           if r["layer"] == "exec" and r["verdict"] != "not_implemented"]
    assert (row["run"] > 0) == bool(ran)   # a host without minivm's VM runs no handler
    assert all(r.get("steer_pool") for r in read_results(result.run_path))
    render(str(tmp_path), result.run_path)
    assert "Opcode handlers of %s" % HOST_VERSION in (tmp_path / "summary.md").read_text()


def test_steering_draws_the_tags_that_reach_new_lines_more_often():
    from harness.fuzzcoverage import FLOOR, Steering
    steering = Steering(1, ["a", "b"])
    first = [steering.pool() for _ in range(200)]
    assert sum("a" in p for p in first) == 200 and sum("b" in p for p in first) == 200
    for _ in range(30):
        steering.credit(["a"], 50)
        steering.credit(["b"], 0)
    pools = [steering.pool() for _ in range(2000)]
    share_b = sum("b" in p for p in pools) / 2000.0
    assert sum("a" in p for p in pools) == 2000
    assert FLOOR - 0.05 < share_b < FLOOR + 0.1


def test_coverage_needs_minivm(tmp_path, capsys):
    assert main(_fuzz_argv(tmp_path, "--coverage")) == 2
    assert "need --impl minivm" in capsys.readouterr().err
