#!/usr/bin/env bash
# One-shot GPU benchmark of the torch backend (see docs/gpu.md). Prints what the machine has
# (node, nvidia-smi, Python and package versions), then runs scripts/gpu_bench.py, which writes
# gpu-bench.json and gpu-bench.md to $OUT (default ./gpu-out). Needs only Python with torch,
# transformers (peft for the LoRA/DoRA rows), plus this repository's src/backends/torch/. Extra arguments go to
# gpu_bench.py (e.g. --tiny for the CPU check, --methods loreft,full).
set -uo pipefail
cd "$(dirname "$0")/.."
export OUT="${OUT:-$(pwd)/gpu-out}"
mkdir -p "$OUT"

if [ -n "${REFTBENCH_PYTHON:-}" ]; then py="$REFTBENCH_PYTHON"
elif [ -x .venv/bin/python ]; then py=.venv/bin/python
else py="$(command -v python3 || command -v python || true)"; fi

{
  echo "== gpu-bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
  echo "== node: $(command -v node || echo 'absent') $(node --version 2>/dev/null || true)"
  echo "== nvidia-smi:"; nvidia-smi 2>&1 || echo "nvidia-smi absent"
  echo "== python: ${py:-absent} $("${py:-false}" --version 2>&1 || true)"
  if [ -n "$py" ]; then
    "$py" - <<'PY' 2>&1
import importlib
from importlib import metadata
for name in ("torch", "transformers", "peft", "safetensors", "numpy", "jsonschema"):
    try:
        mod = importlib.import_module(name)
        extra = ""
        if name == "torch":
            extra = f" cuda={mod.version.cuda} available={mod.cuda.is_available()}"
            if mod.cuda.is_available():
                extra += f" device={mod.cuda.get_device_name(0)}"
        print(f"{name}: {metadata.version(name)}{extra}")
    except Exception as error:
        print(f"{name}: absent ({type(error).__name__}: {error})")
PY
  fi
} | tee "$OUT/environment.txt"

if [ -z "$py" ] || ! "$py" -c 'import torch' >/dev/null 2>&1; then
  echo "gpu-bench: torch is not importable with ${py:-no python}; install torch, transformers and peft (or set REFTBENCH_PYTHON) and rerun." >&2
  exit 3
fi
if ! "$py" -c "import transformers" >/dev/null 2>&1; then
  echo "gpu-bench: transformers is not importable with $py; it is needed to build the LLaMA-shaped model." >&2
  exit 3
fi
if ! "$py" -c "import peft" >/dev/null 2>&1; then
  echo "gpu-bench: peft is not importable with $py: the LoRA and DoRA rows will be skipped (ReFT and full still run)." >&2
fi

"$py" scripts/gpu_bench.py "$@" 2>&1 | tee "$OUT/run.log"
exit "${PIPESTATUS[0]}"
