"""The ReFT positions rule from the shared table (test/fixtures/positions/pyreft-rule.json, also read
by test/methods/position-rule.test.ts): the worker's slot groups give exactly the table's first and
last positions of a prompt, and — when the pyreft reference is installed — so does pyreft's own
get_intervention_locations (compiled from its source: pyreft/dataset.py imports `datasets`)."""

from __future__ import annotations

import ast
import json

import pytest
import torch

from conftest import ROOT
from reftbench_worker.positions import parse_positions, slot_groups

TABLE = json.loads((ROOT / "test" / "fixtures" / "positions" / "pyreft-rule.json").read_text(encoding="utf-8"))["cases"]
PYREFT_DATASET = ROOT / ".venv" / "pyreft-ref" / "pyreft" / "dataset.py"


@pytest.mark.parametrize("case", TABLE, ids=lambda c: f"{c['positions']}@{c['length']}")
def test_worker_slots_follow_the_table(case: dict) -> None:
    spec = parse_positions(case["positions"])
    length, first, last = case["length"], case["first"], case["last"]
    # The prompt is the first `length` of 50 real tokens: the response after it is never intervened on.
    mask = torch.ones((1, 50), dtype=torch.long)
    for tied in (True, False):
        groups = slot_groups(mask, spec, tied, prompt_lengths=torch.tensor([length]))
        slots = sorted(int(i) for g in groups for i, m in zip(g.index[0], g.mask[0]) if m > 0)
        assert slots == list(range(first)) + list(range(length - last, length)), f"tied={tied}"


@pytest.mark.parametrize("case", TABLE, ids=lambda c: f"{c['positions']}@{c['length']}")
def test_pyreft_itself_follows_the_table(case: dict) -> None:
    if not PYREFT_DATASET.is_file():
        pytest.skip(f"pyreft reference not installed at {PYREFT_DATASET.parent}; run `npm run setup:torch`")
    tree = ast.parse(PYREFT_DATASET.read_text(encoding="utf-8"))
    wanted = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in ("parse_positions", "get_intervention_locations")]
    assert len(wanted) == 2
    namespace: dict = {}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(PYREFT_DATASET), "exec"), namespace)
    locations = namespace["get_intervention_locations"](last_position=case["length"], positions=case["positions"], num_interventions=2, share_weights=True)
    real = sorted({p for p in locations[0] if p >= 0})
    assert real == list(range(case["first"])) + list(range(case["length"] - case["last"], case["length"]))


def test_a_bad_positions_text_is_refused() -> None:
    with pytest.raises(ValueError, match="is not f<n>"):
        parse_positions("l3+f3")
