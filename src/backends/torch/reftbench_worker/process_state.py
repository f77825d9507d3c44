"""What a run leaves behind in its process, for the served worker (serve.py) to undo before the
next run: the process-wide torch settings a run changes (intra-op threads, deterministic
algorithms, cuDNN flags, default dtype, float32 matmul precision, grad mode) and the environment,
captured once when the worker starts and put back before every run; the memory of a finished run
released; and the peak-memory mark reset, so each run's peak is its own. The random generators
need nothing here: every run seeds Python's and torch's (CPU and CUDA) from its spec first."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass

import torch

from .timing import reset_process_peak


@dataclass(frozen=True)
class ProcessState:
    threads: int
    deterministic: bool
    deterministic_warn_only: bool
    cudnn_benchmark: bool
    cudnn_deterministic: bool
    default_dtype: torch.dtype
    matmul_precision: str
    environ: dict[str, str]


def capture() -> ProcessState:
    """The settings of a fresh worker process (before any run changed them)."""
    return ProcessState(
        threads=torch.get_num_threads(),
        deterministic=torch.are_deterministic_algorithms_enabled(),
        deterministic_warn_only=torch.is_deterministic_algorithms_warn_only_enabled(),
        cudnn_benchmark=bool(torch.backends.cudnn.benchmark),
        cudnn_deterministic=bool(torch.backends.cudnn.deterministic),
        default_dtype=torch.get_default_dtype(),
        matmul_precision=torch.get_float32_matmul_precision(),
        environ=dict(os.environ),
    )


def restore(state: ProcessState) -> None:
    """Puts the captured settings back and releases what the previous run held."""
    if dict(os.environ) != state.environ:
        os.environ.clear()
        os.environ.update(state.environ)
    torch.set_num_threads(state.threads)
    torch.use_deterministic_algorithms(state.deterministic, warn_only=state.deterministic_warn_only)
    torch.backends.cudnn.benchmark = state.cudnn_benchmark
    torch.backends.cudnn.deterministic = state.cudnn_deterministic
    torch.set_default_dtype(state.default_dtype)
    torch.set_float32_matmul_precision(state.matmul_precision)
    torch.set_grad_enabled(True)
    gc.collect()
    if torch.cuda.is_initialized():
        torch.cuda.empty_cache()
    reset_process_peak()
