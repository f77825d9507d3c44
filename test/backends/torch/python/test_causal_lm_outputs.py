"""What the worker reports for causal-LM tasks: per-example NLL sums next to the token counts (the
TypeScript side computes loss and perplexity from them), and greedy generations when exact_match
needs them (dev only when selection does), with ReFT intervening on prompt positions only."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest

from conftest import make_spec, run_worker

REFT = {"rank": 2, "layers": [0, 1, 2], "positions": "f1+l1", "tied": False, "dropout": 0.0, "act": "identity"}
GENERATION = {"maxNewTokens": 3, "extract": "full"}


def exact_match_task(spec: dict, select_exact: bool) -> dict:
    metrics = [{"name": "exact_match", "direction": "max"}, {"name": "loss", "direction": "min"}]
    spec["task"].update({"metrics": metrics, "selectionMetric": metrics[0 if select_exact else 1], "generation": GENERATION})
    return spec


def test_nll_sums_and_token_counts_per_example(tmp_path: Path, events_validator) -> None:
    code, events, stderr = run_worker(tmp_path, make_spec(tmp_path, "decoder", "loreft", REFT, task="causal_lm", steps=2, test_split=True))
    assert code == 0, stderr
    for event in events:
        events_validator.validate(event)
    end = events[-1]
    assert [p["split"] for p in end["predictions"]] == ["dev", "test"]
    for p in end["predictions"]:
        assert len(p["nllSums"]) == len(p["tokens"]) == len(p["predicted"])
        assert all(t == 3 for t in p["tokens"]), "the three response tokens are scored, the prompt is not"
        for nll, tokens, mean in zip(p["nllSums"], p["tokens"], p["predicted"]):
            assert nll > 0 and math.isclose(nll, mean * tokens, rel_tol=1e-6)
        assert "generated" not in p, "no exact_match: nothing is generated"


def test_generations_for_test_and_not_for_dev_when_selection_uses_loss(tmp_path: Path, events_validator) -> None:
    spec = exact_match_task(make_spec(tmp_path, "decoder", "loreft", REFT, task="causal_lm", steps=2, test_split=True), False)
    code, events, stderr = run_worker(tmp_path, spec)
    assert code == 0, stderr
    end = events[-1]
    events_validator.validate(end)
    by_split = {p["split"]: p for p in end["predictions"]}
    assert "generated" not in by_split["dev"]
    generated = by_split["test"]["generated"]
    assert len(generated) == len(by_split["test"]["predicted"])
    assert all(1 <= len(ids) <= GENERATION["maxNewTokens"] for ids in generated)


def test_generation_intervenes_on_prompt_positions_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reftbench_worker import reft
    from reftbench_worker.events import EventWriter
    from reftbench_worker.run import run

    seen: list[tuple[int, list[int], list[list[int]]]] = []
    original = reft.ReftModule.set_batch

    def recording(self, attention_mask, prompt_lengths=None):  # type: ignore[no-untyped-def]
        original(self, attention_mask, prompt_lengths)
        assert prompt_lengths is not None, "causal-LM batches always carry prompt lengths"
        slots = [[int(i) for g in self.current for i, m in zip(g.index[row], g.mask[row]) if m > 0] for row in range(attention_mask.shape[0])]
        seen.append((attention_mask.shape[1], prompt_lengths.tolist(), slots))

    monkeypatch.setattr(reft.ReftModule, "set_batch", recording)
    spec = exact_match_task(make_spec(tmp_path, "decoder", "loreft", REFT, task="causal_lm", steps=1, test_split=True), True)
    out = io.StringIO()
    assert run(spec, EventWriter(out)) == 0
    end = json.loads(out.getvalue().splitlines()[-1])
    assert end["type"] == "end"
    assert all("generated" in p for p in end["predictions"]), "selection on exact_match: dev is generated too"
    longest_prompt = max(max(p) for _, p, _ in seen)
    assert any(width > longest_prompt for width, _, _ in seen), "generation steps see sequences longer than their prompts"
    for _, prompts, slots in seen:
        for prompt, row in zip(prompts, slots):
            assert row == sorted({0, prompt - 1}), f"slots {row} for a prompt of {prompt} tokens"
