"""Applies a ReFT method to a frozen transformers model: one intervention per (layer, group),
run as a forward hook on the block's output (the residual stream after the block) at the slots
of the current batch.

Trainable parameters are named `layers.<l>.<g>.<param>` (g = 0 for tied, 0/1 for untied
first/last), e.g. `layers.3.0.rotate` or `layers.3.1.source.weight`; `named_reft_params` and
`load_reft_params` use these names, so an initParams safetensors file written by another engine
can set every value. For the orthonormal kinds R (`rotate`, d×r) is torch's orthogonal
parametrization; `reft_parametrization` names its state, `rotate.original` (X, d×r, what AdamW
updates) and `rotate.base` (the fixed d×d base), so that another engine can start from, and train,
exactly the same tensors (docs/parity.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.hooks import RemovableHandle

from .blocks import find_blocks
from .interventions import ActName, ReftIntervention, ReftKind, make_intervention
from .positions import PositionSpec, SlotGroup, groups_per_layer, slot_groups


@dataclass(frozen=True)
class ReftSettings:
    kind: ReftKind
    rank: int
    layers: tuple[int, ...]
    positions: PositionSpec
    tied: bool
    dropout: float = 0.0
    act: ActName = "identity"


def _replace_slots(h: torch.Tensor, group: SlotGroup, intervention: ReftIntervention) -> torch.Tensor:
    """h (B, T, d) with Φ applied at the group's real slots. Padding slots write nothing: the
    new values are scattered with scatter_add (pad slots add exact zeros) and selected with a
    position mask, which is exact and deterministic even when pad slots share an index."""
    d = h.shape[-1]
    index = group.index.unsqueeze(-1).expand(-1, -1, d)
    mask = group.mask.to(h.dtype)
    selected = h.gather(1, index)
    edited = intervention(selected) * mask.unsqueeze(-1)
    placed = torch.zeros_like(h).scatter_add(1, index, edited)
    hit = torch.zeros(h.shape[:2], dtype=h.dtype, device=h.device).scatter_add(1, group.index, mask) > 0
    return torch.where(hit.unsqueeze(-1), placed, h)


class ReftModule(nn.Module):
    """Holds the interventions and the hooks that apply them; set `current` before each forward."""

    def __init__(self, model: nn.Module, num_layers: int, hidden: int, settings: ReftSettings, dtype: torch.dtype) -> None:
        super().__init__()
        self.settings = settings
        self.num_groups = groups_per_layer(settings.positions, settings.tied)
        self.layers = nn.ModuleDict()
        for layer in settings.layers:
            if layer >= num_layers:
                raise ValueError(f"layer {layer} does not exist (the model has {num_layers})")
            self.layers[str(layer)] = nn.ModuleList(
                make_intervention(settings.kind, hidden, settings.rank, settings.dropout, settings.act, dtype) for _ in range(self.num_groups)
            )
        self.current: list[SlotGroup] | None = None
        self._handles: list[RemovableHandle] = []
        blocks = find_blocks(model, num_layers)
        for layer in settings.layers:
            self._handles.append(blocks[layer].register_forward_hook(self._hook(str(layer))))

    def set_batch(self, attention_mask: torch.Tensor, prompt_lengths: torch.Tensor | None = None) -> None:
        """Computes this batch's slots from its padding mask (and prompt lengths for causal LM)."""
        self.current = slot_groups(attention_mask, self.settings.positions, self.settings.tied, prompt_lengths)

    def _hook(self, key: str):
        def hook(_module: nn.Module, _inputs: object, output: object) -> object:
            if self.current is None:
                raise RuntimeError("ReftModule.set_batch was not called before the forward pass")
            h = output[0] if isinstance(output, tuple) else output
            assert isinstance(h, torch.Tensor)
            for group, intervention in zip(self.current, self.layers[key]):
                h = _replace_slots(h, group, intervention)  # type: ignore[arg-type]
            if isinstance(output, tuple):
                return (h, *output[1:])
            return h

        return hook

    def remove(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles.clear()

    def named_reft_params(self) -> dict[str, torch.Tensor]:
        """Current values by stable name (R as its orthonormal value, not the parametrization's base)."""
        out: dict[str, torch.Tensor] = {}
        for layer, group_list in self.layers.items():
            for g, intervention in enumerate(group_list):  # type: ignore[arg-type]
                prefix = f"layers.{layer}.{g}."
                for name, value in _public_params(intervention).items():
                    out[prefix + name] = value
        return out

    def reft_parametrization(self) -> dict[str, torch.Tensor]:
        """The orthogonal parametrization's state by stable name: `layers.<l>.<g>.rotate.original`
        (X, d×r) and `layers.<l>.<g>.rotate.base` (d×d), for the orthonormal kinds only."""
        out: dict[str, torch.Tensor] = {}
        for layer, group_list in self.layers.items():
            for g, intervention in enumerate(group_list):  # type: ignore[arg-type]
                for name, value in _parametrization_state(intervention).items():
                    out[f"layers.{layer}.{g}.{name}"] = value
        return out

    def load_reft_params(self, values: dict[str, torch.Tensor]) -> None:
        """Sets every intervention parameter from `values` (all names must be present; R either as
        `rotate` or as its parametrization's `rotate.original` + `rotate.base`)."""
        for layer, group_list in self.layers.items():
            for g, intervention in enumerate(group_list):  # type: ignore[arg-type]
                prefix = f"layers.{layer}.{g}."
                _load_public_params(intervention, {k[len(prefix):]: v for k, v in values.items() if k.startswith(prefix)}, prefix)


def _public_params(intervention: nn.Module) -> dict[str, torch.Tensor]:
    out: dict[str, torch.Tensor] = {}
    if hasattr(intervention, "rotate"):
        out["rotate"] = intervention.rotate.weight.detach()
    for name in ("source", "proj"):
        sub = getattr(intervention, name, None)
        if isinstance(sub, nn.Linear):
            out[f"{name}.weight"] = sub.weight.detach()
            if sub.bias is not None:
                out[f"{name}.bias"] = sub.bias.detach()
    bias = getattr(intervention, "bias", None)
    if isinstance(bias, nn.Parameter):
        out["bias"] = bias.detach()
    return out


def _parametrization_state(intervention: nn.Module) -> dict[str, torch.Tensor]:
    """X (`rotate.original`) and the base (`rotate.base`) of an orthonormal kind's R; {} otherwise."""
    if not hasattr(intervention, "rotate"):
        return {}
    param = intervention.rotate.parametrizations.weight
    return {"rotate.original": param.original.detach(), "rotate.base": param[0].base.detach()}


def _load_public_params(intervention: nn.Module, values: dict[str, torch.Tensor], prefix: str) -> None:
    expected = _public_params(intervention)
    state = _parametrization_state(intervention)
    given_state = sorted(set(state) & set(values))
    if given_state and len(given_state) != len(state):
        raise ValueError(f"initParams has {prefix}{given_state[0]} without {', '.join(prefix + m for m in sorted(set(state) - set(values)))}")
    required = set(expected) - ({"rotate"} if given_state else set())
    missing = sorted(required - set(values))
    if missing:
        raise ValueError(f"initParams lacks {', '.join(prefix + m for m in missing)}")
    with torch.no_grad():
        for name, current in {**expected, **(state if given_state else {})}.items():
            if name not in values:
                continue
            value = values[name]
            if tuple(value.shape) != tuple(current.shape):
                raise ValueError(f"initParams {prefix}{name} has shape {tuple(value.shape)}, expected {tuple(current.shape)}")
            if name == "rotate" and not given_state:
                intervention.rotate.weight = value.to(torch.float32)  # right_inverse: X = −I, a random base
            elif name != "rotate":
                current.copy_(value.to(current.dtype))  # X and the base in place: R = base @ H(X) exactly
        if given_state and "rotate" in values:
            rotation = intervention.rotate.weight
            if not torch.allclose(rotation, values["rotate"].to(rotation.dtype), atol=1e-5):
                gap = (rotation - values["rotate"].to(rotation.dtype)).abs().max().item()
                raise ValueError(f"initParams {prefix}rotate differs from base @ H(original) by {gap:.2e}: write matching values, or leave rotate out")


def reft_trainable(reft: ReftModule) -> int:
    """Trainable parameters of the ReFT method (R counted as d·r, as in the table; its
    parametrization's X has the same size and the fixed base is not trained)."""
    return sum(v.numel() for v in reft.named_reft_params().values())
