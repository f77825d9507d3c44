"""Position specs and per-example slots, following pyreft's get_intervention_locations."""

from __future__ import annotations

import pytest
import torch

from reftbench_worker.positions import PositionSpec, groups_per_layer, parse_positions, slot_groups


def real_slots(group) -> list[list[int]]:
    return [[int(i) for i, m in zip(row_i, row_m) if m > 0] for row_i, row_m in zip(group.index, group.mask)]


def test_parse_good_specs() -> None:
    assert parse_positions("f7+l7") == PositionSpec(7, 7)
    assert parse_positions("f3") == PositionSpec(3, 0)
    assert parse_positions("l1") == PositionSpec(0, 1)


@pytest.mark.parametrize("bad", ["", "f", "l7+f7", "f1+", "x3", "f-1", "f2 + l2"])
def test_parse_bad_specs(bad: str) -> None:
    with pytest.raises(ValueError, match="is not f<n>"):
        parse_positions(bad)


def test_long_sequences_get_first_and_last_n_tied() -> None:
    mask = torch.tensor([[1] * 10, [1] * 6 + [0] * 4])
    (group,) = slot_groups(mask, PositionSpec(2, 2), tied=True)
    assert real_slots(group) == [[0, 1, 8, 9], [0, 1, 4, 5]]


def test_short_sequences_follow_pyreft_half_rule() -> None:
    # L = 3 with f2+l2: first_n = min(3 // 2, 2) = 1, last_n = 1; L = 1: nothing.
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 0, 0, 0, 0]])
    (group,) = slot_groups(mask, PositionSpec(2, 2), tied=True)
    assert real_slots(group) == [[0, 2], []]
    assert group.index.shape == (2, 4)  # padded slots stay, masked out


def test_left_padding_counts_from_the_first_real_token() -> None:
    mask = torch.tensor([[0, 0, 1, 1, 1, 1, 1, 1]])
    (group,) = slot_groups(mask, PositionSpec(1, 2), tied=True)
    assert real_slots(group) == [[2, 6, 7]]


def test_untied_gives_first_and_last_groups() -> None:
    mask = torch.tensor([[1] * 8])
    first, last = slot_groups(mask, PositionSpec(2, 3), tied=False)
    assert real_slots(first) == [[0, 1]] and real_slots(last) == [[5, 6, 7]]
    assert groups_per_layer(PositionSpec(2, 3), tied=False) == 2
    assert groups_per_layer(PositionSpec(2, 0), tied=False) == 1
    assert groups_per_layer(PositionSpec(2, 3), tied=True) == 1


def test_prompt_lengths_bound_the_positions() -> None:
    mask = torch.tensor([[1] * 10])
    (group,) = slot_groups(mask, PositionSpec(1, 1), tied=True, prompt_lengths=torch.tensor([4]))
    assert real_slots(group) == [[0, 3]]
