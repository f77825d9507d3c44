"""One forward pass of a run: the (method-applied) base model plus the shared task head for
classification/regression, or the LM head for causal_lm; returns the loss and the outputs the
predictions are made from.

Losses: cross-entropy over classes (classification), mean squared error (regression, one
output), and token-mean cross-entropy over the response tokens after `promptLength`
(causal_lm; the whole sequence after its first token when there is no prompt length), whose
per-example sums and token counts are what the metrics are computed from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from .head import TaskHead, pool
from .methods import AppliedMethod
from .splits import Batch


@dataclass
class Outputs:
    loss: torch.Tensor | None  # None when the batch has no labels (sealed test split)
    predicted: list[float]  # per example: class, value or mean token loss
    target_tokens: list[int]  # causal_lm: loss tokens per example
    nll_sums: list[float] = field(default_factory=list)  # causal_lm: summed token NLL (nats) per example


class TaskModel(nn.Module):
    def __init__(self, applied: AppliedMethod, family: str, task_type: str, num_labels: int, hidden: int, dtype: torch.dtype, head_dropout: float = 0.1, pooler: bool = False) -> None:
        super().__init__()
        self.applied = applied
        self.model = applied.model
        self.extra = applied.extra
        self.family = family
        self.task_type = task_type
        self.head = TaskHead(hidden, num_labels, head_dropout, dtype, pooler) if task_type != "causal_lm" else None

    def forward(self, batch: Batch) -> Outputs:
        if self.applied.reft is not None:
            self.applied.reft.set_batch(batch.attention_mask, batch.prompt_lengths if self.task_type == "causal_lm" else None)
        offset = self.applied.offset
        if self.task_type == "causal_lm":
            return self._causal_lm(batch, offset)
        kwargs: dict[str, torch.Tensor] = {"input_ids": batch.input_ids, "attention_mask": batch.attention_mask}
        if batch.token_type_ids is not None:
            kwargs["token_type_ids"] = batch.token_type_ids
        if self.family == "decoder":
            out = self.model(**kwargs, output_hidden_states=True)
            states = out.hidden_states[-1]
        else:
            states = self.model(**kwargs).last_hidden_state
        assert self.head is not None
        logits = self.head(pool(states, batch.attention_mask, self.family, offset)).float()
        if self.task_type == "regression":
            values = logits[:, 0]
            loss = None if batch.labels is None else nn.functional.mse_loss(values, batch.labels)
            return Outputs(loss, values.detach().cpu().tolist(), [])
        loss = None if batch.labels is None else nn.functional.cross_entropy(logits, batch.labels.long())
        return Outputs(loss, logits.argmax(dim=-1).detach().cpu().tolist(), [])

    def _causal_lm(self, batch: Batch, offset: int) -> Outputs:
        out = self.model(input_ids=batch.input_ids, attention_mask=batch.attention_mask)
        logits = out.logits[:, offset:].float()
        targets = batch.input_ids[:, 1:]
        valid = batch.attention_mask[:, 1:].bool()
        if batch.prompt_lengths is not None:
            position = torch.arange(1, batch.input_ids.shape[1], device=targets.device).unsqueeze(0)
            valid &= position >= batch.prompt_lengths.unsqueeze(1)
        token_loss = nn.functional.cross_entropy(logits[:, :-1].transpose(1, 2), targets, reduction="none") * valid
        per_example_tokens = valid.sum(dim=1)
        loss = token_loss.sum() / per_example_tokens.sum().clamp(min=1)
        sums = token_loss.sum(dim=1).detach()
        per_example = (sums / per_example_tokens.clamp(min=1)).cpu().tolist()
        return Outputs(loss, per_example, per_example_tokens.cpu().tolist(), sums.double().cpu().tolist())
