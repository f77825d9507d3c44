"""The task head shared by every method on encoder tasks (and decoder classification): the
RoBERTa classification head, as pyreft's GLUE runs use through RobertaForSequenceClassification.

    logits = W_out · dropout(tanh(W_dense · dropout(x) + b_dense)) + b_out

x is the final hidden state of the first token (<s>/[CLS]) for encoders, of the last real token
for decoders. Trainable in every method and excluded from the method's parameter count:
d² + d + d·k + k parameters for k labels (k = 1 for regression).

On BERT-family encoders the dense layer is BERT's pooler and, as in BertForSequenceClassification
(and on the ort backend), there is no dropout before it: logits = W_out · dropout(tanh(W_pool · x + b)).
Its initial values come from the checkpoint where it has them (`pooler.dense.*`, and a fine-tuned
checkpoint's `classifier.*`; RoBERTa: `classifier.dense.*`, `classifier.out_proj.*`), as the ort
backend starts from them; otherwise normal(0, 0.02) weights and zero biases.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn


class TaskHead(nn.Module):
    def __init__(self, hidden: int, num_labels: int, dropout: float, dtype: torch.dtype, pooler: bool = False) -> None:
        super().__init__()
        self.dense = nn.Linear(hidden, hidden, dtype=dtype)
        self.out = nn.Linear(hidden, num_labels, dtype=dtype)
        self.dropout = nn.Dropout(dropout)
        self.pooler = pooler
        nn.init.normal_(self.dense.weight, std=0.02)
        nn.init.zeros_(self.dense.bias)
        nn.init.normal_(self.out.weight, std=0.02)
        nn.init.zeros_(self.out.bias)

    def forward(self, pooled: torch.Tensor) -> torch.Tensor:
        x = torch.tanh(self.dense(pooled if self.pooler else self.dropout(pooled)))
        return self.out(self.dropout(x))


# Checkpoint tensor -> head tensor, per model type (the names the ort engine starts its head from).
CHECKPOINT_HEAD_NAMES = {
    "bert": {"pooler.dense.weight": "dense.weight", "pooler.dense.bias": "dense.bias", "classifier.weight": "out.weight", "classifier.bias": "out.bias"},
    "roberta": {"classifier.dense.weight": "dense.weight", "classifier.dense.bias": "dense.bias", "classifier.out_proj.weight": "out.weight", "classifier.out_proj.bias": "out.bias"},
}


def init_head_from_checkpoint(head: TaskHead, model_dir: Path, model_type: str) -> list[str]:
    """Copies the checkpoint's pooler / classifier tensors into the head where their shapes fit;
    returns the head tensors set."""
    from safetensors import safe_open

    names = CHECKPOINT_HEAD_NAMES.get(model_type, {})
    wanted = {**{k: v for k, v in names.items()}, **{f"bert.{k}": v for k, v in names.items()}, **{f"roberta.{k}": v for k, v in names.items()}}
    params = dict(head.named_parameters())
    done: list[str] = []
    for file in sorted(model_dir.glob("*.safetensors")):
        with safe_open(str(file), framework="pt") as f:
            for key in f.keys():
                target = wanted.get(key)
                if target is None or target in done:
                    continue
                value = f.get_tensor(key)
                if tuple(value.shape) == tuple(params[target].shape):
                    with torch.no_grad():
                        params[target].copy_(value.to(params[target].dtype))
                    done.append(target)
    return done


def head_param_count(hidden: int, num_labels: int) -> int:
    return hidden * hidden + hidden + hidden * num_labels + num_labels


def pool(hidden_states: torch.Tensor, attention_mask: torch.Tensor, family: str, offset: int = 0) -> torch.Tensor:
    """The pooled state: first real token for encoders (after `offset` virtual prompt tokens),
    last real token for decoders (right padding)."""
    if family == "encoder":
        return hidden_states[:, offset]
    last = attention_mask.to(torch.long).sum(dim=1) - 1 + offset
    return hidden_states[torch.arange(hidden_states.shape[0], device=hidden_states.device), last]
