"""PyTorch side of bench/gemm-shapes.ts: times each GEMM shape given as JSON on argv[1] with
torch.matmul at the given thread count and prints one JSON object of milliseconds per shape."""
import json
import sys
import time

import torch

shapes, threads, reps = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
generator = torch.Generator().manual_seed(0)
out = {}
for s in shapes:
    a = torch.randn(*s["a"], generator=generator)
    b = torch.randn(*s["b"], generator=generator)
    product = lambda: (a.t() if s["transA"] else a) @ (b.t() if s["transB"] else b)  # noqa: E731
    for _ in range(2):
        product()
    start = time.perf_counter()
    for _ in range(reps):
        product()
    out[s["name"]] = (time.perf_counter() - start) / reps * 1000
print(json.dumps(out))
