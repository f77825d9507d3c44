"""Reads tokenized split files and cuts them into padded batches.

Format read (until the data stage's schemas/tokenized-split.schema.json lands; this module is the
one place to adapt): a JSON object with an `examples` array; each example has `inputIds` (int[]),
optionally `id` (string or int), `tokenTypeIds` (int[], BERT pairs), `label` (a class index or a
score; absent in test files, whose labels stay sealed) and `promptLength` (causal_lm: how many
leading tokens are the prompt; the loss covers the rest, and ReFT positions count within it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import torch

from .errors import WorkerUserError


@dataclass(frozen=True)
class Example:
    id: str | int
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


def _int_list(value: Any, where: str) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        raise WorkerUserError(f"{where}: expected an array of non-negative integers. Re-tokenize the split with reftbench.")
    return value


def read_split(path: Path, max_length: int) -> list[Example]:
    """Examples of one split file, truncated to max_length tokens."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise WorkerUserError(f"cannot read the split file {path}: {error.strerror}. Run `reftbench prepare` (or the runner) to write it.") from error
    except json.JSONDecodeError as error:
        raise WorkerUserError(f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}). Delete the file and let reftbench re-tokenize the split.") from error
    raw = data.get("examples") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise WorkerUserError(f"{path}: /examples must be a non-empty array. Delete the file and let reftbench re-tokenize the split.")
    out: list[Example] = []
    for i, item in enumerate(raw):
        where = f"{path}: /examples/{i}"
        if not isinstance(item, dict):
            raise WorkerUserError(f"{where}: expected an object")
        ids = _int_list(item.get("inputIds"), f"{where}/inputIds")
        if not ids:
            raise WorkerUserError(f"{where}/inputIds is empty; every example needs at least one token.")
        types = _int_list(item["tokenTypeIds"], f"{where}/tokenTypeIds") if "tokenTypeIds" in item else None
        label = item.get("label")
        if label is not None and (not isinstance(label, (int, float)) or isinstance(label, bool)):
            raise WorkerUserError(f"{where}/label must be a number")
        prompt = item.get("promptLength")
        if prompt is not None and (not isinstance(prompt, int) or prompt < 0 or prompt > len(ids)):
            raise WorkerUserError(f"{where}/promptLength must be an integer between 0 and the example's length")
        example_id = item.get("id", i)
        out.append(Example(example_id, ids[:max_length], None if types is None else types[:max_length], None if label is None else float(label), None if prompt is None else min(prompt, max_length)))
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


def training_batches(examples: list[Example], batch_size: int, seed: int, pad_id: int) -> Iterator[Batch]:
    """Endless seeded shuffled batches: a new permutation each epoch; the last short batch of an epoch is kept."""
    generator = torch.Generator().manual_seed(seed)
    while True:
        order = torch.randperm(len(examples), generator=generator).tolist()
        for start in range(0, len(order), batch_size):
            yield collate([examples[i] for i in order[start : start + batch_size]], pad_id)


def eval_batches(examples: list[Example], batch_size: int, pad_id: int) -> Iterator[Batch]:
    """Batches in file order."""
    for start in range(0, len(examples), batch_size):
        yield collate(examples[start : start + batch_size], pad_id)
