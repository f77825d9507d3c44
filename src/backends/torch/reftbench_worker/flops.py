"""The FLOPs model of DESIGN.md, per token, for a stack of blocks plus an output head.

forward ≈ 2N (N = matmul weights of the blocks and the head; embeddings are look-ups, attention's
T-dependent score/value products are left out); backward computes activation gradients (≈ 2N of
the layers it passes) only from the loss down to the lowest trainable module, and weight
gradients (≈ 2·N_w) only for the trained weights; plus the method's own forward/backward cost.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FlopsPerToken:
    forward: float
    backward: float

    @property
    def total(self) -> float:
        return self.forward + self.backward


def flops_per_token(
    block_params: list[int],
    head_params: int,
    lowest_trainable: int,
    trained_matmul_params: int,
    method_forward: float = 0.0,
) -> FlopsPerToken:
    """block_params[i]: matmul weights of block i; head_params: the output head's matmul weights.

    lowest_trainable: index of the lowest block whose inside is trained (0 for full fine-tuning or
    LoRA on every block); for a ReFT intervention on the output of block l pass l + 1 (the
    backward pass stops at that block's output); len(block_params) when only the head trains.
    trained_matmul_params: trained weights that are multiplied with activations (weight gradient
    2 FLOPs each per token). method_forward: the method's own forward FLOPs per token (adapters,
    interventions); its backward is counted as twice that.
    """
    n_total = sum(block_params) + head_params
    forward = 2.0 * n_total + method_forward
    passed = sum(block_params[max(lowest_trainable, 0):]) + head_params
    backward = 2.0 * passed + 2.0 * trained_matmul_params + 2.0 * method_forward
    return FlopsPerToken(forward=forward, backward=backward)
