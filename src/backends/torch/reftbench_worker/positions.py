"""Where ReFT intervenes: per-example token positions from a position spec and the padding mask.

A spec is `f<n>` (first n prompt tokens), `l<n>` (last n) or `f<n>+l<n>` (both). Following pyreft's
get_intervention_locations, for a prompt of L real tokens first_n = min(L // 2, f) and
last_n = min(L // 2, l) (so a prompt shorter than 2n gets fewer positions). pyreft fills the missing
slots with a dummy padding token it prepends to every sequence; here they are masked out instead, so
they change nothing.

A "group" is the set of slots one intervention covers: tied (pyreft share_weights) puts first and
last positions in one group; untied gives them separate groups (first, then last), which is what
makes an untied f<n>+l<n> run have two interventions per layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import torch

_SPEC = re.compile(r"^(?:f(\d+)|l(\d+)|f(\d+)\+l(\d+))$")


@dataclass(frozen=True)
class PositionSpec:
    first: int
    last: int


@dataclass(frozen=True)
class SlotGroup:
    """index (B, P): token index of each slot; mask (B, P): 1.0 where the slot is real, 0.0 for padding."""

    index: torch.Tensor
    mask: torch.Tensor


def parse_positions(spec: str) -> PositionSpec:
    """Parses f<n>, l<n> or f<n>+l<n>; raises ValueError on anything else."""
    match = _SPEC.match(spec)
    if match is None:
        raise ValueError(f"positions '{spec}' is not f<n>, l<n> or f<n>+l<n>")
    f1, l1, f2, l2 = match.groups()
    if f2 is not None:
        return PositionSpec(int(f2), int(l2))
    return PositionSpec(int(f1) if f1 is not None else 0, int(l1) if l1 is not None else 0)


def groups_per_layer(spec: PositionSpec, tied: bool) -> int:
    """Interventions per layer: 2 for untied f<n>+l<n>, else 1."""
    return 1 if tied or spec.first == 0 or spec.last == 0 else 2


def slot_groups(attention_mask: torch.Tensor, spec: PositionSpec, tied: bool, prompt_lengths: torch.Tensor | None = None) -> list[SlotGroup]:
    """Slot groups for a batch.

    attention_mask (B, T): 1 for real tokens (left or right padding both work: a prompt starts at
    the first real token). prompt_lengths (B,): real tokens of the prompt, where positions are
    counted (default: all real tokens, as for classification inputs).
    """
    mask = attention_mask.to(torch.long)
    batch, _ = mask.shape
    device = mask.device
    start = torch.argmax(mask, dim=1)  # first real token (0 when right-padded)
    length = mask.sum(dim=1) if prompt_lengths is None else prompt_lengths.to(device=device, dtype=torch.long)
    half = torch.div(length, 2, rounding_mode="floor")
    first_n = torch.clamp(half, max=spec.first)
    last_n = torch.clamp(half, max=spec.last)

    def block(count: int, offset: torch.Tensor, real: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        slot = torch.arange(count, device=device).unsqueeze(0).expand(batch, count)
        valid = slot < real.unsqueeze(1)
        index = torch.where(valid, offset.unsqueeze(1) + slot, torch.zeros_like(slot))
        return index, valid.to(torch.float32)

    first_index, first_mask = block(spec.first, start, first_n)
    last_index, last_mask = block(spec.last, start + length - last_n, last_n)
    if groups_per_layer(spec, tied) == 1:
        return [SlotGroup(torch.cat([first_index, last_index], 1), torch.cat([first_mask, last_mask], 1))]
    return [SlotGroup(first_index, first_mask), SlotGroup(last_index, last_mask)]
