"""AdamW parameter groups. Weight decay never touches the base of an orthogonal
parametrization (ReFT's R): torch's Householder parametrization keeps the column signs as ±1
on the base's diagonal and reads them with `.int()`, so decoupled weight decay shrinking
-1 to -0.9995 truncates them to 0 and R collapses to the zero matrix after one step. Decaying
an orthonormal matrix is meaningless anyway; its norm is fixed."""

from __future__ import annotations

from typing import Any

from torch import nn


def is_orthogonal_base(name: str) -> bool:
    return ".parametrizations." in f".{name}"


def adamw_param_groups(named: dict[str, nn.Parameter], weight_decay: float) -> list[dict[str, Any]]:
    """One group with the given decay, one with none for the orthogonal bases (empty groups dropped)."""
    decayed = [p for n, p in named.items() if not is_orthogonal_base(n)]
    free = [p for n, p in named.items() if is_orthogonal_base(n)]
    groups = [{"params": decayed, "weight_decay": weight_decay}, {"params": free, "weight_decay": 0.0}]
    return [g for g in groups if g["params"]]
