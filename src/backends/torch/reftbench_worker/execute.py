"""Runs one run spec file to its exit code (0 done, 2 a user mistake, 3 diverged, 1 an internal
error), turning every failure into its one error event first; shared by the one-run entry point
(__main__.py) and the served worker (serve.py)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from .errors import DivergedError, WorkerUserError
from .events import EventWriter


def execute(spec_path: Path, events: EventWriter, dump_init: Path | None = None, dump_grads: Path | None = None) -> int:
    """Runs one spec file and returns the exit code above; every failure first emits its error event."""
    try:
        from .spec import read_run_spec

        spec = read_run_spec(spec_path)  # before importing torch, so a bad spec fails in a moment
        from .run import run

        return run(spec, events, dump_init, dump_grads)
    except WorkerUserError as error:
        events.emit({"type": "error", "kind": "user", "message": str(error)})
        print(f"reftbench_worker: {error}", file=sys.stderr)
        return 2
    except DivergedError as error:
        events.emit({"type": "error", "kind": "diverged", "message": str(error), "step": error.step})
        print(f"reftbench_worker: {error}", file=sys.stderr)
        return 3
    except Exception as error:  # anything else is a bug or a crash: report it, with the traceback
        trace = traceback.format_exc()
        print(trace, file=sys.stderr)
        events.emit({"type": "error", "kind": "internal", "message": f"{type(error).__name__}: {error}", "traceback": trace[-4000:]})
        return 1
