"""Reads the batch schedule the runner decided for a run (src/data/schedule-file.ts writes it; the
rule is src/data/batch-schedule.ts): the training example indices of every optimizer step, so the
worker trains exactly the batches the ort backend trains, in the same order.

Layout, little-endian int32: magic 0x52425343 ("RBSC"), version 1, steps S, rows[0..S-1], then the
indices of step 0, step 1, ...
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import WorkerUserError

MAGIC = 0x52425343
VERSION = 1


def read_schedule(path: Path, num_examples: int) -> list[list[int]]:
    """The steps of a schedule file, each a list of training example indices."""
    try:
        words = np.fromfile(path, dtype="<i4")
    except (OSError, ValueError) as error:
        raise WorkerUserError(f"run spec /data/schedule: cannot read {path} ({error}). Rerun `reftbench run`, which writes it.") from error
    if len(words) < 3 or int(words[0]) != MAGIC or int(words[1]) != VERSION:
        raise WorkerUserError(f"run spec /data/schedule: {path} is not a reftbench batch schedule (version {VERSION}). Delete it and rerun.")
    steps = int(words[2])
    rows = words[3 : 3 + steps]
    if len(rows) != steps or int(rows.sum()) != len(words) - 3 - steps or (rows < 1).any():
        raise WorkerUserError(f"run spec /data/schedule: {path} is damaged (its step sizes do not fit its length). Delete it and rerun.")
    indices = words[3 + steps :]
    if len(indices) and (int(indices.min()) < 0 or int(indices.max()) >= num_examples):
        raise WorkerUserError(f"run spec /data/schedule: {path} names examples outside the {num_examples}-example training split. Delete it and rerun.")
    out: list[list[int]] = []
    at = 0
    for n in rows.tolist():
        out.append(indices[at : at + n].tolist())
        at += n
    return out
