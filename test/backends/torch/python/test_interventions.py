"""Each ReFT intervention equals its closed form (the issue's table) on random tensors; counts;
R stays orthonormal over 200 optimizer steps; dropout acts on the whole output as in pyreft."""

from __future__ import annotations

import pytest
import torch

from reftbench_worker.interventions import REFT_KINDS, count_trainable, make_intervention
from reftbench_worker.optim import adamw_param_groups
from reftbench_worker.reft import _public_params

D, R = 24, 4


def closed_form(kind: str, p: dict[str, torch.Tensor], h: torch.Tensor) -> torch.Tensor:
    """Φ(h) written from the table, with R as the (r, d) matrix of orthonormal rows."""
    h = h.double()
    get = lambda name: p[name].double()  # noqa: E731
    if kind in ("loreft", "direft", "consreft", "lobireft"):
        Rm = get("rotate").T  # (r, d)
    if kind == "loreft":
        return h + (h @ get("source.weight").T + get("source.bias") - h @ Rm.T) @ Rm
    if kind == "noreft":
        W2 = get("proj.weight")
        return h + (h @ get("source.weight").T + get("source.bias") - h @ W2.T) @ W2
    if kind == "direft":
        return h + (h @ get("source.weight").T + get("source.bias")) @ Rm
    if kind == "nodireft":
        return h + (h @ get("source.weight").T + get("source.bias")) @ get("proj.weight")
    if kind == "consreft":
        return h + (get("bias") - h @ Rm.T) @ Rm
    if kind == "lobireft":
        return h + get("bias") @ Rm
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", REFT_KINDS)
def test_forward_equals_closed_form(kind: str) -> None:
    torch.manual_seed(0)
    module = make_intervention(kind, D, R)  # type: ignore[arg-type]
    with torch.no_grad():  # non-trivial values for every parameter
        for name, value in _public_params(module).items():
            if name != "rotate":
                value.copy_(torch.randn_like(value))
    h = torch.randn(5, 3, D)
    got = module(h).double()
    want = closed_form(kind, _public_params(module), h)
    assert torch.allclose(got, want, atol=1e-5), (got - want).abs().max()


@pytest.mark.parametrize("kind", REFT_KINDS)
def test_parameter_count_matches_the_table(kind: str) -> None:
    module = make_intervention(kind, D, R)  # type: ignore[arg-type]
    assert sum(v.numel() for v in _public_params(module).values()) == count_trainable(kind, D, R)  # type: ignore[arg-type]
    assert count_trainable(kind, D, R) == (D * R + R if kind in ("consreft", "lobireft") else 2 * D * R + R)  # type: ignore[arg-type]


def test_published_counts() -> None:
    # LoReFT r=1 on the 12 layers of RoBERTa-base; LLaMA-7B r=8 on 32 layers, tied.
    assert 12 * count_trainable("loreft", 768, 1) == 18_444
    assert 32 * count_trainable("loreft", 4096, 8) == 2_097_408
    # Llama-2-7B layers 3;9;18;24, r=4, f5+l5 untied: two interventions per layer.
    assert 4 * 2 * count_trainable("loreft", 4096, 4) == 262_176


@pytest.mark.parametrize("kind", ["loreft", "direft", "consreft", "lobireft"])
def test_rotation_stays_orthonormal_over_200_steps(kind: str) -> None:
    torch.manual_seed(1)
    module = make_intervention(kind, D, R)  # type: ignore[arg-type]
    # With weight decay on (the worker's groups keep it off R's parametrization base).
    optimizer = torch.optim.AdamW(adamw_param_groups(dict(module.named_parameters()), 0.01), lr=5e-2)
    target = torch.randn(16, D)
    h = torch.randn(16, D)
    worst = 0.0
    for _ in range(200):
        loss = ((module(h) - target) ** 2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        rot = module.rotation()
        assert rot is not None
        worst = max(worst, float((rot.T @ rot - torch.eye(R)).abs().max().detach()))
    assert worst < 1e-5, worst


def test_plain_weight_decay_on_the_parametrization_collapses_r() -> None:
    """Why optim.py exists: decaying the Householder base truncates its ±1 signs to 0."""
    torch.manual_seed(1)
    module = make_intervention("loreft", D, R)
    optimizer = torch.optim.AdamW(module.parameters(), lr=5e-2, weight_decay=0.01)
    h = torch.randn(4, D)
    ((module(h) - h) ** 2).mean().backward()
    optimizer.step()
    assert float(module.rotation().abs().max().detach()) == 0.0


def test_rotation_actually_moves_when_trained() -> None:
    torch.manual_seed(2)
    module = make_intervention("loreft", D, R)
    before = module.rotation().detach().clone()
    optimizer = torch.optim.AdamW(module.parameters(), lr=5e-2)
    h, target = torch.randn(16, D), torch.randn(16, D)
    for _ in range(20):
        ((module(h) - target) ** 2).mean().backward()
        optimizer.step()
        optimizer.zero_grad()
    assert (module.rotation() - before).abs().max() > 1e-3


def test_dropout_applies_to_the_whole_intervened_output() -> None:
    torch.manual_seed(3)
    module = make_intervention("nodireft", D, R, dropout=0.5)
    with torch.no_grad():
        module.proj.weight.zero_()  # Φ(h) = h, so any zero comes from dropout on the output
    h = torch.rand(64, D) + 1.0
    module.train()
    out = module(h)
    zeros = out == 0
    assert zeros.any() and (~zeros).any()
    assert torch.allclose(out[~zeros], 2 * h[~zeros])
    module.eval()
    assert torch.equal(module(h), h)


def test_rank_larger_than_hidden_is_rejected() -> None:
    with pytest.raises(ValueError, match="exceeds the hidden size"):
        make_intervention("loreft", 4, 8)
