"""Entry point: `python -m reftbench_worker <run-spec.json> [--dump-init FILE] [--dump-grads FILE]`,
or `python -m reftbench_worker --serve` to run one request after another in this process
(serve.py: the protocol the TypeScript side's persistent worker speaks).

Exit codes: 0 done (last event: end); 2 a user mistake; 3 the loss diverged; 1 an internal error.
Every failure first emits one error event on stdout; tracebacks go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # before CUDA starts, for deterministic mode


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="reftbench_worker", description="Runs one reftbench run spec with torch; events as JSON lines on stdout.")
    parser.add_argument("spec", type=Path, nargs="?", help="run spec JSON (schemas/run-spec.schema.json)")
    parser.add_argument("--dump-init", type=Path, help="write the initial trainable parameters to this safetensors file (for parity tests)")
    parser.add_argument("--dump-grads", type=Path, help="write the step-0 gradients (and loss) of the trainable parameters to this safetensors file (for parity tests)")
    parser.add_argument("--serve", action="store_true", help="read run requests as JSON lines on stdin and run them one after another (serve.py)")
    args = parser.parse_args(argv)
    if (args.spec is None) != args.serve:
        parser.error("give a run spec file, or --serve")
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="reftbench_worker: %(message)s")

    from .events import EventWriter
    from .execute import execute

    # Only events may reach stdout: anything a library prints goes to stderr with the logs.
    events = EventWriter(sys.stdout)
    sys.stdout = sys.stderr
    if args.serve:
        from .serve import serve

        return serve(sys.stdin, events)
    return execute(args.spec, events, args.dump_init, args.dump_grads)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
