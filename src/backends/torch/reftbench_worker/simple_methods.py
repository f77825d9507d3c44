"""Baselines done by hand: bitfit (train only the base model's biases), full fine-tuning (every
base weight) and red (representation editing: per intervened layer a learned scale s and bias b
on the block output, h ↦ s ⊙ h + b with s = 1, b = 0 at the start: 2d per layer)."""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.hooks import RemovableHandle

from .blocks import find_blocks
from .errors import WorkerUserError


def apply_bitfit(model: nn.Module) -> list[nn.Parameter]:
    """Marks the base model's bias vectors (linear and norm biases) trainable, everything else frozen."""
    trained: list[nn.Parameter] = []
    for name, p in model.named_parameters():
        is_bias = name.endswith(".bias")
        p.requires_grad_(is_bias)
        if is_bias:
            trained.append(p)
    if not trained:
        raise WorkerUserError("run spec /method/kind is 'bitfit' but this model has no bias parameters (LLaMA-style models have none). Pick another method.")
    return trained


def apply_full(model: nn.Module) -> list[nn.Parameter]:
    """Every base parameter trainable."""
    for p in model.parameters():
        p.requires_grad_(True)
    return list(model.parameters())


class RedModule(nn.Module):
    """RED's scale and bias per layer, applied by forward hooks on the block outputs."""

    def __init__(self, model: nn.Module, num_layers: int, hidden: int, layers: tuple[int, ...], dtype: torch.dtype) -> None:
        super().__init__()
        self.scale = nn.ParameterDict({str(l): nn.Parameter(torch.ones(hidden, dtype=dtype)) for l in layers})
        self.bias = nn.ParameterDict({str(l): nn.Parameter(torch.zeros(hidden, dtype=dtype)) for l in layers})
        blocks = find_blocks(model, num_layers)
        self._handles: list[RemovableHandle] = [blocks[l].register_forward_hook(self._hook(str(l))) for l in layers]

    def _hook(self, key: str):
        def hook(_m: nn.Module, _i: object, output: object) -> object:
            h = output[0] if isinstance(output, tuple) else output
            assert isinstance(h, torch.Tensor)
            edited = h * self.scale[key] + self.bias[key]
            return (edited, *output[1:]) if isinstance(output, tuple) else edited

        return hook

    def remove(self) -> None:
        for handle in self._handles:
            handle.remove()
