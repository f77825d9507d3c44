"""Reading tokenized split folders (schemas/tokenized-split.schema.json) and batching them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_split
from reftbench_worker.errors import WorkerUserError
from reftbench_worker.splits import collate, read_split, training_batches


def test_reads_examples_labels_and_prompt_lengths(tmp_path: Path) -> None:
    examples = read_split(write_split(tmp_path / "train", "encoder", 6, 1, "classification"), 32)
    assert [e.id for e in examples] == list(range(6))
    assert [e.label for e in examples] == [0.0, 1.0] * 3
    assert examples[1].input_ids[:2] == [0, 5] and examples[1].input_ids[-1] == 2
    lm = read_split(write_split(tmp_path / "lm" / "train", "decoder", 4, 1, "causal_lm"), 32)
    assert all(e.label is None and e.prompt_length == len(e.input_ids) - 3 for e in lm)


def test_truncates_to_max_length(tmp_path: Path) -> None:
    examples = read_split(write_split(tmp_path / "train", "encoder", 4, 1, "classification"), 3)
    assert all(len(e.input_ids) == 3 for e in examples)


def test_collate_right_pads_and_counts_tokens(tmp_path: Path) -> None:
    examples = read_split(write_split(tmp_path / "train", "encoder", 4, 1, "classification"), 32)
    batch = collate(examples, pad_id=1)
    lengths = [len(e.input_ids) for e in examples]
    assert batch.input_ids.shape == (4, max(lengths))
    assert batch.attention_mask.sum(dim=1).tolist() == lengths
    assert batch.tokens == sum(lengths)
    assert int(batch.input_ids[lengths.index(min(lengths)), -1]) == 1


def test_training_batches_are_seeded(tmp_path: Path) -> None:
    examples = read_split(write_split(tmp_path / "train", "encoder", 10, 1, "classification"), 32)
    order = lambda seed: [b.input_ids[:, 1].tolist() for _, b in zip(range(4), training_batches(examples, 3, seed, 1))]  # noqa: E731
    assert order(3) == order(3) and order(3) != order(4)


def test_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(WorkerUserError, match="has no meta.json"):
        read_split(tmp_path / "nowhere", 32)


def test_meta_not_matching_the_schema_is_a_user_error(tmp_path: Path) -> None:
    folder = write_split(tmp_path / "train", "encoder", 4, 1, "classification")
    meta = json.loads((folder / "meta.json").read_text())
    meta["format"] = "something-else"
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(WorkerUserError, match="does not match schemas/tokenized-split.schema.json"):
        read_split(folder, 32)


def test_short_array_is_a_user_error(tmp_path: Path) -> None:
    folder = write_split(tmp_path / "train", "encoder", 4, 1, "classification")
    (folder / "labels.i32").write_bytes((folder / "labels.i32").read_bytes()[:8])
    with pytest.raises(WorkerUserError, match="labels has 2 entries, expected 4"):
        read_split(folder, 32)
