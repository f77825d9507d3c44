"""Step timing (CUDA events on a GPU, a monotonic clock on the CPU) and peak memory (peak
allocated GPU memory, or the process's peak RSS on the CPU)."""

from __future__ import annotations

import resource
import sys
import time

import torch


class StepTimer:
    def __init__(self, device: torch.device) -> None:
        self.cuda = device.type == "cuda"
        self._t0 = 0.0
        self._start: torch.cuda.Event | None = None
        self._end: torch.cuda.Event | None = None

    def start(self) -> None:
        if self.cuda:
            self._start = torch.cuda.Event(enable_timing=True)
            self._end = torch.cuda.Event(enable_timing=True)
            self._start.record()
        else:
            self._t0 = time.perf_counter()

    def stop_ms(self) -> float:
        """Milliseconds since start (waits for the GPU)."""
        if self.cuda:
            assert self._start is not None and self._end is not None
            self._end.record()
            self._end.synchronize()
            return float(self._start.elapsed_time(self._end))
        return (time.perf_counter() - self._t0) * 1000.0


def reset_peak(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)


def peak_memory_bytes(device: torch.device) -> int:
    if device.type == "cuda":
        return int(torch.cuda.max_memory_allocated(device))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(rss if sys.platform == "darwin" else rss * 1024)
