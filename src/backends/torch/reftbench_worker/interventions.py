"""The ReFT family of interventions, with exactly pyreft 0.1.0's math (pyreft/interventions.py).

Each class maps a batch of hidden states h (…, d) at the intervened positions to Φ(h) (…, d).
d = hidden size, r = rank. R is a (d, r) matrix with orthonormal columns (so Rᵀ has orthonormal
rows), kept orthonormal at every step by torch's differentiable orthogonal parametrization, as
pyreft does. W₁, W₂ are plain (r, d) linear maps, b a bias of size r. Dropout, as in pyreft, is
applied to the whole intervened output Φ(h), not only to the edit.

| kind     | Φ(h)                          | trainable |
|----------|-------------------------------|-----------|
| loreft   | h + Rᵀ(act(Wh + b) − Rh)      | 2dr + r   |
| noreft   | h + W₂ᵀ(act(W₁h + b) − W₂h)   | 2dr + r   |
| direft   | h + Rᵀ act(Wh + b)            | 2dr + r   |
| nodireft | h + W₂ᵀ act(W₁h + b)          | 2dr + r   |
| consreft | h + Rᵀ(b − Rh)                | dr + r    |
| lobireft | h + Rᵀb                       | dr + r    |

Parameter names are stable (they are the keys of an initParams safetensors file, prefixed by the
intervention's place, see reft.py): `rotate` (d, r) for R, `source.weight` (r, d) / `source.bias`
(r) for W and b, `proj` (r, d) for W₂, `bias` (r) for consreft/lobireft's b.
"""

from __future__ import annotations

from typing import Callable, Literal

import torch
from torch import nn
from torch.nn.utils import parametrizations

ReftKind = Literal["loreft", "noreft", "direft", "nodireft", "consreft", "lobireft"]
ActName = Literal["identity", "relu", "gelu", "silu", "tanh"]
REFT_KINDS: tuple[ReftKind, ...] = ("loreft", "noreft", "direft", "nodireft", "consreft", "lobireft")

_ACTS: dict[ActName, Callable[[torch.Tensor], torch.Tensor]] = {
    "identity": lambda x: x,
    "relu": torch.relu,
    "gelu": nn.functional.gelu,
    "silu": nn.functional.silu,
    "tanh": torch.tanh,
}


class _Rotation(nn.Module):
    """Holds R as a (d, r) float32 matrix (float32 whatever the model dtype, as in pyreft)."""

    def __init__(self, d: int, r: int) -> None:
        super().__init__()
        if r > d:
            raise ValueError(f"rank {r} exceeds the hidden size {d}")
        weight = torch.empty(d, r, dtype=torch.float32)
        nn.init.orthogonal_(weight)
        self.weight = nn.Parameter(weight)


def _orthonormal_rotation(d: int, r: int) -> nn.Module:
    """R with orthonormal columns at every step: torch's orthogonal parametrization (Householder
    for a tall matrix), as pyreft does. Assigning `module.weight = Q` loads a given orthonormal Q."""
    return parametrizations.orthogonal(_Rotation(d, r))


class ReftIntervention(nn.Module):
    """Base class: one intervention Φ at one place; subclasses give `edit`."""

    kind: ReftKind

    def __init__(self, d: int, r: int, dropout: float) -> None:
        super().__init__()
        self.d = d
        self.r = r
        self.dropout = nn.Dropout(dropout)

    def edit(self, h: torch.Tensor) -> torch.Tensor:
        """The intervened output Φ(h) before dropout."""
        raise NotImplementedError

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return self.dropout(self.edit(h).to(h.dtype))

    def rotation(self) -> torch.Tensor | None:
        """R (d, r) for the orthonormal kinds, None for the others."""
        return None


class LoReFT(ReftIntervention):
    """Φ(h) = h + Rᵀ(act(Wh + b) − Rh), R orthonormal."""

    kind: ReftKind = "loreft"

    def __init__(self, d: int, r: int, dropout: float = 0.0, act: ActName = "identity", dtype: torch.dtype = torch.float32) -> None:
        super().__init__(d, r, dropout)
        self.rotate = _orthonormal_rotation(d, r)
        self.source = nn.Linear(d, r, dtype=dtype)
        self.act = _ACTS[act]

    def rotation(self) -> torch.Tensor:
        return self.rotate.weight

    def edit(self, h: torch.Tensor) -> torch.Tensor:
        rot = self.rotation()
        return h + (self.act(self.source(h)) - h.to(rot.dtype) @ rot) @ rot.T


