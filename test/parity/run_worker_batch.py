"""Runs several run specs through the torch worker in one Python process, so the parity tests pay
for importing torch and transformers once instead of once per method:

    python run_worker_batch.py <spec.json> <grads.safetensors> <events.jsonl> [<spec> <grads> <events> ...]

Each spec goes through the worker's own validation (reftbench_worker.spec.read_run_spec) and its
`run` with `dump_grads`, exactly as `python -m reftbench_worker <spec> --dump-grads <grads>` does;
its events are written to the events file instead of stdout. Exits 1 on the first failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "backends" / "torch"))

import torch  # noqa: E402

from reftbench_worker.events import EventWriter  # noqa: E402
from reftbench_worker.run import run  # noqa: E402
from reftbench_worker.spec import read_run_spec  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) == 0 or len(argv) % 3 != 0:
        print("usage: run_worker_batch.py (<spec> <grads> <events>)...", file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    for i in range(0, len(argv), 3):
        spec_path, grads_path, events_path = Path(argv[i]), Path(argv[i + 1]), Path(argv[i + 2])
        spec = read_run_spec(spec_path)
        with events_path.open("w", encoding="utf-8") as stream:
            code = run(spec, EventWriter(stream), None, grads_path)
        if code != 0:
            print(f"run_worker_batch: {spec_path} exited with {code}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
