"""Reading tokenized split folders (schemas/tokenized-split.schema.json) and batching them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_schedule, write_split
from reftbench_worker.errors import WorkerUserError
from reftbench_worker.schedule_file import read_schedule
from reftbench_worker.splits import collate, read_split, scheduled_batches


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


def test_batches_follow_the_schedule_file(tmp_path: Path) -> None:
    examples = read_split(write_split(tmp_path / "train", "encoder", 10, 1, "classification"), 32)
    steps = [[3, 1, 4], [1, 5, 9], [2, 6]]
    schedule = read_schedule(write_schedule(tmp_path / "s.i32", steps), len(examples))
    assert schedule == steps
    batches = list(scheduled_batches(examples, schedule, 1))
    assert [b.input_ids.shape[0] for b in batches] == [3, 3, 2], "a short last batch stays short"
    assert batches[0].tokens == sum(len(examples[i].input_ids) for i in steps[0])
    assert batches[2].input_ids[1, : len(examples[6].input_ids)].tolist() == examples[6].input_ids


def test_a_damaged_or_foreign_schedule_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(WorkerUserError, match="names examples outside"):
        read_schedule(write_schedule(tmp_path / "a.i32", [[0, 12]]), 10)
    (tmp_path / "b.i32").write_bytes(b"not a schedule")
    with pytest.raises(WorkerUserError, match="not a reftbench batch schedule"):
        read_schedule(tmp_path / "b.i32", 10)
    with pytest.raises(WorkerUserError, match="cannot read"):
        read_schedule(tmp_path / "missing.i32", 10)


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
