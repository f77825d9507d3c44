"""Greedy generation for causal-LM tasks scored by exact match, the same procedure as the ort
backend (src/backends/ort/generate.ts): each row holds its prompt and the tokens generated so far,
right-padded, the whole sequence is recomputed for every new token (this also works for peft's
prompt tuning, whose virtual tokens are prepended on every forward), and the next token is the
arg-max of the logits at the row's last real token.

ReFT intervenes on the prompt positions only (slots computed from the prompt lengths), as pyreft's
generate does: generated tokens are never intervened on. A row stops at an end-of-sequence token
of the model config, after maxNewTokens tokens, or when it fills the task's maxLength. The
TypeScript side cuts the ids at the first end-of-sequence token (the config's or the tokenizer's,
src/backends/generated-text.ts) and decodes them.
"""

from __future__ import annotations

from typing import Any

import torch

from .splits import Example
from .task_model import TaskModel


def generation_splits(task: dict[str, Any]) -> tuple[bool, bool]:
    """(dev, test): test when the task is scored by exact_match, dev only when selection needs it
    (src/backends/generation-plan.ts has the same rule)."""
    if task["type"] != "causal_lm" or "generation" not in task:
        return False, False
    return task["selectionMetric"]["name"] == "exact_match", any(m["name"] == "exact_match" for m in task["metrics"])


def eos_token_ids(model: torch.nn.Module) -> set[int]:
    """End-of-sequence ids from the model config (an int, a list, or none)."""
    value = getattr(getattr(model, "config", None), "eos_token_id", None)
    if value is None:
        return set()
    return {int(v) for v in value} if isinstance(value, (list, tuple)) else {int(value)}


def _prompt(example: Example, max_length: int) -> list[int]:
    length = len(example.input_ids) if example.prompt_length is None else example.prompt_length
    return example.input_ids[: min(length, max_length)]


@torch.no_grad()
def greedy_generate(model: TaskModel, examples: list[Example], batch_size: int, pad: int, max_new_tokens: int, max_length: int, eos: set[int], device: torch.device) -> list[list[int]]:
    """Generated token ids after each example's prompt, in order."""
    model.eval()
    out: list[list[int]] = []
    for start in range(0, len(examples), batch_size):
        prompts = [_prompt(e, max_length) for e in examples[start : start + batch_size]]
        generated: list[list[int]] = [[] for _ in prompts]
        active = [0 < len(p) < max_length for p in prompts]
        prompt_lengths = torch.tensor([len(p) for p in prompts], dtype=torch.long, device=device)
        while any(active):
            rows = [p + g for p, g in zip(prompts, generated)]
            width = max(len(r) for r in rows)
            ids = torch.full((len(rows), width), pad, dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for r, row in enumerate(rows):
                ids[r, : len(row)] = torch.tensor(row)
                mask[r, : len(row)] = 1
            ids, mask = ids.to(device), mask.to(device)
            if model.applied.reft is not None:
                model.applied.reft.set_batch(mask, prompt_lengths)
            logits = model.model(input_ids=ids, attention_mask=mask).logits[:, model.applied.offset :]
            last = mask.sum(dim=1) - 1
            next_ids = logits[torch.arange(len(rows), device=device), last].float().argmax(dim=-1).tolist()
            for r, token in enumerate(next_ids):
                if not active[r]:
                    continue
                generated[r].append(int(token))
                if int(token) in eos or len(generated[r]) >= max_new_tokens or len(rows[r]) + 1 >= max_length:
                    active[r] = False
        out.extend(generated)
    return out
