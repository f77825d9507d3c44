"""Loads a base model from a local HF-format directory with transformers' Auto classes:
safetensors only (no pickle), trust_remote_code off, SDPA attention, float32/float16/bfloat16."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from .errors import WorkerUserError

DTYPES: dict[str, torch.dtype] = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


def pick_device(requested: str | None) -> torch.device:
    """The spec's backend.device, else CUDA when present, else the CPU."""
    if requested:
        device = torch.device(requested)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise WorkerUserError(f"run spec /backend/device asks for '{requested}' but torch sees no CUDA device here. Remove the field or set it to 'cpu'.")
        return device
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def load_base_model(source: str, family: str, dtype: torch.dtype, device: torch.device) -> nn.Module:
    """The base model without any task head: AutoModelForCausalLM for decoders (its LM head is
    part of the base), AutoModel for encoders (the shared task head is added by head.py)."""
    if source.startswith("tiny:"):
        raise WorkerUserError(
            f"run spec /model/source is '{source}': the torch worker loads only HF-format directories. "
            "Write the tiny model to a directory first (the engine's generator does) and put its path there."
        )
    directory = Path(source)
    if not (directory / "config.json").is_file():
        raise WorkerUserError(f"run spec /model/source: {directory} has no config.json. Point it at an HF-format model directory.")
    if not any(directory.glob("*.safetensors")):
        raise WorkerUserError(
            f"run spec /model/source: {directory} has no *.safetensors weights (pickled .bin files are never loaded). "
            "Convert the checkpoint to safetensors."
        )
    from transformers import AutoModel, AutoModelForCausalLM

    auto = AutoModelForCausalLM if family == "decoder" else AutoModel
    kwargs = {"use_safetensors": True, "trust_remote_code": False, "attn_implementation": "sdpa", "dtype": dtype}
    if family == "encoder":
        kwargs["add_pooling_layer"] = False
    try:
        model = auto.from_pretrained(str(directory), **kwargs)
    except (OSError, ValueError) as error:
        raise WorkerUserError(f"run spec /model/source: transformers could not load {directory}: {error}") from error
    return model.to(device)


def count_params(module: nn.Module) -> int:
    """Parameters of a module, shared (tied) tensors counted once."""
    seen: set[int] = set()
    total = 0
    for p in module.parameters():
        if id(p) not in seen:
            seen.add(id(p))
            total += p.numel()
    return total
