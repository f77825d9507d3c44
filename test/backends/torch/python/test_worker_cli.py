"""The worker as a process (`python -m reftbench_worker`): stdout carries only events, exit codes
say what happened, and every failure first emits one error event."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import make_spec, run_worker


def test_a_run_streams_only_events_and_exits_zero(tmp_path: Path, events_validator) -> None:
    code, events, stderr = run_worker(tmp_path, make_spec(tmp_path, "encoder", "lobireft", {"rank": 1, "positions": "f1"}, steps=2))
    assert code == 0, stderr
    for event in events:
        events_validator.validate(event)
    assert events[0]["type"] == "start" and events[-1]["type"] == "end"


def test_an_invalid_spec_is_a_user_error_naming_the_field(tmp_path: Path, events_validator) -> None:
    spec = make_spec(tmp_path, "encoder", "loreft", {"rank": 0, "positions": "f1"})
    del spec["training"]["lr"]
    code, events, _ = run_worker(tmp_path, spec)
    assert code == 2
    assert len(events) == 1
    events_validator.validate(events[0])
    assert events[0]["kind"] == "user"
    assert "/method/hparams/rank" in events[0]["message"] and "'lr' is a required property" in events[0]["message"]


def test_a_spec_that_is_not_json_names_line_and_column(tmp_path: Path) -> None:
    code, events, _ = run_worker(tmp_path, '{\n  "runId": ,\n}')
    assert code == 2
    assert events[0]["kind"] == "user" and ":2:" in events[0]["message"]


def test_a_model_without_safetensors_is_refused(tmp_path: Path) -> None:
    spec = make_spec(tmp_path, "encoder", "red", {})
    bare = tmp_path / "bare-model"
    bare.mkdir()
    (bare / "config.json").write_text(json.dumps({"model_type": "roberta"}))
    (bare / "pytorch_model.bin").write_bytes(b"not loaded")
    spec["model"]["source"] = str(bare)
    code, events, _ = run_worker(tmp_path, spec)
    assert code == 2
    assert events[-1]["type"] == "error" and "safetensors" in events[-1]["message"]
