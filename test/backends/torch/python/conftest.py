"""Shared helpers of the torch worker's Python tests: tiny random models built here with
transformers configs (saved as safetensors), tiny tokenized splits, and run specs that follow
schemas/run-spec.schema.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch

ROOT = Path(__file__).resolve().parents[4]
WORKER_DIR = ROOT / "src" / "backends" / "torch"
sys.path.insert(0, str(WORKER_DIR))
torch.set_num_threads(1)  # tiny tensors: threads only add contention on the shared CI cores

TINY = {"hidden": 32, "layers": 3, "heads": 4, "kv_heads": 2, "intermediate": 64, "vocab": 97, "max_pos": 64}


def tiny_arch(family: str) -> dict[str, Any]:
    """The run spec's ArchConfig of the tiny models below."""
    encoder = family == "encoder"
    return {
        "family": family, "modelType": "roberta" if encoder else "llama", "vocabSize": TINY["vocab"], "hiddenSize": TINY["hidden"],
        "numLayers": TINY["layers"], "numHeads": TINY["heads"], "numKvHeads": TINY["heads"] if encoder else TINY["kv_heads"],
        "intermediateSize": TINY["intermediate"], "maxPositions": TINY["max_pos"], "typeVocabSize": 1 if encoder else 0,
        "hiddenAct": "gelu" if encoder else "silu", "normEps": 1e-5, "ropeTheta": 10000.0 if not encoder else 0.0,
        "tieWordEmbeddings": not encoder, "positionOffset": 2 if encoder else 0, "padTokenId": 1 if encoder else 0, "linearBias": encoder,
    }


def build_tiny_model(directory: Path, family: str, seed: int = 0) -> Path:
    """A random tiny RoBERTa (encoder) or LLaMA (decoder) saved in HF format (safetensors)."""
    from transformers import LlamaConfig, LlamaForCausalLM, RobertaConfig, RobertaModel

    torch.manual_seed(seed)
    if family == "encoder":
        config = RobertaConfig(vocab_size=TINY["vocab"], hidden_size=TINY["hidden"], num_hidden_layers=TINY["layers"], num_attention_heads=TINY["heads"],
                               intermediate_size=TINY["intermediate"], max_position_embeddings=TINY["max_pos"] + 2, type_vocab_size=1, pad_token_id=1,
                               hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, layer_norm_eps=1e-5)
        model = RobertaModel(config, add_pooling_layer=False)
    else:
        config = LlamaConfig(vocab_size=TINY["vocab"], hidden_size=TINY["hidden"], num_hidden_layers=TINY["layers"], num_attention_heads=TINY["heads"],
                             num_key_value_heads=TINY["kv_heads"], intermediate_size=TINY["intermediate"], max_position_embeddings=TINY["max_pos"],
                             tie_word_embeddings=True, pad_token_id=0, rms_norm_eps=1e-5)
        model = LlamaForCausalLM(config)
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(directory), safe_serialization=True)
    return directory


def write_split(path: Path, family: str, n: int, seed: int, task: str, labels: bool = True) -> Path:
    """A learnable synthetic split as a tokenized split folder (schemas/tokenized-split.schema.json):
    the label is whether a word is token 5 (else 4): the first word for encoders, the last for
    decoders (whose task head reads the last token). causal_lm appends three response tokens
    3 + label after the prompt."""
    import numpy as np

    g = torch.Generator().manual_seed(seed)
    all_ids: list[int] = []
    offsets, label_values, prompts = [0], [], []
    for i in range(n):
        length = int(torch.randint(4, 12, (1,), generator=g))
        ids = torch.randint(6, TINY["vocab"], (length,), generator=g).tolist()
        label = i % 2
        ids[0 if family == "encoder" else -1] = 5 if label else 4
        if family == "encoder":
            ids = [0, *ids, 2]
        if task == "causal_lm":
            prompts.append(len(ids))
            ids = ids + [3 + label] * 3
        label_values.append(label)
        all_ids.extend(ids)
        offsets.append(len(all_ids))
    path.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {"ids": "ids.i32", "offsets": "offsets.i32", "sourceIndices": "source_indices.i32"}
    np.asarray(all_ids, dtype="<i4").tofile(path / "ids.i32")
    np.asarray(offsets, dtype="<i4").tofile(path / "offsets.i32")
    np.arange(n, dtype="<i4").tofile(path / "source_indices.i32")
    if task == "causal_lm":
        files["promptLengths"] = "prompt_lengths.i32"
        np.asarray(prompts, dtype="<i4").tofile(path / "prompt_lengths.i32")
    elif labels:
        files["labels"] = "labels.i32"
        np.asarray(label_values, dtype="<i4").tofile(path / "labels.i32")
    meta = {
        "format": "reftbench-tokenized-split", "version": 1, "key": "0" * 64, "task": "synthetic", "role": path.name, "kind": task,
        "numExamples": n, "totalTokens": len(all_ids), "longest": max(b - a for a, b in zip(offsets, offsets[1:])), "maxLength": 32,
        "numLabels": 0 if task == "causal_lm" else 2, "labelNames": [] if task == "causal_lm" else ["no", "yes"],
        "tokenizer": {"fingerprint": "0" * 64}, "files": files,
    }
    (path / "meta.json").write_text(json.dumps(meta))
    return path


