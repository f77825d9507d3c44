"""The task head shared by every method on encoder tasks (and decoder classification): the
RoBERTa classification head, as pyreft's GLUE runs use through RobertaForSequenceClassification.

    logits = W_out · dropout(tanh(W_dense · dropout(x) + b_dense)) + b_out

x is the final hidden state of the first token (<s>/[CLS]) for encoders, of the last real token
for decoders. Trainable in every method and excluded from the method's parameter count:
d² + d + d·k + k parameters for k labels (k = 1 for regression).
"""

from __future__ import annotations

import torch
from torch import nn


class TaskHead(nn.Module):
    def __init__(self, hidden: int, num_labels: int, dropout: float, dtype: torch.dtype) -> None:
        super().__init__()
        self.dense = nn.Linear(hidden, hidden, dtype=dtype)
        self.out = nn.Linear(hidden, num_labels, dtype=dtype)
        self.dropout = nn.Dropout(dropout)
        nn.init.normal_(self.dense.weight, std=0.02)
        nn.init.zeros_(self.dense.bias)
        nn.init.normal_(self.out.weight, std=0.02)
        nn.init.zeros_(self.out.bias)

    def forward(self, pooled: torch.Tensor) -> torch.Tensor:
        x = torch.tanh(self.dense(self.dropout(pooled)))
        return self.out(self.dropout(x))


def head_param_count(hidden: int, num_labels: int) -> int:
    return hidden * hidden + hidden + hidden * num_labels + num_labels


def pool(hidden_states: torch.Tensor, attention_mask: torch.Tensor, family: str, offset: int = 0) -> torch.Tensor:
    """The pooled state: first real token for encoders (after `offset` virtual prompt tokens),
    last real token for decoders (right padding)."""
    if family == "encoder":
        return hidden_states[:, offset]
    last = attention_mask.to(torch.long).sum(dim=1) - 1 + offset
    return hidden_states[torch.arange(hidden_states.shape[0], device=hidden_states.device), last]
