"""Step timing (CUDA events on a GPU, a monotonic clock on the CPU) and peak memory (peak
allocated GPU memory, or the process's peak RSS on the CPU: Linux's VmHWM, which a served worker
resets before each run, else getrusage's maximum)."""

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


def reset_process_peak() -> None:
    """Lowers the process's peak RSS mark to its current RSS (Linux; elsewhere nothing to do), so a
    served worker's next run reports its own peak, not an earlier run's."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        pass


def _vm_hwm_bytes() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def peak_memory_bytes(device: torch.device) -> int:
    if device.type == "cuda":
        return int(torch.cuda.max_memory_allocated(device))
    hwm = _vm_hwm_bytes()
    if hwm is not None:
        return hwm
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(rss if sys.platform == "darwin" else rss * 1024)
