"""The worker's interventions against pyreft 0.1.0's own classes (pyreft/interventions.py, run
with pyvene 0.1.8), with identical weights: outputs and input gradients within 1e-5.

pyreft and pyvene live in .venv/pyreft-ref/ (scripts/setup-torch.sh installs them with
--no-deps); pyreft's package __init__ needs `datasets` and its trainer stack, so its
interventions module is loaded by file path, which imports only torch, pyvene and transformers.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import torch

from conftest import ROOT
from reftbench_worker.interventions import REFT_KINDS, make_intervention

REF_DIR = ROOT / ".venv" / "pyreft-ref"
PYREFT_CLASSES = {
    "loreft": "LoreftIntervention", "noreft": "NoreftIntervention", "direft": "DireftIntervention",
    "nodireft": "NodireftIntervention", "consreft": "ConsreftIntervention", "lobireft": "LobireftIntervention",
}
D, R = 20, 3


@pytest.fixture(scope="module")
def pyreft() -> ModuleType:
    path = REF_DIR / "pyreft" / "interventions.py"
    if not path.is_file():
        pytest.skip(f"pyreft reference not installed at {REF_DIR}; run `npm run setup:torch`")
    sys.path.insert(0, str(REF_DIR))
    spec = importlib.util.spec_from_file_location("pyreft_interventions_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _copy_into_pyreft(kind: str, ours: torch.nn.Module, theirs: torch.nn.Module) -> None:
    with torch.no_grad():
        if hasattr(ours, "rotate"):
            theirs.rotate_layer.weight = ours.rotate.weight.detach().clone()  # right_inverse of the parametrization
        if hasattr(ours, "source"):
            theirs.learned_source.weight.copy_(ours.source.weight)
            theirs.learned_source.bias.copy_(ours.source.bias)
        if hasattr(ours, "proj"):
            theirs.proj_layer.weight.copy_(ours.proj.weight)
        if kind in ("consreft", "lobireft"):
            theirs.learned_source.copy_(ours.bias)


@pytest.mark.parametrize("kind", REFT_KINDS)
def test_outputs_and_gradients_equal_pyreft(kind: str, pyreft: ModuleType) -> None:
    torch.manual_seed(11)
    ours = make_intervention(kind, D, R)  # type: ignore[arg-type]
    with torch.no_grad():
        for name in ("source", "proj"):
            if hasattr(ours, name):
                for p in getattr(ours, name).parameters():
                    p.copy_(torch.randn_like(p))
        if hasattr(ours, "bias") and isinstance(ours.bias, torch.nn.Parameter):
            ours.bias.copy_(torch.randn_like(ours.bias))
    cls = getattr(pyreft, PYREFT_CLASSES[kind])
    theirs = cls(embed_dim=D, low_rank_dimension=R, dtype=torch.float32, dropout=0.0, act_fn=None, add_bias=False)
    _copy_into_pyreft(kind, ours, theirs)
    if hasattr(ours, "rotate"):
        assert torch.allclose(theirs.rotate_layer.weight, ours.rotate.weight, atol=1e-6)
    ours.eval()
    theirs.eval()

    h = torch.randn(6, 4, D, requires_grad=True)
    weights = torch.randn(6, 4, D)  # a random linear loss, so gradients stay O(1)
    out_ours = ours(h)
    (grad_ours,) = torch.autograd.grad((out_ours * weights).sum(), h)
    out_theirs = theirs(h)
    (grad_theirs,) = torch.autograd.grad((out_theirs * weights).sum(), h)
    assert (out_ours - out_theirs).abs().max() < 1e-5
    # float32 rounding of values up to ~30: 1e-5 relative to the gradient's scale
    assert (grad_ours - grad_theirs).abs().max() < 1e-5 * max(1.0, float(grad_theirs.abs().max()))


def test_pyreft_trainable_counts_match(pyreft: ModuleType) -> None:
    """pyreft's parameter count per intervention (R counted by its parametrization base) equals ours."""
    for kind in REFT_KINDS:
        theirs = getattr(pyreft, PYREFT_CLASSES[kind])(embed_dim=D, low_rank_dimension=R, dtype=torch.float32, add_bias=False)
        ours = make_intervention(kind, D, R)  # type: ignore[arg-type]
        count = lambda m: sum(p.numel() for p in m.parameters() if p.requires_grad)  # noqa: E731
        assert count(theirs) == count(ours), kind
