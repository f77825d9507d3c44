"""Executes one run spec: load, apply the method, train with AdamW and the schedule, evaluate,
and emit events (start, step, eval, end) through an EventWriter. Errors propagate to
__main__.py, which turns them into the error event."""

from __future__ import annotations

import math
import os
import platform
import random
import time
from pathlib import Path
from typing import Any

import torch

from . import WORKER_VERSION
from .errors import DivergedError, WorkerUserError
from .events import EventWriter, finite_or_none
from .generate import eos_token_ids, generation_splits, greedy_generate
from .head import head_param_count, init_head_from_checkpoint
from .methods import AppliedMethod, apply_method
from .model_dropout import spec_dropout
from .optim import adamw_param_groups
from .model_io import DTYPES, count_params, load_base_model, pick_device
from .schedule import lr_factor, lr_factor_at_fraction, warmup_steps
from .schedule_file import read_schedule
from .splits import Example, eval_batches, read_split, scheduled_batches
from .task_model import TaskModel
from .timing import StepTimer, peak_memory_bytes, reset_peak


def configure_determinism(seed: int, deterministic: bool, threads: int) -> None:
    """Seeds every generator; in deterministic mode also asks torch for deterministic kernels."""
    random.seed(seed)
    torch.manual_seed(seed)
    if threads > 0:
        torch.set_num_threads(threads)
    if deterministic:
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.use_deterministic_algorithms(True)
        torch.backends.cudnn.benchmark = False
        torch.backends.cudnn.deterministic = True


