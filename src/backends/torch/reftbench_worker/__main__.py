"""Entry point: `python -m reftbench_worker <run-spec.json> [--dump-init FILE] [--dump-grads FILE]`.

Exit codes: 0 done (last event: end); 2 a user mistake; 3 the loss diverged; 1 an internal error.
Every failure first emits one error event on stdout; tracebacks go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path

os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # before CUDA starts, for deterministic mode


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="reftbench_worker", description="Runs one reftbench run spec with torch; events as JSON lines on stdout.")
    parser.add_argument("spec", type=Path, help="run spec JSON (schemas/run-spec.schema.json)")
    parser.add_argument("--dump-init", type=Path, help="write the initial trainable parameters to this safetensors file (for parity tests)")
    parser.add_argument("--dump-grads", type=Path, help="write the step-0 gradients (and loss) of the trainable parameters to this safetensors file (for parity tests)")
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="reftbench_worker: %(message)s")

    from .errors import DivergedError, WorkerUserError
    from .events import EventWriter

    # Only events may reach stdout: anything a library prints goes to stderr with the logs.
    events = EventWriter(sys.stdout)
    sys.stdout = sys.stderr
    try:
        from .spec import read_run_spec

        spec = read_run_spec(args.spec)  # before importing torch, so a bad spec fails in a moment
        from .run import run

        return run(spec, events, args.dump_init, args.dump_grads)
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
