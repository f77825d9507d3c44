"""GPU benchmark of the torch backend's methods on a random LLaMA-shaped model (~1B parameters,
bf16, no download): tokens/s, step time (CUDA events), peak allocated memory, the FLOPs model's
prediction (src/backends/torch/reftbench_worker/flops.py) and achieved TFLOP/s, one method at a
time. Writes gpu-bench.json and gpu-bench.md to $OUT (default ./gpu-out).

Run through scripts/gpu-bench.sh, which first reports what the machine has. `--tiny` runs the same
code on a tiny model on the CPU (the test of this script).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src" / "backends" / "torch"))

import torch  # noqa: E402

from reftbench_worker.flops import flops_per_token  # noqa: E402
from reftbench_worker.positions import parse_positions  # noqa: E402
from reftbench_worker.reft import ReftModule, ReftSettings  # noqa: E402


@dataclass
class Shape:
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    intermediate: int
    vocab: int
    batch: int
    seq: int
    warmup: int
    steps: int
    seconds_per_method: float


BIG = Shape(hidden=2048, layers=16, heads=32, kv_heads=8, intermediate=8192, vocab=32000, batch=16, seq=512, warmup=3, steps=20, seconds_per_method=30.0)
TOTAL_SECONDS = 300.0  # stop starting new methods after this (the whole run must stay under 6 minutes)
TINY = Shape(hidden=64, layers=2, heads=4, kv_heads=2, intermediate=128, vocab=256, batch=2, seq=32, warmup=1, steps=2, seconds_per_method=20.0)

OOM_ERROR: type[BaseException] = getattr(torch, "OutOfMemoryError", None) or torch.cuda.OutOfMemoryError
ALL_LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


@dataclass
class MethodCase:
    name: str
    kind: str
    detail: str


CASES = [
    MethodCase("loreft", "loreft", "r=8, all layers, f7+l7, tied"),
    MethodCase("loreft-top4", "loreft", "r=8, top 4 layers, f7+l7, tied"),
    MethodCase("nodireft", "nodireft", "r=8, all layers, f7+l7, tied"),
    MethodCase("lora-qv", "lora", "r=8, alpha=16, q_proj+v_proj"),
    MethodCase("lora-all", "lora", "r=8, alpha=16, all linear"),
    MethodCase("dora-qv", "dora", "r=8, alpha=16, q_proj+v_proj"),
    MethodCase("full", "full", "all weights"),
]


@dataclass
class Row:
    method: str
    detail: str
    batch: int
    seq: int
    trainable_params: int
    base_params: int
    timed_steps: int
    step_ms_mean: float
    step_ms_min: float
    tokens_per_s: float
    peak_mem_gib: float
    predicted_flops_per_step: float
    counted_flops_per_step: float
    achieved_tflops: float
    fell_back: str
    error: str


def build_model(shape: Shape, device: torch.device, dtype: torch.dtype) -> torch.nn.Module:
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=shape.vocab,
        hidden_size=shape.hidden,
        intermediate_size=shape.intermediate,
        num_hidden_layers=shape.layers,
        num_attention_heads=shape.heads,
        num_key_value_heads=shape.kv_heads,
        max_position_embeddings=max(shape.seq, 64),
        tie_word_embeddings=True,
        attention_dropout=0.0,
    )
    config._attn_implementation = "sdpa"
    torch.manual_seed(0)
    with torch.device(device):
        model = LlamaForCausalLM(config).to(dtype)
    model.train()
    return model


def block_matmul_params(model: torch.nn.Module, shape: Shape) -> tuple[list[int], int]:
    layers = model.model.layers  # type: ignore[attr-defined]
    blocks = [sum(m.weight.numel() for m in layer.modules() if isinstance(m, torch.nn.Linear)) for layer in layers]
    head = model.lm_head.weight.numel()  # type: ignore[attr-defined]
    return blocks, head


def reft_layers(case: MethodCase, shape: Shape) -> tuple[int, ...]:
    """The blocks a ReFT case intervenes on: every block, or the top 4 for the -top4 case."""
    return tuple(range(max(0, shape.layers - 4), shape.layers)) if case.name.endswith("-top4") else tuple(range(shape.layers))


def apply_method(case: MethodCase, model: torch.nn.Module, shape: Shape, dtype: torch.dtype) -> tuple[torch.nn.Module, ReftModule | None]:
    for p in model.parameters():
        p.requires_grad_(case.kind == "full")
    if case.kind in ("loreft", "nodireft"):
        settings = ReftSettings(kind=case.kind, rank=8, layers=reft_layers(case, shape), positions=parse_positions("f7+l7"), tied=True)  # type: ignore[arg-type]
        reft = ReftModule(model, shape.layers, shape.hidden, settings, dtype).to(next(model.parameters()).device)
        return model, reft
    if case.kind in ("lora", "dora"):
        from peft import LoraConfig, get_peft_model

        targets = ALL_LINEAR if case.name == "lora-all" else ["q_proj", "v_proj"]
        config = LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=targets, use_dora=case.kind == "dora")
        return get_peft_model(model, config), None
    return model, None


def method_flops(case: MethodCase, model: torch.nn.Module, shape: Shape, blocks: list[int], head: int, trainable: int, reft_positions: int) -> float:
    """Training FLOPs of one step under the FLOPs model."""
    tokens = shape.batch * shape.seq
    if case.kind == "full":
        per = flops_per_token(blocks, head, 0, sum(blocks) + head)
    elif case.kind in ("lora", "dora"):
        # LoRA's own matmuls: 2 FLOPs per weight forward; backward counted as twice that.
        per = flops_per_token(blocks, head, 0, 0, method_forward=2.0 * trainable)
    else:
        # ReFT on the output of block 0 (all layers): backward stops at block 1's input; the
        # interventions run at reft_positions of seq tokens.
        share = reft_positions / shape.seq
        per = flops_per_token(blocks, head, min(reft_layers(case, shape)) + 1, 0, method_forward=2.0 * 2 * trainable * share)
    return per.total * tokens


def run_case(case: MethodCase, shape: Shape, batch: int, device: torch.device, dtype: torch.dtype) -> Row:
    model = build_model(shape, device, dtype)
    blocks, head = block_matmul_params(model, shape)
    base_params = sum(p.numel() for p in model.parameters())
    model, reft = apply_method(case, model, shape, dtype)
    params = [p for p in model.parameters() if p.requires_grad] + ([p for p in reft.parameters() if p.requires_grad] if reft else [])
    trainable = sum(p.numel() for p in params)
    if reft is not None:
        trainable = sum(v.numel() for v in reft.named_reft_params().values())
    cuda = device.type == "cuda"
    optimizer = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.0, fused=cuda)  # no decay: it would collapse ReFT's R (see reftbench_worker/optim.py)
    gen = torch.Generator(device="cpu").manual_seed(1)
    ids = torch.randint(0, shape.vocab, (batch, shape.seq), generator=gen).to(device)
    mask = torch.ones_like(ids)
    if reft is not None:
        reft.set_batch(mask)

    def step() -> torch.Tensor:
        out = model(input_ids=ids, attention_mask=mask, labels=ids)
        out.loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return out.loss.detach()

    counted = count_step_flops(step)

    if cuda:
        torch.cuda.reset_peak_memory_stats(device)
    for _ in range(shape.warmup):
        step()
    if cuda:
        torch.cuda.synchronize(device)
    times: list[float] = []
    began = time.perf_counter()
    for _ in range(shape.steps):
        if cuda:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            loss = step()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
        else:
            t0 = time.perf_counter()
            loss = step()
            times.append((time.perf_counter() - t0) * 1000.0)
        if not torch.isfinite(loss):
            raise RuntimeError(f"{case.name}: non-finite loss {loss.item()}")
        if time.perf_counter() - began > shape.seconds_per_method:
            break
    peak = torch.cuda.max_memory_allocated(device) / 2**30 if cuda else 0.0
    mean_ms = sum(times) / len(times)
    flops = method_flops(case, model, Shape(**{**asdict(shape), "batch": batch}), blocks, head, trainable, 14)
    row = Row(
        method=case.name, detail=case.detail, batch=batch, seq=shape.seq, trainable_params=trainable, base_params=base_params,
        timed_steps=len(times), step_ms_mean=round(mean_ms, 3), step_ms_min=round(min(times), 3),
        tokens_per_s=round(batch * shape.seq / (mean_ms / 1000.0), 1), peak_mem_gib=round(peak, 3),
        predicted_flops_per_step=flops, counted_flops_per_step=counted, achieved_tflops=round(flops / (mean_ms / 1000.0) / 1e12, 4),
        fell_back="", error="",
    )
    if reft is not None:
        reft.remove()
    return row


def count_step_flops(step: Callable[[], torch.Tensor]) -> float:
    """FLOPs of one (untimed) training step as counted by torch's FlopCounterMode (matmuls and
    attention, forward and backward): a check that the FLOPs model matches what really runs,
    e.g. that a ReFT step does not backpropagate below its lowest intervened layer. 0 when
    this torch has no flop counter."""
    try:
        from torch.utils.flop_counter import FlopCounterMode
    except ImportError:
        return 0.0
    counter = FlopCounterMode(display=False)
    try:
        with counter:
            step()
    except Exception as error:  # noqa: BLE001 — an optional count must never cost the timed figures
        # torch 2.11's SDPA flop formula asserts on grouped-query shapes; the timed steps are unaffected.
        print(f"gpu-bench: FlopCounterMode could not count this step ({error}); counted FLOPs left at 0", flush=True)
        return 0.0
    return float(counter.get_total_flops())


def free(device: torch.device) -> None:
    gc.collect()
    if device.type == "cuda":
        torch.cuda.empty_cache()


def bench(case: MethodCase, shape: Shape, device: torch.device, dtype: torch.dtype) -> Row:
    """Runs one case at the shape's batch, halving it on out-of-memory (and saying so)."""
    batch = shape.batch
    notes: list[str] = []
    while batch >= 1:
        try:
            row = run_case(case, shape, batch, device, dtype)
            row.fell_back = "; ".join(notes)
            return row
        except OOM_ERROR:
            notes.append(f"out of memory at batch {batch}")
            free(device)
            batch //= 2
        finally:
            free(device)
    return Row(case.name, case.detail, 0, shape.seq, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "; ".join(notes), "out of memory even at batch 1")


