"""Every method the worker runs, in-process on tiny models: events valid against
schemas/events.schema.json, parameter counts as the planner counts them, training that lowers
the loss, bit-identical reruns, initParams round trips, and the bad-input paths."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import torch

from conftest import make_spec
from reftbench_worker.errors import WorkerUserError
from reftbench_worker.events import EventWriter
from reftbench_worker.peft_methods import PeftSettings, apply_peft
from reftbench_worker.run import run

H, L, FF = 32, 3, 64  # the tiny models' hidden size, layers, FFN width (conftest.TINY)


def run_events(spec: dict[str, Any], dump_init: Path | None = None) -> list[dict[str, Any]]:
    stream = io.StringIO()
    assert run(spec, EventWriter(stream), dump_init) == 0
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("methods")


ENCODER_CASES: list[tuple[str, dict[str, Any], int]] = [
    ("loreft", {"rank": 2, "positions": "f1+l1", "tied": True}, L * (2 * H * 2 + 2)),
    ("noreft", {"rank": 2, "positions": "f1+l1", "tied": True, "layers": [2]}, 2 * H * 2 + 2),
    ("direft", {"rank": 2, "positions": "f1+l1", "tied": False, "layers": [1]}, 2 * (2 * H * 2 + 2)),
    ("nodireft", {"rank": 2, "positions": "l1", "layers": [0, 2]}, 2 * (2 * H * 2 + 2)),
    ("consreft", {"rank": 2, "positions": "f2", "layers": [2]}, H * 2 + 2),
    ("lobireft", {"rank": 2, "positions": "f2", "layers": [2]}, H * 2 + 2),
    ("lora", {"rank": 2, "alpha": 4, "targets": ["query", "value"]}, L * 2 * 2 * (H + H)),
    ("lora", {"rank": 2, "alpha": 4, "targets": ["up", "down"], "rslora": True, "layers": [1]}, 2 * (H + FF) + 2 * (FF + H)),
    ("dora", {"rank": 2, "alpha": 4, "targets": ["query", "value"]}, L * 2 * (2 * (H + H) + H)),
    ("ia3", {"targets": ["key", "value", "down"]}, L * (H + H + FF)),
    ("prompt", {"promptTokens": 3}, 3 * H),
    ("bitfit", {}, -1),
    ("full", {}, -1),
    ("red", {"layers": [1, 2]}, 2 * 2 * H),
]


@pytest.mark.parametrize(("kind", "hparams", "count"), ENCODER_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(ENCODER_CASES)])
def test_encoder_methods_run_and_count(tmp: Path, kind: str, hparams: dict[str, Any], count: int, events_validator) -> None:
    events = run_events(make_spec(tmp, "encoder", kind, hparams, steps=3, test_split=True))
    for event in events:
        events_validator.validate(event)
    assert [e["type"] for e in events] == ["start", "step", "step", "step", "end"]
    params = events[0]["params"]
    assert params["head"] == H * H + H + H * 2 + 2
    if count >= 0:
        assert params["trainable"] == count
    elif kind == "full":
        assert params["trainable"] == params["base"]
    else:  # bitfit: every bias of the base model, fewer than the base
        assert 0 < params["trainable"] < params["base"] // 5
    end = events[-1]
    assert [p["split"] for p in end["predictions"]] == ["dev", "test"]
    assert len(end["predictions"][0]["predicted"]) == 8 and len(end["predictions"][1]["predicted"]) == 6
    assert all(v in (0.0, 1.0) for v in end["predictions"][0]["predicted"])
    assert "loss" in end["predictions"][0] and "loss" not in end["predictions"][1]  # test labels stay sealed


@pytest.mark.parametrize(("kind", "hparams"), [
    ("loreft", {"rank": 2, "positions": "f1+l1"}),
    ("lora", {"rank": 2, "alpha": 4, "targets": ["query", "value", "gate"]}),
    ("prompt", {"promptTokens": 2}),
    ("full", {}),
])
def test_decoder_causal_lm_methods(tmp: Path, kind: str, hparams: dict[str, Any], events_validator) -> None:
    events = run_events(make_spec(tmp, "decoder", kind, hparams, task="causal_lm", steps=2))
    for event in events:
        events_validator.validate(event)
    assert events[0]["params"]["head"] == 0
    dev = events[-1]["predictions"][0]
    assert dev["tokens"] == [3] * 8  # the three response tokens after each prompt
    assert all(v > 0 for v in dev["predicted"])


@pytest.mark.parametrize(("family", "kind", "hparams", "lr"), [
    ("decoder", "loreft", {"rank": 4, "positions": "l1"}, 2e-2),
    ("encoder", "full", {}, 1e-3),
])
def test_training_lowers_the_loss(tmp: Path, family: str, kind: str, hparams: dict[str, Any], lr: float) -> None:
    spec = make_spec(tmp, family, kind, hparams, steps=40, lr=lr)
    spec["training"]["batchSize"] = 24  # the whole training split each step
    losses = [e["loss"] for e in run_events(spec) if e["type"] == "step"]
    assert min(losses[-5:]) < 0.5 * losses[0], losses


def test_reruns_are_bit_identical(tmp: Path) -> None:
    spec = make_spec(tmp, "encoder", "lora", {"rank": 2, "alpha": 4, "targets": ["query", "value"]}, steps=4)
    first = [e["loss"] for e in run_events(spec) if e["type"] == "step"]
    second = [e["loss"] for e in run_events(spec) if e["type"] == "step"]
    assert first == second


def test_eval_every_and_seconds_budget(tmp: Path) -> None:
    spec = make_spec(tmp, "encoder", "red", {}, steps=4)
    spec["training"]["evalEvery"] = 2
    events = run_events(spec)
    assert [e["type"] for e in events].count("eval") == 1
    spec["training"]["secondsBudget"] = 1e-9
    events = run_events(spec)
    assert events[-1]["stoppedBy"] == "seconds" and events[-1]["steps"] == 1


@pytest.mark.parametrize(("kind", "hparams"), [("loreft", {"rank": 2, "positions": "f1+l1", "tied": False}), ("lora", {"rank": 2, "targets": ["query"]})])
def test_init_params_set_every_trainable_value(tmp: Path, kind: str, hparams: dict[str, Any]) -> None:
    from safetensors.torch import load_file, save_file

    spec = make_spec(tmp, "encoder", kind, hparams, steps=1)
    dumped, changed, reread = tmp / f"init-{kind}.safetensors", tmp / f"changed-{kind}.safetensors", tmp / f"reread-{kind}.safetensors"
    run_events(spec, dump_init=dumped)
    values = load_file(str(dumped))
    assert "head.dense.weight" in values
    assert ("reft.layers.0.1.rotate" in values) if kind == "loreft" else any(".lora_A.weight" in k for k in values)
    # New values. R's parametrization: another orthogonal base, X with a new strictly lower triangle
    # (its diagonal keeps the signs), and R itself as base @ H(X), as torch computes it.
    torch.manual_seed(5)
    new = {k: (torch.linalg.qr(torch.randn_like(v))[0] if k.endswith("rotate.base") else torch.randn_like(v)).contiguous() for k, v in values.items()}
    for k in [k for k in values if k.endswith(".rotate.original")]:
        x = values[k] + 0.3 * torch.randn_like(values[k]).tril(-1)
        a = x.tril(-1)
        q = torch.linalg.householder_product(a, 2.0 / (1.0 + (a * a).sum(dim=-2))) * x.diagonal().int().unsqueeze(-2)
        new[k] = x.contiguous()
        new[k.removesuffix(".original")] = (new[k.replace(".original", ".base")] @ q).contiguous()
    save_file(new, str(changed))
    spec["initParams"] = str(changed)
    run_events(spec, dump_init=reread)  # dumps what the run starts from, after loading initParams
    got = load_file(str(reread))
    assert set(got) == set(new)
    for name, value in new.items():
        assert torch.allclose(got[name], value, atol=1e-5), name


def test_init_params_missing_a_name_is_a_user_error(tmp: Path) -> None:
    from safetensors.torch import save_file

    path = tmp / "partial.safetensors"
    save_file({"head.dense.weight": torch.zeros(H, H)}, str(path))
    spec = make_spec(tmp, "encoder", "bitfit", {}, steps=1, extra={"initParams": str(path)})
    with pytest.raises(WorkerUserError, match="lacks"):
        run_events(spec)


def test_accounting_mismatch_fails(tmp: Path) -> None:
    spec = make_spec(tmp, "encoder", "red", {}, steps=1, extra={"accounting": {"trainableParams": 1, "headParams": 0, "baseParams": 1, "flopsPerStep": 0}})
    with pytest.raises(RuntimeError, match="parameter counts disagree with the planner"):
        run_events(spec)


def test_bitfit_on_a_bias_free_model_is_a_user_error(tmp: Path) -> None:
    with pytest.raises(WorkerUserError, match="no bias parameters"):
        run_events(make_spec(tmp, "decoder", "bitfit", {}, task="causal_lm", steps=1))


def test_adapter_is_a_user_error_naming_the_ort_backend(tmp: Path) -> None:
    with pytest.raises(WorkerUserError, match="ort backend"):
        run_events(make_spec(tmp, "encoder", "adapter", {"adapterSize": 4}, steps=1))


def test_unknown_target_is_a_user_error(tmp: Path) -> None:
    with pytest.raises(WorkerUserError, match="gate does not exist in a roberta block"):
        run_events(make_spec(tmp, "encoder", "lora", {"rank": 2, "targets": ["gate"]}, steps=1))


@pytest.mark.parametrize("kind", ["prefix", "loha", "lokr", "vera", "oft"])
def test_other_peft_methods_train(kind: str) -> None:
    """The torch-only peft kinds straight through peft_methods (also run-spec kinds now: test_peft_counts.py
    checks their counts, test/backends/torch/torch-only-kinds.test.ts runs them through reftbench): applied
    and trained one step on a tiny LLaMA."""
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(vocab_size=40, hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=32))
    wrapped = apply_peft(model, PeftSettings(kind=kind, model_type="llama", num_layers=2, rank=4, alpha=8, targets=("query", "value"), prompt_tokens=2, task="causal_lm"))  # type: ignore[arg-type]
    trainable = [p for p in wrapped.parameters() if p.requires_grad]
    assert 0 < sum(p.numel() for p in trainable) < sum(p.numel() for p in model.parameters())
    ids = torch.randint(0, 40, (2, 6))
    loss = wrapped(input_ids=ids, attention_mask=torch.ones_like(ids), labels=ids).loss
    loss.backward()
    assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in trainable)
