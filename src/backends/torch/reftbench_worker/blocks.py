"""Finds the transformer blocks of a transformers model (LLaMA, BERT, RoBERTa, wrapped or not)."""

from __future__ import annotations

from torch import nn


def find_blocks(model: nn.Module, num_layers: int) -> nn.ModuleList:
    """The ModuleList of the model's `num_layers` blocks (`model.layers`, `encoder.layer`, ...),
    found by name so that peft wrappers and task heads around the base model do not matter."""
    for name, module in model.named_modules():
        if isinstance(module, nn.ModuleList) and len(module) == num_layers and name.split(".")[-1] in ("layers", "layer", "h"):
            return module
    raise ValueError(f"no list of {num_layers} transformer blocks found in {type(model).__name__}")
