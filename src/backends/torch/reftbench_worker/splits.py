"""Reads tokenized split folders (schemas/tokenized-split.schema.json, written by src/data) and
cuts them into padded batches.

A folder holds meta.json plus flat little-endian arrays: ids and offsets (example i is
ids[offsets[i]:offsets[i+1]]), optional type ids, labels (int32 classes or float32 scores; absent
in test splits, whose labels stay sealed), prompt lengths (causal_lm: the loss covers positions
>= promptLength, and ReFT positions count within the prompt) and source indices (the example ids
predictions are reported under).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import torch
from jsonschema import Draft7Validator

from .errors import WorkerUserError
from .spec import load_schema


@dataclass(frozen=True)
class Example:
    id: int
    input_ids: list[int]
    token_type_ids: list[int] | None
    label: float | None
    prompt_length: int | None


@dataclass
class Batch:
    input_ids: torch.Tensor  # (B, T) long
    attention_mask: torch.Tensor  # (B, T) long, right padding
    token_type_ids: torch.Tensor | None
    labels: torch.Tensor | None  # (B,) float (class index or score) when every example has one
    prompt_lengths: torch.Tensor | None  # (B,) long, causal_lm
    tokens: int  # non-padding tokens

    def to(self, device: torch.device) -> "Batch":
        move = lambda t: None if t is None else t.to(device)  # noqa: E731
        return Batch(move(self.input_ids), move(self.attention_mask), move(self.token_type_ids), move(self.labels), move(self.prompt_lengths), self.tokens)


def _damaged(folder: Path, reason: str) -> WorkerUserError:
    return WorkerUserError(f"tokenized split {folder} is damaged ({reason}). Delete the folder and rerun; reftbench re-tokenizes it.")


def read_split(folder: Path, max_length: int) -> list[Example]:
    """Examples of one split folder, truncated to max_length tokens."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise WorkerUserError(f"tokenized split {folder} has no meta.json: the run spec's /data points at a missing split. Rerun `reftbench run`, which writes it.") from error
    except (OSError, json.JSONDecodeError) as error:
        raise _damaged(folder, f"meta.json: {error}") from error
    problems = list(Draft7Validator(load_schema("tokenized-split")).iter_errors(meta))
    if problems:
        raise _damaged(folder, "meta.json does not match schemas/tokenized-split.schema.json: " + "; ".join(p.message for p in problems[:3]))
    files = meta["files"]

    def array(name: str, dtype: str) -> np.ndarray | None:
        if name not in files:
            return None
        try:
            return np.fromfile(folder / files[name], dtype=dtype)
        except (OSError, ValueError) as error:
            raise _damaged(folder, f"{files[name]}: {error}") from error

    n = int(meta["numExamples"])
    ids, offsets, sources = array("ids", "<i4"), array("offsets", "<i4"), array("sourceIndices", "<i4")
    assert ids is not None and offsets is not None and sources is not None
    types = array("typeIds", "<i4")
    labels = array("labels", "<f4" if files.get("labels") == "labels.f32" else "<i4")
    prompts = array("promptLengths", "<i4")
    if len(offsets) != n + 1 or offsets[0] != 0 or offsets[-1] != len(ids) or len(sources) != n:
        raise _damaged(folder, f"offsets/sourceIndices do not fit {n} examples and {len(ids)} ids")
    for name, values, expected in (("labels", labels, n), ("promptLengths", prompts, n), ("typeIds", types, len(ids))):
        if values is not None and len(values) != expected:
            raise _damaged(folder, f"{name} has {len(values)} entries, expected {expected}")
    out: list[Example] = []
    for i in range(n):
        a, b = int(offsets[i]), int(offsets[i + 1])
        b = min(b, a + max_length)
        if b <= a:
            raise _damaged(folder, f"example {i} has no tokens")
        out.append(Example(
            int(sources[i]), ids[a:b].tolist(), None if types is None else types[a:b].tolist(),
            None if labels is None else float(labels[i]), None if prompts is None else min(int(prompts[i]), b - a),
        ))
    return out


def collate(examples: list[Example], pad_id: int) -> Batch:
    """Right-pads a list of examples into one batch."""
    width = max(len(e.input_ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    types = torch.zeros((len(examples), width), dtype=torch.long) if any(e.token_type_ids is not None for e in examples) else None
    for row, e in enumerate(examples):
        n = len(e.input_ids)
        ids[row, :n] = torch.tensor(e.input_ids)
        mask[row, :n] = 1
        if types is not None and e.token_type_ids is not None:
            types[row, : len(e.token_type_ids)] = torch.tensor(e.token_type_ids)
    labels = torch.tensor([e.label for e in examples], dtype=torch.float32) if all(e.label is not None for e in examples) else None
    prompts = torch.tensor([e.prompt_length for e in examples], dtype=torch.long) if all(e.prompt_length is not None for e in examples) else None
    return Batch(ids, mask, types, labels, prompts, int(mask.sum().item()))


def scheduled_batches(examples: list[Example], steps: list[list[int]], pad_id: int) -> Iterator[Batch]:
    """The batches of the runner's batch schedule, in order, each padded to its longest example."""
    for indices in steps:
        yield collate([examples[i] for i in indices], pad_id)


def eval_batches(examples: list[Example], batch_size: int, pad_id: int) -> Iterator[Batch]:
    """Batches in file order."""
    for start in range(0, len(examples), batch_size):
        yield collate(examples[start : start + batch_size], pad_id)
