"""scripts/gpu_bench.py at its tiny CPU size: every method row is measured, counted and written
(the check that the one-shot GPU run will not trip over its own code)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def load_bench():
    spec = importlib.util.spec_from_file_location("gpu_bench", ROOT / "scripts" / "gpu_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gpu_bench"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_tiny_run_writes_json_and_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUT", str(tmp_path))
    bench = load_bench()
    assert bench.main(["--tiny"]) == 0
    data = json.loads((tmp_path / "gpu-bench.json").read_text())
    rows = {r["method"]: r for r in data["rows"]}
    assert list(rows) == ["loreft", "loreft-top4", "nodireft", "lora-qv", "lora-all", "dora-qv", "full"]
    assert all(r["error"] == "" and r["timed_steps"] >= 1 and r["tokens_per_s"] > 0 for r in rows.values())
    # r=8 on the 2 layers of hidden size 64; LoRA r=8 on q (64→64) and v (64→32) of 2 layers.
    assert rows["loreft"]["trainable_params"] == 2 * (2 * 64 * 8 + 8)
    assert rows["lora-qv"]["trainable_params"] == 2 * 8 * ((64 + 64) + (64 + 32))
    assert rows["full"]["trainable_params"] == rows["full"]["base_params"]
    # The FLOPs model's ordering: ReFT skips block 0's backward and every weight gradient.
    predicted = {m: r["predicted_flops_per_step"] for m, r in rows.items()}
    assert predicted["loreft"] < predicted["lora-qv"] < predicted["lora-all"] < predicted["full"]
    # The tiny model has 2 layers, so "top 4" is every layer: the same prediction as loreft.
    assert predicted["loreft-top4"] == predicted["loreft"]
    # The model within 25% of what torch counts (attention products are left out of the model).
    for r in rows.values():
        assert 0.75 < r["predicted_flops_per_step"] / r["counted_flops_per_step"] <= 1.0, r["method"]
    table = (tmp_path / "gpu-bench.md").read_text()
    assert "| loreft | r=8, all layers, f7+l7, tied | 2 × 32 |" in table


def test_unknown_method_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUT", str(tmp_path))
    assert load_bench().main(["--tiny", "--methods", "loreft,qlora"]) == 2
