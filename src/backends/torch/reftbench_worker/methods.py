"""Applies the run spec's method to a loaded base model: the one table from a method kind to how
the torch worker trains it (ReFT hooks, peft, or by hand), with the method's trainable parameters
under stable names and their count as the planner counts them (task head excluded)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import torch
from torch import nn

from .errors import WorkerUserError
from .interventions import REFT_KINDS
from .model_dropout import apply_model_dropout, spec_dropout
from .peft_methods import PEFT_KINDS, PeftSettings, apply_peft, virtual_tokens
from .positions import parse_positions
from .reft import ReftModule, ReftSettings
from .simple_methods import RedModule, apply_bitfit, apply_full


@dataclass
class AppliedMethod:
    """What the training loop needs from a method."""

    model: nn.Module  # the base model, possibly wrapped by peft
    params: dict[str, nn.Parameter]  # trainable parameters by stable name (head excluded)
    count: int  # trainable-parameter count, the planner's convention
    reft: ReftModule | None = None
    extra: nn.Module | None = None  # hook-held modules (RED) to move with the model
    offset: int = 0  # virtual tokens prepended to the hidden states (prompt tuning)
    load: Callable[[dict[str, torch.Tensor]], None] | None = None  # custom initParams loader
    notes: list[str] = field(default_factory=list)


def _normalise_peft_name(name: str) -> str:
    """peft's `base_model.model.<path>.lora_A.default.weight` → `<path>.lora_A.weight`."""
    for prefix in ("base_model.model.", "base_model."):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    return name.replace(".default.", ".").removesuffix(".default")


def _freeze(model: nn.Module) -> None:
    for p in model.parameters():
        p.requires_grad_(False)


def apply_method(base: nn.Module, spec: dict[str, Any], dtype: torch.dtype, device: torch.device) -> AppliedMethod:
    """Applies spec['method'] to `base` (already on `device`)."""
    method = spec["method"]
    kind: str = method["kind"]
    hp: dict[str, Any] = method["hparams"]
    arch = spec["model"]["arch"]
    num_layers, hidden = int(arch["numLayers"]), int(arch["hiddenSize"])
    layers = tuple(hp.get("layers", range(num_layers)))
    bad = [l for l in layers if l >= num_layers]
    if bad:
        raise WorkerUserError(f"run spec /method/hparams/layers: {bad} do not exist; the model has layers 0 to {num_layers - 1}.")
    apply_model_dropout(base, arch["family"], spec_dropout(spec)[0])

    if kind in REFT_KINDS:
        _freeze(base)
        if "rank" not in hp or "positions" not in hp:
            raise WorkerUserError(f"run spec /method/hparams: {kind} needs rank and positions (e.g. \"positions\": \"f1+l1\").")
        settings = ReftSettings(
            kind=kind, rank=int(hp["rank"]), layers=layers, positions=parse_positions(hp["positions"]),  # type: ignore[arg-type]
            tied=bool(hp.get("tied", True)), dropout=float(hp.get("dropout", 0.0)), act=hp.get("act", "identity"),
        )
        reft = ReftModule(base, num_layers, hidden, settings, dtype).to(device)
        params = {f"reft.{k}": p for k, p in reft.named_parameters() if p.requires_grad}
        count = sum(v.numel() for v in reft.named_reft_params().values())
        return AppliedMethod(base, params, count, reft=reft, extra=reft,
                             load=lambda values: reft.load_reft_params({k.removeprefix("reft."): v for k, v in values.items() if k.startswith("reft.")}))

    if kind in PEFT_KINDS:
        _freeze(base)
        default_targets = ("key", "value", "down") if kind == "ia3" else ("query", "value")
        settings = PeftSettings(
            kind=kind, model_type=arch["modelType"], num_layers=num_layers, rank=int(hp.get("rank", 8)),  # type: ignore[arg-type]
            alpha=float(hp.get("alpha", 2 * int(hp.get("rank", 8)))), dropout=float(hp.get("dropout", 0.0)),
            targets=tuple(hp.get("targets", default_targets)), layers=tuple(hp["layers"]) if "layers" in hp else None,
            rslora=bool(hp.get("rslora", False)), prompt_tokens=int(hp.get("promptTokens", 10)),
            task="causal_lm" if spec["task"]["type"] == "causal_lm" else "features",
        )
        wrapped = apply_peft(base, settings)
        params = {_normalise_peft_name(k): p for k, p in wrapped.named_parameters() if p.requires_grad}
        return AppliedMethod(wrapped, params, sum(p.numel() for p in params.values()), offset=virtual_tokens(settings))

    if kind == "bitfit":
        apply_bitfit(base)
        params = {k: p for k, p in base.named_parameters() if p.requires_grad}
        return AppliedMethod(base, params, sum(p.numel() for p in params.values()))

    if kind == "full":
        apply_full(base)
        params = {k: p for k, p in base.named_parameters()}
        return AppliedMethod(base, params, sum(p.numel() for p in params.values()))

    if kind == "red":
        _freeze(base)
        red = RedModule(base, num_layers, hidden, layers, dtype).to(device)
        params = {f"red.{k}": p for k, p in red.named_parameters()}
        return AppliedMethod(base, params, sum(p.numel() for p in params.values()), extra=red)

    raise WorkerUserError(
        f"run spec /method/kind is '{kind}', which the torch backend does not implement (it runs the ReFT family, lora, dora, ia3, prompt, prefix, loha, lokr, vera, oft, bitfit, full and red). "
        "Run this method with the ort backend."
    )