def write_schedule(path: Path, steps: list[list[int]]) -> Path:
    """A batch schedule file as the runner writes it (src/data/schedule-file.ts)."""
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    np.asarray([0x52425343, 1, len(steps), *[len(s) for s in steps], *[i for s in steps for i in s]], dtype="<i4").tofile(path)
    return path


def make_spec(tmp: Path, family: str, kind: str, hparams: dict[str, Any], *, task: str = "classification", steps: int = 5, lr: float = 1e-2,
              test_split: bool = False, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A complete, valid run spec on a tiny model and tiny splits under `tmp`."""
    model_dir = tmp / f"model-{family}"
    if not (model_dir / "config.json").exists():
        build_tiny_model(model_dir, family)
    splits = tmp / f"splits-{family}-{task}"
    data = {"train": str(write_split(splits / "train", family, 24, 1, task)), "dev": str(write_split(splits / "dev", family, 8, 2, task))}
    if test_split:
        data["test"] = str(write_split(splits / "test", family, 6, 3, task, labels=False))
    data["schedule"] = str(write_schedule(splits / f"schedule-{steps}.i32", [[(4 * s + r) % 24 for r in range(4)] for s in range(steps)]))
    num_labels = 0 if task == "causal_lm" else 2
    metric = {"name": "loss", "direction": "min"} if task == "causal_lm" else {"name": "accuracy", "direction": "max"}
    spec: dict[str, Any] = {
        "schemaVersion": 1, "runId": f"test-{family}-{kind}", "suite": {"name": "pytest", "hash": "0"}, "phase": "final" if test_split else "trial",
        "trial": 0, "seed": 7,
        "model": {"id": f"tiny-{family}", "source": str(model_dir), "family": family, "dtype": "float32", "arch": tiny_arch(family)},
        "task": {"id": "synthetic", "type": task, "numLabels": num_labels, "maxLength": 32, "metrics": [metric], "selectionMetric": metric},
        "method": {"id": kind, "kind": kind, "hparams": hparams},
        "training": {"steps": steps, "batchSize": 4, "evalBatchSize": 8, "lr": lr, "weightDecay": 0.0, "warmupRatio": 0.0, "schedule": "constant",
                     "maxGradNorm": 1.0, "optimizer": {"name": "adamw", "betas": [0.9, 0.999], "eps": 1e-8}},
        "data": data,
        "backend": {"name": "torch", "threads": 1, "deterministic": True, "device": "cpu"},
    }
    if extra:
        spec.update(extra)
    return spec


def run_worker(tmp: Path, spec: dict[str, Any] | str, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    """Runs `python -m reftbench_worker` on a spec; returns exit code, parsed events, stderr."""
    spec_path = tmp / "spec.json"
    spec_path.write_text(spec if isinstance(spec, str) else json.dumps(spec))
    env = {**os.environ, "PYTHONPATH": str(WORKER_DIR), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "reftbench_worker", str(spec_path), *args], capture_output=True, text=True, env=env, timeout=600)
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return proc.returncode, events, proc.stderr


@pytest.fixture(scope="session")
def events_validator():
    from jsonschema import Draft7Validator

    return Draft7Validator(json.loads((ROOT / "schemas" / "events.schema.json").read_text()))
