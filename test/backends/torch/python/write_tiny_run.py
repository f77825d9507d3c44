"""Writes a tiny model, tokenized splits and a run spec into a folder, for the TypeScript
adapter's end-to-end test: `python write_tiny_run.py <dir> <kind> <steps>`; prints the spec path."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import make_spec  # noqa: E402


def main(argv: list[str]) -> int:
    folder, kind, steps = Path(argv[0]), argv[1], int(argv[2])
    hparams = {"rank": 1, "positions": "f1+l1"} if kind.endswith("reft") else {}
    spec = make_spec(folder, "encoder", kind, hparams, steps=steps, test_split=True)
    path = folder / f"spec-{kind}-{steps}.json"
    path.write_text(json.dumps(spec, indent=2))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
