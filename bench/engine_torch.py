#!/usr/bin/env python3
"""PyTorch CPU eager baseline for `npm run bench:engine` (called by bench/engine.ts).

Times a training step of a BERT-base-shaped model (random weights, no dropout, eager attention,
the same math as the engine's encoder graph) at the given batch, sequence and thread count:
full fine-tuning and head only (frozen base, classifier trained), with torch.optim.AdamW.
Prints one JSON line: {"name", "stepSeconds", "runSeconds" (forward + backward), "optimizerSeconds"
(clip + AdamW), "cpuSeconds" (process CPU time per step), "headStepSeconds", "threads", "torch",
"peakRssMiB"}.
"""
from __future__ import annotations

import argparse
import json
import math
import resource
import time

import torch
from torch import nn
import torch.nn.functional as F


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.ffn_in = nn.Linear(hidden, ffn)
        self.ffn_out = nn.Linear(ffn, hidden)
        self.ffn_norm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, h: torch.Tensor, mask_bias: torch.Tensor) -> torch.Tensor:
        b, s, d = h.shape
        dh = d // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, s, self.heads, dh).transpose(1, 2)

        q, k, v = split(self.query(h)), split(self.key(h)), split(self.value(h))
        scores = q @ k.transpose(-1, -2) / math.sqrt(dh) + mask_bias
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, d)
        h = self.attn_norm(self.attn_out(ctx) + h)
        return self.ffn_norm(self.ffn_out(F.gelu(self.ffn_in(h))) + h)


class Bert(nn.Module):
    def __init__(self, layers: int, hidden: int = 768, heads: int = 12, ffn: int = 3072, vocab: int = 30522) -> None:
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.pos = nn.Embedding(512, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList([Layer(hidden, heads, ffn) for _ in range(layers)])
        self.pooler = nn.Linear(hidden, hidden)
        self.classifier = nn.Linear(hidden, 2)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        s = ids.shape[1]
        h = self.norm(self.word(ids) + self.pos.weight[:s] + self.token_type.weight[0])
        bias = ((1 - mask) * -1e9)[:, None, None, :]
        for layer in self.layers:
            h = layer(h, bias)
        logits = self.classifier(torch.tanh(self.pooler(h[:, 0])))
        return F.cross_entropy(logits, labels)


def time_steps(model: Bert, params: list[torch.nn.Parameter], batch: tuple[torch.Tensor, ...], steps: int, warmup: int) -> dict[str, float]:
    """Seconds per step after `warmup` warm-up steps: the whole step, forward + backward, clip + AdamW, process CPU time."""
    opt = torch.optim.AdamW(params, lr=1e-5)
    split = {"run": 0.0, "opt": 0.0}

    def step() -> None:
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        model(*batch).backward()
        t1 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        split["run"] += t1 - t0
        split["opt"] += time.perf_counter() - t1

    for _ in range(warmup):
        step()
    split["run"] = split["opt"] = 0.0
    cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return {
        "step": (time.perf_counter() - start) / steps,
        "run": split["run"] / steps,
        "opt": split["opt"] / steps,
        "cpu": (time.process_time() - cpu) / steps,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--steps", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--layers", type=int, default=12)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Bert(a.layers)
    ids = torch.randint(0, 30522, (a.batch, a.seq))
    batch = (ids, torch.ones(a.batch, a.seq), torch.randint(0, 2, (a.batch,)))
    full = time_steps(model, list(model.parameters()), batch, a.steps, a.warmup)
    for p in model.parameters():
        p.requires_grad_(False)
    head = list(model.classifier.parameters())
    for p in head:
        p.requires_grad_(True)
    head_only = time_steps(model, head, batch, a.steps, a.warmup)
    print(json.dumps({
        "name": "torch", "stepSeconds": full["step"], "runSeconds": full["run"], "optimizerSeconds": full["opt"],
        "cpuSeconds": full["cpu"], "headStepSeconds": head_only["step"], "threads": a.threads, "torch": torch.__version__,
        "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
