"""Runs on disk: atomic metadata, results that survive a kill, resuming."""

from __future__ import annotations

import json
import os

from harness.results import (RunWriter, done_keys, find_run, read_meta, read_results,
                             write_atomic)


def test_results_are_on_disk_as_soon_as_a_case_is_recorded(tmp_path):
    writer = RunWriter(str(tmp_path), "check", {"impl": "minivm"})
    writer.add_many([{"case": "a", "version": "3.12", "layer": "ast", "verdict": "pass"}])
    assert read_results(writer.path)[0]["case"] == "a"
    assert read_meta(writer.path)["status"] == "running"
    writer.finish("complete")
    assert read_meta(writer.path)["status"] == "complete"


def test_a_torn_last_line_is_ignored_and_dropped_on_resume(tmp_path):
    writer = RunWriter(str(tmp_path), "fuzz", {})
    writer.add_many([{"case": "a", "version": "3.12", "layer": "exec", "verdict": "pass"}])
    writer.finish("interrupted")
    with open(os.path.join(writer.path, "results.jsonl"), "ab") as handle:
        handle.write(b'{"case": "b", "vers')
    assert [r["case"] for r in read_results(writer.path)] == ["a"]
    resumed = RunWriter(str(tmp_path), "fuzz", {}, run_id=writer.run_id, resume=True)
    resumed.add_many([{"case": "c", "version": "3.12", "layer": "exec", "verdict": "pass"}])
    resumed.finish("complete")
    assert [r["case"] for r in read_results(writer.path)] == ["a", "c"]
    assert done_keys(read_results(writer.path)) == {("a", "3.12"), ("c", "3.12")}


def test_atomic_writes_leave_no_temporary_files(tmp_path):
    target = tmp_path / "summary.json"
    write_atomic(str(target), b"{}")
    write_atomic(str(target), json.dumps({"x": 1}).encode())
    assert json.loads(target.read_text()) == {"x": 1}
    assert os.listdir(tmp_path) == ["summary.json"]


def test_find_run_names_what_is_missing(tmp_path):
    import pytest
    with pytest.raises(FileNotFoundError, match="no runs under"):
        find_run(str(tmp_path), None)
    with pytest.raises(FileNotFoundError, match="no run 'nope'"):
        find_run(str(tmp_path), "nope")
