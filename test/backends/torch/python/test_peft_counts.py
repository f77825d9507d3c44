"""The planner's trainable-parameter counts for the torch-only peft kinds (prefix, loha, lokr,
vera, oft) against what peft really creates: every case of test/fixtures/methods/peft-counts.json
(written from src/methods/<kind>.ts by test/methods/write-peft-counts.ts, and checked against the
planner by test/methods/peft-counts.test.ts) is applied through the worker's method table to a
tiny random model of the fixture's architecture, and the worker's count must equal the fixture's."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
import torch
from torch import nn

from conftest import ROOT
from reftbench_worker.methods import apply_method

FIXTURE = json.loads((ROOT / "test" / "fixtures" / "methods" / "peft-counts.json").read_text(encoding="utf-8"))


def tiny_base(arch: dict[str, Any]) -> nn.Module:
    """A random base model of the fixture's ArchConfig, as the worker loads one (no task head)."""
    from transformers import LlamaConfig, LlamaForCausalLM, RobertaConfig, RobertaModel

    torch.manual_seed(0)
    if arch["family"] == "encoder":
        config = RobertaConfig(vocab_size=arch["vocabSize"], hidden_size=arch["hiddenSize"], num_hidden_layers=arch["numLayers"],
                               num_attention_heads=arch["numHeads"], intermediate_size=arch["intermediateSize"],
                               max_position_embeddings=arch["maxPositions"] + arch["positionOffset"], type_vocab_size=arch["typeVocabSize"],
                               pad_token_id=arch["padTokenId"])
        return RobertaModel(config, add_pooling_layer=False)
    config = LlamaConfig(vocab_size=arch["vocabSize"], hidden_size=arch["hiddenSize"], num_hidden_layers=arch["numLayers"],
                         num_attention_heads=arch["numHeads"], num_key_value_heads=arch["numKvHeads"], intermediate_size=arch["intermediateSize"],
                         max_position_embeddings=arch["maxPositions"], tie_word_embeddings=arch["tieWordEmbeddings"], pad_token_id=arch["padTokenId"])
    return LlamaForCausalLM(config)


def spec_for(case: dict[str, Any]) -> dict[str, Any]:
    arch = FIXTURE["archs"][case["family"]]
    task = "causal_lm" if case["family"] == "decoder" else "classification"
    return {"model": {"arch": arch}, "task": {"type": task}, "method": {"id": case["kind"], "kind": case["kind"], "hparams": case["hparams"]}}


def test_the_fixture_covers_every_torch_only_kind_on_both_families() -> None:
    seen = {(c["family"], c["kind"]) for c in FIXTURE["cases"]}
    assert seen == {(f, k) for f in ("encoder", "decoder") for k in ("prefix", "loha", "lokr", "vera", "oft")}


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=[f"{c['family']}-{c['kind']}-{i}" for i, c in enumerate(FIXTURE["cases"])])
def test_peft_creates_the_planned_trainable_parameters(case: dict[str, Any]) -> None:
    spec = spec_for(case)
    base = tiny_base(spec["model"]["arch"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # peft warns when it moves OFT's block count to a divisor
        applied = apply_method(base, spec, torch.float32, torch.device("cpu"))
    # Every trainable tensor is the method's (the base stays frozen), and peft's own total agrees.
    trainable = sum(p.numel() for p in applied.model.parameters() if p.requires_grad)
    assert applied.count == trainable == case["trainable"], (case["kind"], case["hparams"], applied.count, trainable)