def markdown(rows: list[Row], meta: dict[str, object]) -> str:
    lines = [
        f"# GPU benchmark: {meta['device']}",
        "",
        f"Model: random LLaMA-shaped, {meta['base_params']:,} parameters, {meta['dtype']}, SDPA attention; "
        f"torch {meta['torch']}, transformers {meta['transformers']}, peft {meta['peft']}. "
        "Step = forward + backward + AdamW step, timed with CUDA events after warm-up. "
        "Predicted FLOPs: DESIGN.md's FLOPs model (attention score products excluded); counted FLOPs: torch's "
        "FlopCounterMode over one extra step (matmuls and attention, forward and backward). "
        "Achieved TFLOP/s = predicted FLOPs / mean step time.",
        "",
        "| method | setting | batch × seq | trainable | step ms (mean) | tokens/s | peak GiB | predicted FLOP/step | counted FLOP/step | achieved TFLOP/s | note |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        note = "; ".join(x for x in (r.fell_back, r.error) if x)
        lines.append(
            f"| {r.method} | {r.detail} | {r.batch} × {r.seq} | {r.trainable_params:,} | {r.step_ms_mean:.1f} | {r.tokens_per_s:,.0f} | "
            f"{r.peak_mem_gib:.2f} | {r.predicted_flops_per_step:.3g} | {r.counted_flops_per_step:.3g} | {r.achieved_tflops:.3g} | {note} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiny", action="store_true", help="tiny model on the CPU (tests this script)")
    parser.add_argument("--methods", default=",".join(c.name for c in CASES), help="comma-separated subset of " + ",".join(c.name for c in CASES))
    args = parser.parse_args(argv)
    out = Path(os.environ.get("OUT") or "gpu-out")
    out.mkdir(parents=True, exist_ok=True)
    shape = TINY if args.tiny else BIG
    wanted = args.methods.split(",")
    unknown = [m for m in wanted if m not in {c.name for c in CASES}]
    if unknown:
        print(f"gpu-bench: unknown method(s) {unknown}", file=sys.stderr)
        return 2
    if args.tiny:
        device, dtype = torch.device("cpu"), torch.float32
    else:
        if not torch.cuda.is_available():
            print("gpu-bench: torch sees no CUDA device; run with --tiny for the CPU check", file=sys.stderr)
            return 3
        device, dtype = torch.device("cuda"), torch.bfloat16
    torch.backends.cuda.matmul.allow_tf32 = True
    import transformers

    try:
        import peft

        peft_version = peft.__version__
    except ImportError:
        peft_version = "absent"

    meta: dict[str, object] = {
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else f"CPU ({platform.processor() or platform.machine()})",
        "torch": torch.__version__, "transformers": transformers.__version__, "peft": peft_version,
        "cuda": torch.version.cuda, "dtype": str(dtype).replace("torch.", ""), "python": platform.python_version(), "shape": asdict(shape),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    rows: list[Row] = []
    t0 = time.perf_counter()
    for case in CASES:
        if case.name not in wanted:
            continue
        if case.kind in ("lora", "dora") and peft_version == "absent":
            rows.append(Row(case.name, case.detail, shape.batch, shape.seq, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "", "skipped: peft is not installed"))
            continue
        if time.perf_counter() - t0 > TOTAL_SECONDS:
            rows.append(Row(case.name, case.detail, shape.batch, shape.seq, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "", f"skipped: the run passed {TOTAL_SECONDS:.0f} s"))
            continue
        began = time.perf_counter()
        try:
            row = bench(case, shape, device, dtype)
        except Exception as error:  # one failing method must not lose the others' numbers
            row = Row(case.name, case.detail, shape.batch, shape.seq, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "", f"{type(error).__name__}: {error}")
            free(device)
        rows.append(row)
        meta["base_params"] = row.base_params or meta.get("base_params", 0)
        print(f"gpu-bench: {case.name}: {row.step_ms_mean:.1f} ms/step, {row.tokens_per_s:,.0f} tok/s, peak {row.peak_mem_gib:.2f} GiB, "
              f"{row.achieved_tflops:.1f} TFLOP/s {row.fell_back} {row.error} ({time.perf_counter() - began:.0f} s)", flush=True)
        (out / "gpu-bench.json").write_text(json.dumps({"meta": meta, "rows": [asdict(r) for r in rows]}, indent=2) + "\n")
        (out / "gpu-bench.md").write_text(markdown(rows, meta))
    meta["total_seconds"] = round(time.perf_counter() - t0, 1)
    (out / "gpu-bench.json").write_text(json.dumps({"meta": meta, "rows": [asdict(r) for r in rows]}, indent=2) + "\n")
    (out / "gpu-bench.md").write_text(markdown(rows, meta))
    print(f"gpu-bench: wrote {out / 'gpu-bench.json'} and {out / 'gpu-bench.md'} in {meta['total_seconds']} s")
    return 1 if any(r.error and not r.error.startswith("skipped") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
