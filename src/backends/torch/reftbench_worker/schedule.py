"""Learning-rate schedules as a multiplier of the peak lr at a step (0-based), with linear
warm-up over ceil(warmupRatio · steps) steps, as transformers' get_*_schedule_with_warmup."""

from __future__ import annotations

import math


def warmup_steps(total: int, ratio: float) -> int:
    return math.ceil(total * ratio)


def lr_factor(schedule: str, step: int, total: int, warmup: int) -> float:
    """Multiplier applied at optimizer step `step` (0 for the first step)."""
    if step < warmup:
        return step / max(1, warmup)
    if schedule == "constant":
        return 1.0
    progress = (step - warmup) / max(1, total - warmup)
    if schedule == "linear":
        return max(0.0, 1.0 - progress)
    if schedule == "cosine":
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
    raise ValueError(f"unknown schedule {schedule}")
