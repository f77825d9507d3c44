"""Weight-based baselines through peft, the maintained library people already trust: the run
spec's kinds lora (incl. rsLoRA), dora, ia3, prompt, prefix, loha, lokr, vera and oft, each mapped
to its peft config with the hyperparameters the planner resolved (src/methods/<kind>.ts says what
each counts and costs; test_peft_counts.py holds the two to each other). The last five have no
`ort` engine: the planner sends them to this worker only.

Target modules come from the spec's names (query, key, value, output, up, gate, down) and the
chosen layers, turned into one full-match regex over module names, because peft's plain name
lists match by suffix (BERT's `output.dense` would also hit `attention.output.dense`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from torch import nn

from .errors import WorkerUserError

Target = Literal["query", "key", "value", "output", "up", "gate", "down"]
PeftKind = Literal["lora", "dora", "ia3", "prompt", "prefix", "loha", "lokr", "vera", "oft"]
PEFT_KINDS: tuple[PeftKind, ...] = ("lora", "dora", "ia3", "prompt", "prefix", "loha", "lokr", "vera", "oft")

# Module path inside one block, per model type.
_TARGET_PATHS: dict[str, dict[Target, str]] = {
    "llama": {
        "query": "self_attn.q_proj", "key": "self_attn.k_proj", "value": "self_attn.v_proj", "output": "self_attn.o_proj",
        "up": "mlp.up_proj", "gate": "mlp.gate_proj", "down": "mlp.down_proj",
    },
    "bert": {
        "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
        "output": "attention.output.dense", "up": "intermediate.dense", "down": "output.dense",
    },
}
_TARGET_PATHS["roberta"] = _TARGET_PATHS["bert"]


@dataclass(frozen=True)
class PeftSettings:
    kind: PeftKind
    model_type: str
    num_layers: int
    rank: int = 8
    alpha: float = 16.0
    dropout: float = 0.0
    targets: tuple[Target, ...] = ("query", "value")
    layers: tuple[int, ...] | None = None
    rslora: bool = False
    prompt_tokens: int = 10
    task: Literal["causal_lm", "features"] = "features"
    extra: dict[str, float] = field(default_factory=dict)


def target_regex(model_type: str, targets: tuple[Target, ...], layers: tuple[int, ...] | None, num_layers: int) -> str:
    """A full-match regex for the chosen linear layers of the chosen blocks."""
    paths = _TARGET_PATHS.get(model_type)
    if paths is None:
        raise WorkerUserError(f"model type '{model_type}' has no target-module table in the torch worker (llama, bert, roberta).")
    missing = [t for t in targets if t not in paths]
    if missing:
        raise WorkerUserError(f"run spec /method/hparams/targets: {', '.join(missing)} does not exist in a {model_type} block. Use {', '.join(paths)}.")
    chosen = layers if layers is not None else tuple(range(num_layers))
    layer_alt = "|".join(str(i) for i in chosen)
    target_alt = "|".join(re.escape(paths[t]) for t in targets)
    return rf".*\.(?:layers|layer)\.(?:{layer_alt})\.(?:{target_alt})"


def peft_config(settings: PeftSettings) -> object:
    """The peft config object for a kind."""
    import peft

    s = settings
    task_type = peft.TaskType.CAUSAL_LM if s.task == "causal_lm" else peft.TaskType.FEATURE_EXTRACTION
    regex = lambda targets: target_regex(s.model_type, targets, s.layers, s.num_layers)  # noqa: E731
    if s.kind in ("lora", "dora"):
        return peft.LoraConfig(
            r=s.rank, lora_alpha=s.alpha, lora_dropout=s.dropout, target_modules=regex(s.targets),
            use_rslora=s.rslora, use_dora=s.kind == "dora", bias="none",
        )
    if s.kind == "ia3":
        ffn = tuple(t for t in s.targets if t in ("down",))
        return peft.IA3Config(target_modules=regex(s.targets), feedforward_modules=regex(ffn) if ffn else [])
    if s.kind == "prompt":
        return peft.PromptTuningConfig(task_type=task_type, num_virtual_tokens=s.prompt_tokens)
    if s.kind == "prefix":
        # Prefix key/values stored directly (no reparametrizing MLP), as src/methods/prefix.ts counts.
        return peft.PrefixTuningConfig(task_type=task_type, num_virtual_tokens=s.prompt_tokens, prefix_projection=False)
    if s.kind == "loha":
        return peft.LoHaConfig(r=s.rank, alpha=s.alpha, target_modules=regex(s.targets), rank_dropout=0.0, module_dropout=0.0)
    if s.kind == "lokr":
        return peft.LoKrConfig(r=s.rank, alpha=s.alpha, target_modules=regex(s.targets), rank_dropout=0.0, module_dropout=0.0,
                               decompose_both=False, decompose_factor=-1)
    if s.kind == "vera":
        return peft.VeraConfig(r=s.rank, target_modules=regex(s.targets), vera_dropout=s.dropout)
    if s.kind == "oft":
        # rank is peft's r, the number of blocks per adapted layer (peft moves it to a divisor of din).
        return peft.OFTConfig(r=s.rank, oft_block_size=0, target_modules=regex(s.targets), module_dropout=0.0)
    raise WorkerUserError(f"peft method '{s.kind}' is not supported")


def apply_peft(model: nn.Module, settings: PeftSettings) -> nn.Module:
    """Wraps the model with peft; only the method's parameters stay trainable."""
    import peft

    return peft.get_peft_model(model, peft_config(settings))  # type: ignore[arg-type]


def virtual_tokens(settings: PeftSettings) -> int:
    """Positions peft prepends to the hidden states (prompt tuning); prefix tuning adds only keys/values."""
    return settings.prompt_tokens if settings.kind == "prompt" else 0
