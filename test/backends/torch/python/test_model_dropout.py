"""The run spec's /dropout on the worker: the base model's hidden dropout and the head's come from
the spec (0 when absent) whatever config.json says, attention-probability dropout is always off,
the method's own dropout (hparams.dropout) is left to the method, the masks are seeded, and a
decoder with hidden dropout is a user error."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn

from conftest import make_spec, tiny_arch
from reftbench_worker.errors import WorkerUserError
from reftbench_worker.events import EventWriter
from reftbench_worker.methods import apply_method
from reftbench_worker.run import run


def roberta_with_config_dropout() -> nn.Module:
    """A tiny RoBERTa whose config asks for dropout 0.1 everywhere (as real checkpoints do)."""
    from transformers import RobertaConfig, RobertaModel

    a = tiny_arch("encoder")
    config = RobertaConfig(vocab_size=a["vocabSize"], hidden_size=a["hiddenSize"], num_hidden_layers=a["numLayers"], num_attention_heads=a["numHeads"],
                           intermediate_size=a["intermediateSize"], max_position_embeddings=a["maxPositions"] + 2, type_vocab_size=1, pad_token_id=1,
                           hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
    return RobertaModel(config, add_pooling_layer=False)


def spec(kind: str, hparams: dict[str, Any], dropout: dict[str, float] | None, family: str = "encoder") -> dict[str, Any]:
    out: dict[str, Any] = {"model": {"arch": tiny_arch(family), "family": family}, "task": {"type": "classification"},
                           "method": {"id": kind, "kind": kind, "hparams": hparams}}
    if dropout is not None:
        out["dropout"] = dropout
    return out


def dropout_ps(model: nn.Module) -> dict[str, float]:
    return {name: m.p for name, m in model.named_modules() if isinstance(m, nn.Dropout)}


def test_absent_dropout_turns_the_configs_dropout_off() -> None:
    base = roberta_with_config_dropout()
    assert set(dropout_ps(base).values()) == {0.1}
    apply_method(base, spec("red", {"layers": [1]}, None), torch.float32, torch.device("cpu"))
    assert set(dropout_ps(base).values()) == {0.0}


def test_hidden_dropout_at_the_hidden_sites_and_none_on_attention_probabilities() -> None:
    base = roberta_with_config_dropout()
    applied = apply_method(base, spec("lora", {"rank": 2, "alpha": 4, "dropout": 0.3, "targets": ["query"]}, {"hidden": 0.2}), torch.float32, torch.device("cpu"))
    ps = dropout_ps(applied.model)
    hidden = {n: p for n, p in ps.items() if "lora_dropout" not in n}
    assert {p for n, p in hidden.items() if n.endswith("self.dropout")} == {0.0}
    assert {p for n, p in hidden.items() if not n.endswith("self.dropout")} == {0.2}
    assert len([n for n in hidden if n.endswith("output.dropout")]) == 2 * 3  # attention and FFN output of each block
    # The method's own dropout stays the method's: LoRA's on its input.
    assert {p for n, p in ps.items() if "lora_dropout" in n} == {0.3}


def test_decoder_hidden_dropout_is_a_user_error() -> None:
    from transformers import LlamaConfig, LlamaForCausalLM

    a = tiny_arch("decoder")
    base = LlamaForCausalLM(LlamaConfig(vocab_size=a["vocabSize"], hidden_size=a["hiddenSize"], num_hidden_layers=a["numLayers"],
                                        num_attention_heads=a["numHeads"], num_key_value_heads=a["numKvHeads"], intermediate_size=a["intermediateSize"],
                                        attention_dropout=0.1))
    with pytest.raises(WorkerUserError, match="/dropout/hidden"):
        apply_method(base, spec("red", {"layers": [0]}, {"hidden": 0.1}, "decoder"), torch.float32, torch.device("cpu"))
    apply_method(base, spec("red", {"layers": [0]}, None, "decoder"), torch.float32, torch.device("cpu"))
    assert {m.attention_dropout for m in base.modules() if hasattr(m, "attention_dropout")} == {0.0}


def step_losses(run_spec: dict[str, Any]) -> list[float]:
    stream = io.StringIO()
    assert run(run_spec, EventWriter(stream)) == 0
    return [e["loss"] for e in map(json.loads, stream.getvalue().splitlines()) if e["type"] == "step"]


def test_spec_dropout_changes_training_and_is_seeded(tmp_path: Path) -> None:
    plain = make_spec(tmp_path, "encoder", "lora", {"rank": 2, "alpha": 4, "targets": ["query", "value"]}, steps=3)
    dropped = json.loads(json.dumps(plain))
    dropped["dropout"] = {"hidden": 0.3, "head": 0.5}
    first, again, without = step_losses(dropped), step_losses(dropped), step_losses(plain)
    assert first == again
    assert first[0] != without[0]