def library_versions() -> dict[str, str]:
    import peft
    import transformers

    versions = {"python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__}
    if torch.version.cuda:
        versions["cuda"] = str(torch.version.cuda)
    return versions


def load_init_params(path: Path, model: TaskModel, applied: AppliedMethod) -> None:
    """Sets the method's (and the head's) initial values from a safetensors file, by stable name:
    ReFT `reft.layers.<l>.<g>.<param>`, peft `<module path>.lora_A.weight`, full/bitfit the HF
    parameter names, the head `head.dense.weight` etc. Every trainable name must be present."""
    from safetensors.torch import load_file

    if not path.is_file():
        raise WorkerUserError(f"run spec /initParams: {path} does not exist. Write it (parity tests do) or remove the field.")
    values = load_file(str(path))
    if applied.load is not None:
        try:
            applied.load(values)
        except ValueError as error:  # a missing, misshapen or inconsistent method tensor in the file
            raise WorkerUserError(f"run spec /initParams: {path}: {error}.") from error
        names = {k: p for k, p in trainable_by_name(model, applied).items() if not k.startswith("reft.")}
    else:
        names = trainable_by_name(model, applied)
    missing = sorted(set(names) - set(values))
    if missing:
        raise WorkerUserError(f"run spec /initParams: {path} lacks {', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}. Write every trainable parameter.")
    with torch.no_grad():
        for name, param in names.items():
            value = values[name]
            if tuple(value.shape) != tuple(param.shape):
                raise WorkerUserError(f"run spec /initParams: {path} has {name} with shape {tuple(value.shape)}, the model needs {tuple(param.shape)}.")
            param.copy_(value.to(param.dtype))


def trainable_by_name(model: TaskModel, applied: AppliedMethod) -> dict[str, torch.nn.Parameter]:
    """All trainable parameters of the run (method and head) by their stable names."""
    out = dict(applied.params)
    if model.head is not None:
        out.update({f"head.{k}": p for k, p in model.head.named_parameters()})
    return out


def run(spec: dict[str, Any], events: EventWriter, dump_init: Path | None = None, dump_grads: Path | None = None) -> int:
    began = time.perf_counter()
    backend = spec["backend"]
    configure_determinism(int(spec["seed"]), bool(backend["deterministic"]), int(backend["threads"]))
    device = pick_device(backend.get("device"))
    dtype = DTYPES[spec["model"]["dtype"]]
    if device.type == "cpu" and dtype == torch.float16:
        raise WorkerUserError("run spec /model/dtype is float16, which torch does not train on the CPU. Use float32 or bfloat16, or a GPU.")
    task, arch, family = spec["task"], spec["model"]["arch"], spec["model"]["family"]
    data = spec.get("data")
    if data is None:
        raise WorkerUserError("run spec has no /data: the runner fills in the tokenized split files before starting a backend.")
    train = read_split(Path(data["train"]), int(task["maxLength"]))
    dev = read_split(Path(data["dev"]), int(task["maxLength"]))
    test = read_split(Path(data["test"]), int(task["maxLength"])) if "test" in data else None

    base = load_base_model(spec["model"]["source"], family, dtype, device)
    base_params = count_params(base)
    applied = apply_method(base, spec, dtype, device)
    # The head's dropout is the run spec's /dropout/head (0 when absent), as on the ort backend.
    head_dropout = spec_dropout(spec)[1]
    model_type = str(arch.get("modelType", ""))
    model = TaskModel(applied, family, task["type"], max(1, int(task["numLabels"])), int(arch["hiddenSize"]), dtype, head_dropout, pooler=family == "encoder" and model_type == "bert").to(device)
    if model.head is not None and family == "encoder":
        # The head starts where the ort engine's does: the checkpoint's pooler (BERT) or classifier.
        init_head_from_checkpoint(model.head, Path(spec["model"]["source"]), model_type)
    head_params = head_param_count(int(arch["hiddenSize"]), max(1, int(task["numLabels"]))) if model.head is not None else 0
    if "initParams" in spec:
        load_init_params(Path(spec["initParams"]), model, applied)
    if dump_init is not None:
        from safetensors.torch import save_file

        reft_values = {f"reft.{k}": v for k, v in {**applied.reft.named_reft_params(), **applied.reft.reft_parametrization()}.items()} if applied.reft is not None else {}
        plain = {k: p.detach() for k, p in trainable_by_name(model, applied).items() if applied.reft is None or not k.startswith("reft.")}
        save_file({k: v.contiguous().cpu() for k, v in {**plain, **reft_values}.items()}, str(dump_init))

    accounting = spec.get("accounting")
    if accounting is not None and (accounting["trainableParams"] != applied.count or accounting["headParams"] != head_params):
        raise RuntimeError(
            f"parameter counts disagree with the planner: the worker has {applied.count} trainable + {head_params} head, "
            f"the plan says {accounting['trainableParams']} + {accounting['headParams']} ({spec['method']['kind']})"
        )
    events.emit({
        "type": "start", "runId": spec["runId"], "backend": "torch", "backendVersion": WORKER_VERSION,
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu", "dtype": spec["model"]["dtype"],
        "params": {"trainable": applied.count, "head": head_params, "base": base_params},
        "deterministic": bool(backend["deterministic"]), "libraries": library_versions(),
    })

    training = spec["training"]
    named = trainable_by_name(model, applied)
    params = list(named.values())
    betas = training["optimizer"]["betas"]
    optimizer = torch.optim.AdamW(adamw_param_groups(named, float(training["weightDecay"])), lr=training["lr"], betas=(betas[0], betas[1]), eps=training["optimizer"]["eps"])
    planned = int(training["steps"])
    warm = warmup_steps(planned, float(training["warmupRatio"]))
    pad = int(arch["padTokenId"])
    if "schedule" not in data:
        raise WorkerUserError("run spec has no /data/schedule: the runner writes the batch schedule before starting a backend.")
    schedule = read_schedule(Path(data["schedule"]), len(train))
    # The schedule is every step (or, under a seconds rule, a bounded prefix of the endless one).
    total = min(planned, len(schedule))
    batches = scheduled_batches(train, schedule, pad)
    timer = StepTimer(device)
    eval_every = int(training.get("evalEvery", 0))
    budget = training.get("secondsBudget")
    # lrClock "seconds": the schedule follows the elapsed fraction of the budget (schedule.py), on the
    # same clock that ends the run (the summed step times).
    seconds_clock = training.get("lrClock") == "seconds"
    if seconds_clock and budget is None:
        raise RuntimeError(f"run {spec['runId']} has lrClock \"seconds\" without a secondsBudget")
    reset_peak(device)
    tokens = 0
    train_seconds = 0.0
    stopped_by = "steps"
    steps_done = 0
    for step in range(total):
        model.train()
        batch = next(batches).to(device)
        if seconds_clock:
            lr = training["lr"] * lr_factor_at_fraction(training["schedule"], train_seconds / float(budget), float(training["warmupRatio"]))
        else:
            lr = training["lr"] * lr_factor(training["schedule"], step, planned, warm)
        for group in optimizer.param_groups:
            group["lr"] = lr
        if dump_grads is not None and step == 0:
            from .grad_dump import dump_gradients

            dump_gradients(model, applied, named, batch, dump_grads)
        timer.start()
        outputs = model(batch)
        assert outputs.loss is not None, "training examples need labels"
        outputs.loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(params, training["maxGradNorm"] if training["maxGradNorm"] > 0 else float("inf"))
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step_ms = timer.stop_ms()
        train_seconds += step_ms / 1000.0
        loss = float(outputs.loss.detach().item())
        tokens += batch.tokens
        steps_done = step + 1
        events.emit({"type": "step", "step": steps_done, "loss": finite_or_none(loss), "lr": lr, "tokens": tokens,
                     "elapsedSeconds": round(train_seconds, 6), "stepMs": round(step_ms, 4), "gradNorm": finite_or_none(float(grad_norm))})
        if not torch.isfinite(outputs.loss):
            raise DivergedError(steps_done, f"the training loss became {loss} at step {steps_done}; lower the learning rate.")
        if eval_every > 0 and steps_done % eval_every == 0 and steps_done < total:
            events.emit({"type": "eval", "step": steps_done, "elapsedSeconds": round(time.perf_counter() - began, 3), "predictions": predict(model, dev, "dev", training, pad, device)})
        if budget is not None and train_seconds >= float(budget):
            stopped_by = "seconds"
            break

    eval_started = time.perf_counter()
    predictions = [predict(model, dev, "dev", training, pad, device)]
    if test is not None:
        predictions.append(predict(model, test, "test", training, pad, device))
    generate_dev, generate_test = generation_splits(task)
    answers = [(predictions[0], dev)] if generate_dev else []
    if generate_test and test is not None:
        answers.append((predictions[-1], test))
    for split_predictions, examples in answers:
        split_predictions["generated"] = greedy_generate(
            model, examples, int(training["evalBatchSize"]), pad, int(task["generation"]["maxNewTokens"]), int(task["maxLength"]), eos_token_ids(base), device,
        )
    events.emit({
        "type": "end", "steps": steps_done, "tokens": tokens, "wallSeconds": round(time.perf_counter() - began, 3),
        "trainSeconds": round(train_seconds, 6), "evalSeconds": round(time.perf_counter() - eval_started, 6), "tokensPerSecond": round(tokens / train_seconds, 3) if train_seconds > 0 else 0.0,
        "peakMemoryBytes": peak_memory_bytes(device), "stoppedBy": stopped_by, "predictions": predictions,
    })
    return 0


@torch.no_grad()
def predict(model: TaskModel, examples: list[Example], split: str, training: dict[str, Any], pad: int, device: torch.device) -> dict[str, Any]:
    """Per-example predictions on a split, in file order (the inputs of the metrics)."""
    model.eval()
    predicted: list[float] = []
    target_tokens: list[int] = []
    nll_sums: list[float] = []
    loss_sum, loss_weight = 0.0, 0
    for batch in eval_batches(examples, int(training["evalBatchSize"]), pad):
        out = model(batch.to(device))
        predicted.extend(out.predicted)
        target_tokens.extend(out.target_tokens)
        nll_sums.extend(out.nll_sums)
        if out.loss is not None:
            weight = sum(out.target_tokens) if out.target_tokens else len(out.predicted)
            loss_sum += float(out.loss.item()) * weight
            loss_weight += weight
    result: dict[str, Any] = {"split": split, "exampleIds": [e.id for e in examples], "predicted": [float(v) for v in predicted]}
    if model.task_type == "causal_lm":
        result["tokens"] = target_tokens
        result["nllSums"] = [float(v) if math.isfinite(v) else 0.0 for v in nll_sums]
    if loss_weight > 0 and (value := finite_or_none(loss_sum / loss_weight)) is not None:
        result["loss"] = value
    return result
