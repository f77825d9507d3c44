"""The worker's lr schedule (reftbench_worker/schedule.py): the seconds clock's values at given
fractions of the budget, the same as the ort engine's (test/backends/ort/train/schedule.test.ts),
and a run under lrClock "seconds" whose every step's lr follows the training time elapsed before it."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest

from conftest import make_spec
from reftbench_worker.events import EventWriter
from reftbench_worker.run import run
from reftbench_worker.schedule import lr_factor, lr_factor_at_fraction


def test_seconds_clock_values() -> None:
    assert lr_factor_at_fraction("linear", 0.0, 0.1) == 0.0
    assert lr_factor_at_fraction("linear", 0.05, 0.1) == pytest.approx(0.5)
    assert lr_factor_at_fraction("linear", 0.1, 0.1) == pytest.approx(1.0)
    assert lr_factor_at_fraction("linear", 0.55, 0.1) == pytest.approx(0.5)
    assert lr_factor_at_fraction("linear", 1.0, 0.1) == 0.0
    assert lr_factor_at_fraction("linear", 1.3, 0.1) == 0.0
    assert lr_factor_at_fraction("cosine", 0.6, 0.2) == pytest.approx(0.5)
    assert lr_factor_at_fraction("cosine", 0.4, 0.2) == pytest.approx(0.5 * (1 + math.cos(math.pi * 0.25)))
    assert lr_factor_at_fraction("constant", 0.99, 0.0) == 1.0
    assert lr_factor_at_fraction("linear", 0.0, 0.0) == 1.0
    assert lr_factor_at_fraction("linear", 0.5, 1.0) == pytest.approx(0.5)
    # The same shape as the steps clock at the same fraction of the run (200 steps, 20 warming up).
    for schedule in ("linear", "cosine", "constant"):
        for step in (0, 7, 20, 61, 150, 199):
            assert lr_factor_at_fraction(schedule, step / 200, 0.1) == pytest.approx(lr_factor(schedule, step, 200, 20), abs=1e-12)


def run_events(spec: dict[str, Any]) -> list[dict[str, Any]]:
    stream = io.StringIO()
    assert run(spec, EventWriter(stream)) == 0
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_seconds_clock_run_sets_each_steps_lr_from_the_elapsed_fraction(tmp_path: Path) -> None:
    spec = make_spec(tmp_path, "encoder", "red", {}, steps=6, lr=0.01)
    # A budget far longer than the 6 steps: with the step clock, warmup would end at step 3 and the lr reach 0.01.
    spec["training"].update({"secondsBudget": 1000.0, "lrClock": "seconds", "warmupRatio": 0.5, "schedule": "linear"})
    steps = [e for e in run_events(spec) if e["type"] == "step"]
    assert len(steps) == 6
    elapsed_before = [0.0] + [e["elapsedSeconds"] for e in steps[:-1]]
    for event, before in zip(steps, elapsed_before):
        assert event["lr"] == pytest.approx(0.01 * lr_factor_at_fraction("linear", before / 1000.0, 0.5), abs=1e-10), (event, before)
    assert max(e["lr"] for e in steps) < 1e-3


def test_a_seconds_clock_needs_a_seconds_budget(tmp_path: Path) -> None:
    spec = make_spec(tmp_path, "encoder", "red", {}, steps=2)
    spec["training"]["lrClock"] = "seconds"
    with pytest.raises(RuntimeError, match="without a secondsBudget"):
        run_events(spec)