class NoReFT(ReftIntervention):
    """Φ(h) = h + W₂ᵀ(act(W₁h + b) − W₂h), no orthonormality."""

    kind: ReftKind = "noreft"

    def __init__(self, d: int, r: int, dropout: float = 0.0, act: ActName = "identity", dtype: torch.dtype = torch.float32) -> None:
        super().__init__(d, r, dropout)
        self.proj = nn.Linear(d, r, bias=False, dtype=dtype)
        self.source = nn.Linear(d, r, dtype=dtype)
        self.act = _ACTS[act]

    def edit(self, h: torch.Tensor) -> torch.Tensor:
        return h + (self.act(self.source(h)) - self.proj(h)) @ self.proj.weight


class DiReFT(ReftIntervention):
    """Φ(h) = h + Rᵀ act(Wh + b), R orthonormal (pyreft's DireftIntervention)."""

    kind: ReftKind = "direft"

    def __init__(self, d: int, r: int, dropout: float = 0.0, act: ActName = "identity", dtype: torch.dtype = torch.float32) -> None:
        super().__init__(d, r, dropout)
        self.rotate = _orthonormal_rotation(d, r)
        self.source = nn.Linear(d, r, dtype=dtype)
        self.act = _ACTS[act]

    def rotation(self) -> torch.Tensor:
        return self.rotate.weight

    def edit(self, h: torch.Tensor) -> torch.Tensor:
        rot = self.rotation()
        return h + self.act(self.source(h.to(self.source.weight.dtype))).to(rot.dtype) @ rot.T


class NoDiReFT(ReftIntervention):
    """Φ(h) = h + W₂ᵀ act(W₁h + b), no orthonormality (the paper's DiReFT)."""

    kind: ReftKind = "nodireft"

    def __init__(self, d: int, r: int, dropout: float = 0.0, act: ActName = "identity", dtype: torch.dtype = torch.float32) -> None:
        super().__init__(d, r, dropout)
        self.proj = nn.Linear(d, r, bias=False, dtype=dtype)
        self.source = nn.Linear(d, r, dtype=dtype)
        self.act = _ACTS[act]

    def edit(self, h: torch.Tensor) -> torch.Tensor:
        return h + self.act(self.source(h)) @ self.proj.weight


class ConsReFT(ReftIntervention):
    """Φ(h) = h + Rᵀ(b − Rh), R orthonormal; b starts uniform in [0, 1) as in pyreft. No dropout (pyreft applies none)."""

    kind: ReftKind = "consreft"

    def __init__(self, d: int, r: int, dropout: float = 0.0, act: ActName = "identity", dtype: torch.dtype = torch.float32) -> None:
        super().__init__(d, r, 0.0)
        del dropout, act  # pyreft's ConsreftIntervention has neither
        self.rotate = _orthonormal_rotation(d, r)
        self.bias = nn.Parameter(torch.rand(r, dtype=torch.float32))

    def rotation(self) -> torch.Tensor:
        return self.rotate.weight

    def edit(self, h: torch.Tensor) -> torch.Tensor:
        rot = self.rotation()
        return h + (self.bias - h.to(rot.dtype) @ rot) @ rot.T


class LoBiReFT(ReftIntervention):
    """Φ(h) = h + Rᵀb, R orthonormal; b starts uniform in [0, 1) as in pyreft."""

    kind: ReftKind = "lobireft"

    def __init__(self, d: int, r: int, dropout: float = 0.0, act: ActName = "identity", dtype: torch.dtype = torch.float32) -> None:
        super().__init__(d, r, dropout)
        del act
        self.rotate = _orthonormal_rotation(d, r)
        self.bias = nn.Parameter(torch.rand(r, dtype=torch.float32))

    def rotation(self) -> torch.Tensor:
        return self.rotate.weight

    def edit(self, h: torch.Tensor) -> torch.Tensor:
        return h + self.bias @ self.rotation().T


INTERVENTIONS: dict[ReftKind, type[ReftIntervention]] = {
    "loreft": LoReFT,
    "noreft": NoReFT,
    "direft": DiReFT,
    "nodireft": NoDiReFT,
    "consreft": ConsReFT,
    "lobireft": LoBiReFT,
}


def make_intervention(kind: ReftKind, d: int, r: int, dropout: float = 0.0, act: ActName = "identity", dtype: torch.dtype = torch.float32) -> ReftIntervention:
    """Builds one intervention of the given kind."""
    return INTERVENTIONS[kind](d, r, dropout=dropout, act=act, dtype=dtype)


def count_trainable(kind: ReftKind, d: int, r: int) -> int:
    """Trainable parameters of one intervention (the issue's table): 2dr + r or dr + r."""
    return d * r + r if kind in ("consreft", "lobireft") else 2 * d * r + r
