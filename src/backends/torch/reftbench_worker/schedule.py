"""Learning-rate schedules as a multiplier of the peak lr, as transformers' get_*_schedule_with_warmup
and the ort engine's src/backends/ort/train/schedule.ts (whose first comment says why there are two
clocks). Steps clock: linear warm-up over ceil(warmupRatio · steps) steps, then constant, linear or
cosine decay to 0 at `steps`. Seconds clock (run spec training.lrClock "seconds", a seconds rule):
the same shapes over the elapsed fraction of training.secondsBudget — warm-up while the fraction is
below warmupRatio, decay to 0 when the budget runs out — since no step count is known in advance."""

from __future__ import annotations

import math


def warmup_steps(total: int, ratio: float) -> int:
    return math.ceil(total * ratio)


def _decay(schedule: str, progress: float) -> float:
    if schedule == "constant":
        return 1.0
    if schedule == "linear":
        return max(0.0, 1.0 - progress)
    if schedule == "cosine":
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
    raise ValueError(f"unknown schedule {schedule}")


def lr_factor(schedule: str, step: int, total: int, warmup: int) -> float:
    """Multiplier applied at optimizer step `step` (0 for the first step)."""
    if step < warmup:
        return step / max(1, warmup)
    if schedule not in ("constant", "linear", "cosine"):
        raise ValueError(f"unknown schedule {schedule}")
    return _decay(schedule, (step - warmup) / max(1, total - warmup))


def lr_factor_at_fraction(schedule: str, fraction: float, warmup_ratio: float) -> float:
    """Multiplier at `fraction` (elapsed training time ÷ seconds budget, clamped to 0–1) of the budget."""
    f = min(1.0, max(0.0, fraction))
    if f < warmup_ratio:
        return f / warmup_ratio
    if warmup_ratio >= 1.0:
        return 1.0
    return _decay(schedule, (f - warmup_ratio) / (1.0 - warmup_ratio))
