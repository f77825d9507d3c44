"""Runs several run specs through the torch worker in one Python process, so the parity tests pay
for importing torch and transformers once instead of once per method:

    python run_worker_batch.py <spec.json> <grads.safetensors> <events.jsonl> [<spec> <grads> <events> ...]

Each spec goes through the worker's own entry point, `reftbench_worker.__main__.main([spec,
"--dump-grads", grads])` — what `python -m reftbench_worker <spec> --dump-grads <grads>` runs —
with stdout pointed at the events file (the worker writes only events there). Every spec runs,
whatever the others' outcome; the last stdout line is the JSON list of their exit codes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "backends" / "torch"))

import torch  # noqa: E402

from reftbench_worker.__main__ import main as worker_main  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) == 0 or len(argv) % 3 != 0:
        print("usage: run_worker_batch.py (<spec> <grads> <events>)...", file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    codes: list[int] = []
    for i in range(0, len(argv), 3):
        spec_path, grads_path, events_path = Path(argv[i]), Path(argv[i + 1]), Path(argv[i + 2])
        with events_path.open("w", encoding="utf-8") as stream:
            sys.stdout = stream  # the worker binds its event stream to sys.stdout, then sends stdout to stderr
            try:
                code = worker_main([str(spec_path), "--dump-grads", str(grads_path)])
            finally:
                sys.stdout = sys.__stdout__
        codes.append(code)
    print(json.dumps(codes), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
