"""The gc feature family (harness/generate/gcfamily.py): the family name expands to its
tags, and its programs run on the host CPython as the generator intends: exit 0, the
same output twice, and the same output again with automatic collections switched off
(no block allocates enough to start one, except gc-thresholds, whose collections must
show)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from harness.cli import _fuzz_settings, build_parser
from harness.generate import (FAMILIES, FEATURES, build, expand_features, family_tags,
                              version_tuple)
from harness.generate.draw import RandomSource
from harness.oracle import ALL_VERSIONS

from .conftest import HOST_VERSION

GC_TAGS = family_tags("gc")
HOST = version_tuple(HOST_VERSION)


def test_the_gc_family_is_every_gc_tag():
    assert "gc" in FAMILIES
    assert set(GC_TAGS) == {tag for tag in FEATURES if tag.startswith("gc-")}
    assert {"gc-lists", "gc-frames", "gc-generators", "gc-callbacks", "gc-stats",
            "gc-thresholds"} <= set(GC_TAGS)
    assert expand_features(["gc"]) == list(GC_TAGS)
    assert expand_features(["walrus", "gc", "gc-lists"]) == ["walrus"] + list(GC_TAGS)


def test_an_unknown_name_is_reported_with_the_families():
    with pytest.raises(ValueError, match=r"unknown feature tags: gcc .*families: gc \(gc-\*\)"):
        expand_features(["gcc"])


def test_build_with_the_family_uses_only_its_tags():
    for index in range(30):
        program = build(RandomSource.for_case(15, index), "3.12", ["gc"])
        assert set(program.features) - {"checksum"} <= set(GC_TAGS)
        assert program.expects is None


def test_fuzz_expands_the_family_in_its_settings(tmp_path):
    argv = ["fuzz", "--impl", "oracle:" + HOST_VERSION, "--versions", HOST_VERSION,
            "--features", "gc,walrus", "--reports", str(tmp_path), "--corpus", "none"]
    settings = _fuzz_settings(build_parser().parse_args(argv))
    assert settings.features == list(GC_TAGS) + ["walrus"]


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_gc_programs_compile_on_the_host(version):
    if version_tuple(version) > HOST:
        pytest.skip("programs for %s may use syntax the host lacks" % version)
    for index in range(40):
        program = build(RandomSource.for_case(15, index), version, ["gc"])
        compile(program.source, "prog.py", "exec")


def _run(source: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", source], capture_output=True, timeout=60)


@pytest.mark.parametrize("tag", GC_TAGS)
def test_gc_programs_run_deterministically_on_the_host(tag):
    for index in range(4):
        program = build(RandomSource.for_case(15, index), HOST_VERSION, [tag])
        first, second = _run(program.source), _run(program.source)
        assert first.returncode == 0, (program.source, first.stderr)
        assert first.stderr == b"", program.source
        assert first.stdout == second.stdout, program.source
        # gc.disable() stops only the automatic collections: if one started inside a
        # block, its counts or its finalizer order would differ.  gc-thresholds
        # starts them on purpose, so there they must show.
        quiet = _run("import gc\ngc.disable()\n" + program.source)
        if tag == "gc-thresholds":
            assert quiet.stdout != first.stdout, program.source
        else:
            assert quiet.stdout == first.stdout, program.source
