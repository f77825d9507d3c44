"""ReFT hooks on a real (tiny) transformers model: only the batch's slots change, by exactly Φ;
the backward pass never reaches below the lowest intervened block; parameters round-trip by
their stable names (the initParams contract)."""

from __future__ import annotations

import pytest
import torch

from reftbench_worker.blocks import find_blocks
from reftbench_worker.positions import parse_positions, slot_groups
from reftbench_worker.reft import ReftModule, ReftSettings


def tiny_llama(layers: int = 3) -> torch.nn.Module:
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=50, hidden_size=16, intermediate_size=32, num_hidden_layers=layers, num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=32)
    model = LlamaForCausalLM(config).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def capture_block_output(model: torch.nn.Module, layer: int) -> list[torch.Tensor]:
    seen: list[torch.Tensor] = []

    def hook(_m, _i, out):
        seen.append(out[0] if isinstance(out, tuple) else out)

    find_blocks(model, 3)[layer].register_forward_hook(hook)
    return seen


def test_only_slots_change_and_by_phi() -> None:
    model = tiny_llama()
    ids = torch.randint(3, 50, (2, 9))
    mask = torch.tensor([[1] * 9, [1] * 5 + [0] * 4])
    settings = ReftSettings(kind="loreft", rank=2, layers=(1,), positions=parse_positions("f2+l1"), tied=True)
    plain = capture_block_output(model, 1)
    model(input_ids=ids, attention_mask=mask)
    reft = ReftModule(model, 3, 16, settings, torch.float32)
    with torch.no_grad():
        reft.layers["1"][0].source.weight.normal_()
    reft.set_batch(mask)
    edited = capture_block_output(model, 1)  # registered after the ReFT hook: sees the edited output
    model(input_ids=ids, attention_mask=mask)
    before, after = plain[0], edited[0]
    changed = (after - before).abs().amax(dim=-1) > 1e-6
    assert changed[0].nonzero().flatten().tolist() == [0, 1, 8]
    assert changed[1].nonzero().flatten().tolist() == [0, 1, 4]
    phi = reft.layers["1"][0]
    assert torch.allclose(after[0, 8], phi(before[0, 8]), atol=1e-6)


@pytest.mark.parametrize("lowest", [1, 2])
def test_backward_stops_at_the_lowest_intervened_block(lowest: int) -> None:
    model = tiny_llama()
    settings = ReftSettings(kind="nodireft", rank=2, layers=tuple(range(lowest, 3)), positions=parse_positions("l1"), tied=True)
    below = capture_block_output(model, lowest - 1)
    plain_at = capture_block_output(model, lowest)  # registered first: the block's own output
    reft = ReftModule(model, 3, 16, settings, torch.float32)
    at = capture_block_output(model, lowest)  # registered after: the intervened output
    ids = torch.randint(3, 50, (2, 6))
    mask = torch.ones_like(ids)
    reft.set_batch(mask)
    loss = model(input_ids=ids, attention_mask=mask, labels=ids).loss
    loss.backward()
    assert not below[0].requires_grad  # nothing below the lowest intervened block joins the graph
    assert not plain_at[0].requires_grad  # not even the block itself
    assert at[0].requires_grad
    assert all(p.grad is not None for p in reft.parameters())


def test_untied_has_two_interventions_per_layer_and_counts() -> None:
    model = tiny_llama()
    settings = ReftSettings(kind="loreft", rank=2, layers=(0, 2), positions=parse_positions("f1+l1"), tied=False)
    reft = ReftModule(model, 3, 16, settings, torch.float32)
    names = sorted(reft.named_reft_params())
    assert "layers.0.1.rotate" in names and "layers.2.0.source.bias" in names
    assert sum(v.numel() for v in reft.named_reft_params().values()) == 2 * 2 * (2 * 16 * 2 + 2)


def test_parameters_round_trip_by_name() -> None:
    model = tiny_llama()
    settings = ReftSettings(kind="loreft", rank=2, layers=(1,), positions=parse_positions("f1+l1"), tied=True)
    first = ReftModule(model, 3, 16, settings, torch.float32)
    values = {k: v.clone() for k, v in first.named_reft_params().items()}
    first.remove()
    torch.manual_seed(123)  # a different random init
    second = ReftModule(model, 3, 16, settings, torch.float32)
    second.load_reft_params(values)
    for name, value in second.named_reft_params().items():
        assert torch.allclose(value, values[name], atol=1e-6), name


def test_load_rejects_missing_and_misshapen_values() -> None:
    model = tiny_llama()
    settings = ReftSettings(kind="loreft", rank=2, layers=(1,), positions=parse_positions("f1"), tied=True)
    reft = ReftModule(model, 3, 16, settings, torch.float32)
    values = dict(reft.named_reft_params())
    with pytest.raises(ValueError, match="lacks layers.1.0.rotate"):
        reft.load_reft_params({k: v for k, v in values.items() if k != "layers.1.0.rotate"})
    with pytest.raises(ValueError, match="has shape"):
        reft.load_reft_params({**values, "layers.1.0.source.bias": torch.zeros(5)})


def test_missing_layer_is_rejected() -> None:
    model = tiny_llama()
    settings = ReftSettings(kind="loreft", rank=2, layers=(3,), positions=parse_positions("f1"), tied=True)
    with pytest.raises(ValueError, match="layer 3 does not exist"):
        ReftModule(model, 3, 16, settings, torch.float32)


def test_slots_are_deterministic_when_pad_slots_share_an_index() -> None:
    # A 1-token example: every slot is padding and points at index 0, which must stay untouched.
    mask = torch.tensor([[1, 0, 0]])
    (group,) = slot_groups(mask, parse_positions("f2+l2"), tied=True)
    assert group.mask.sum() == 0


def test_parametrization_state_round_trips_and_must_come_whole() -> None:
    """X (`rotate.original`) and the base (`rotate.base`) load exactly, so another engine can train
    the same tensor; X without its base is refused, and a `rotate` that disagrees with them too."""
    model = tiny_llama()
    settings = ReftSettings(kind="direft", rank=2, layers=(1,), positions=parse_positions("f1"), tied=True)
    first = ReftModule(model, 3, 16, settings, torch.float32)
    state = {k: v.clone() for k, v in first.reft_parametrization().items()}
    assert sorted(state) == ["layers.1.0.rotate.base", "layers.1.0.rotate.original"]
    assert state["layers.1.0.rotate.base"].shape == (16, 16) and state["layers.1.0.rotate.original"].shape == (16, 2)
    state["layers.1.0.rotate.original"] += 0.2 * torch.randn(16, 2).tril(-1)
    plain = {k: v.clone() for k, v in first.named_reft_params().items() if not k.endswith("rotate")}
    first.remove()
    torch.manual_seed(321)
    second = ReftModule(model, 3, 16, settings, torch.float32)
    second.load_reft_params({**plain, **state})
    for name, value in second.reft_parametrization().items():
        assert torch.equal(value, state[name]), name
    rotation = second.layers["1"][0].rotation()
    assert torch.allclose(rotation.T @ rotation, torch.eye(2), atol=1e-6)
    with pytest.raises(ValueError, match="without layers.1.0.rotate.base"):
        second.load_reft_params({**plain, "layers.1.0.rotate.original": state["layers.1.0.rotate.original"]})
    with pytest.raises(ValueError, match="differs from base @ H"):
        second.load_reft_params({**plain, **state, "layers.1.0.rotate": torch.linalg.qr(torch.randn(16, 2))[0]})
