"""The served worker (`python -m reftbench_worker --serve`, serve.py): runs served one after another
in one process give the same events as each in a fresh process (nothing leaks from one run into
the next: generators, threads, deterministic mode, environment), a failed request ends the process
with its code, and the process-wide settings a run changes are put back before the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import torch

from conftest import WORKER_DIR, make_spec, run_worker

# Measured figures differ from process to process; everything else must be identical.
MEASURED = {"elapsedSeconds", "stepMs", "wallSeconds", "trainSeconds", "evalSeconds", "tokensPerSecond", "peakMemoryBytes"}


def comparable(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k not in MEASURED} for e in events]


def serve(tmp: Path, specs: list[dict[str, Any] | str]) -> tuple[int, list[list[dict[str, Any]]], list[int], str]:
    """Serves `specs` in one process; returns its exit code, each request's events, codes, stderr."""
    lines = []
    for i, spec in enumerate(specs):
        path = tmp / f"served-{i}.json"
        path.write_text(spec if isinstance(spec, str) else json.dumps(spec))
        lines.append(json.dumps({"spec": str(path)}))
    env = {**os.environ, "PYTHONPATH": str(WORKER_DIR), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "reftbench_worker", "--serve"], input="\n".join(lines) + "\n", capture_output=True, text=True, env=env, timeout=600)
    per_request: list[list[dict[str, Any]]] = [[]]
    codes: list[int] = []
    for line in proc.stdout.splitlines():
        value = json.loads(line)
        if "worker" in value:
            assert value["worker"] == "done"
            codes.append(value["code"])
            per_request.append([])
        else:
            per_request[-1].append(value)
    return proc.returncode, per_request[:-1], codes, proc.stderr


def test_served_runs_give_the_events_of_fresh_processes(tmp_path: Path) -> None:
    # Runs that change what a process keeps: threads, deterministic mode, dropout masks drawn from
    # the generators, a method with its own random initialisation; the same run again at the end.
    loreft = make_spec(tmp_path, "encoder", "loreft", {"rank": 2, "positions": "f1+l1", "dropout": 0.1}, steps=4, extra={"dropout": {"hidden": 0.1, "head": 0.1}})
    lora = make_spec(tmp_path, "encoder", "lora", {"rank": 2, "alpha": 4, "targets": ["query", "value"]}, steps=3, test_split=True)
    lora["backend"] = {**lora["backend"], "threads": 2, "deterministic": False}
    lora["seed"] = 11
    decoder = make_spec(tmp_path, "decoder", "loreft", {"rank": 1, "positions": "l1"}, steps=3)
    specs = [loreft, lora, decoder, loreft]
    code, served, codes, stderr = serve(tmp_path, specs)
    assert code == 0, stderr
    assert codes == [0, 0, 0, 0]
    assert len(served) == 4
    for i, spec in enumerate(specs):
        fresh_code, fresh, fresh_stderr = run_worker(tmp_path, spec)
        assert fresh_code == 0, fresh_stderr
        assert comparable(served[i]) == comparable(fresh), f"request {i} differs from a fresh worker's run"
    assert comparable(served[0]) == comparable(served[3])


def test_a_failed_request_ends_the_process_with_its_code(tmp_path: Path) -> None:
    ok = make_spec(tmp_path, "encoder", "bitfit", {}, steps=2)
    bad = make_spec(tmp_path, "encoder", "bitfit", {}, steps=2)
    bad["model"]["source"] = str(tmp_path / "no-such-model")
    code, served, codes, stderr = serve(tmp_path, [ok, bad, ok])
    assert code == 2
    assert codes == [0, 2], "the request after the failed one is never read"
    assert served[0][-1]["type"] == "end"
    assert served[1][-1]["type"] == "error" and served[1][-1]["kind"] == "user"
    assert "reftbench_worker: --- request 2 ---" in stderr


def test_a_bad_request_line_is_an_internal_error(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(WORKER_DIR), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "reftbench_worker", "--serve"], input="[1, 2]\n", capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 1
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert events[0]["type"] == "error" and events[0]["kind"] == "internal" and "'spec'" in events[0]["message"]
    assert events[1] == {"worker": "done", "code": 1}


def test_settings_a_run_changes_are_put_back() -> None:
    from reftbench_worker import process_state
    from reftbench_worker.run import configure_determinism

    before = process_state.capture()
    os.environ["REFTBENCH_LEAK_PROBE"] = "1"
    try:
        configure_determinism(3, True, before.threads + 1)
        torch.set_float32_matmul_precision("medium" if before.matmul_precision != "medium" else "high")
        torch.set_default_dtype(torch.float64)
        torch.backends.cudnn.benchmark = not before.cudnn_benchmark
        assert process_state.capture() != before
        process_state.restore(before)
        assert process_state.capture() == before
        assert "REFTBENCH_LEAK_PROBE" not in os.environ
    finally:
        process_state.restore(before)
        os.environ.pop("REFTBENCH_LEAK_PROBE", None)
