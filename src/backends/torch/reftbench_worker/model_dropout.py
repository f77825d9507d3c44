"""The run spec's `dropout` (schemas/run-spec.schema.json, ModelDropout): the frozen base model's
hidden dropout and the shared task head's, 0 when absent, applied where the ort engine applies
them (src/backends/ort/models/encoder.ts): on the embeddings' output and each attention and FFN
output before its residual add (BERT/RoBERTa's hidden_dropout_prob sites), and in the head.
Attention-probability dropout is always off, whatever config.json says, because the ort engine
has none. LLaMA blocks have no hidden dropout, so a decoder spec must leave it 0. The masks come
from torch's generator, seeded with the run's seed (run.configure_determinism)."""

from __future__ import annotations

from typing import Any

from torch import nn

from .errors import WorkerUserError


def spec_dropout(spec: dict[str, Any]) -> tuple[float, float]:
    """(hidden, head) dropout probabilities of a run spec."""
    dropout = spec.get("dropout") or {}
    return float(dropout.get("hidden", 0.0)), float(dropout.get("head", 0.0))


def apply_model_dropout(base: nn.Module, family: str, hidden: float) -> None:
    """Sets every dropout of the loaded base model: `hidden` at the hidden sites, 0 on attention
    probabilities (and for decoders everywhere). Call before a method adds its own dropouts."""
    if family == "decoder" and hidden > 0:
        raise WorkerUserError(f"run spec /dropout/hidden is {hidden}, but LLaMA blocks have no hidden dropout (only encoders do). Set it to 0 for decoder models.")
    for name, module in base.named_modules():
        if isinstance(module, nn.Dropout):
            # BERT/RoBERTa self-attention keeps its probability dropout at `attention.self.dropout`.
            module.p = 0.0 if family == "decoder" or name.endswith("self.dropout") else hidden
        if hasattr(module, "attention_dropout") and isinstance(module.attention_dropout, float):
            module.attention_dropout = 0.0  # LLaMA attention's probability dropout
