"""Step-0 gradients for parity tests (`--dump-grads FILE`): dL/dθ of every trainable parameter on
the first training batch, by the stable names of initParams, written as safetensors.

ReFT's R is dumped twice: as dL/dR of its orthonormal value (`reft.layers.<l>.<g>.rotate`, d×r)
and as dL/dX of the tensor AdamW updates, the orthogonal parametrization's original
(`reft.layers.<l>.<g>.rotate.original`, d×r), which the `ort` engine trains too. The extra forward/backward leaves `.grad` untouched
(torch.autograd.grad), so training continues exactly as without the flag when dropout is off.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch.nn.utils import parametrize

from .methods import AppliedMethod
from .splits import Batch
from .task_model import TaskModel


def dump_gradients(model: TaskModel, applied: AppliedMethod, named: dict[str, torch.nn.Parameter], batch: Batch, path: Path) -> None:
    from safetensors.torch import save_file

    with parametrize.cached():
        targets: dict[str, torch.Tensor] = {k: p for k, p in named.items() if ".parametrizations." not in k}
        if applied.reft is not None:
            for layer, group_list in applied.reft.layers.items():
                for g, intervention in enumerate(group_list):  # type: ignore[arg-type]
                    rotation = intervention.rotation()  # type: ignore[operator]
                    if rotation is not None:
                        targets[f"reft.layers.{layer}.{g}.rotate"] = rotation  # the cached value the forward uses
                        targets[f"reft.layers.{layer}.{g}.rotate.original"] = intervention.rotate.parametrizations.weight.original  # type: ignore[union-attr]
        outputs = model(batch)
        assert outputs.loss is not None, "training examples need labels"
        grads = torch.autograd.grad(outputs.loss, list(targets.values()), allow_unused=True)
    values = {name: (torch.zeros_like(t) if grad is None else grad).detach().float().contiguous().cpu() for (name, t), grad in zip(targets.items(), grads)}
    values["loss"] = outputs.loss.detach().float().reshape(1).cpu()
    save_file(values, str(path))
