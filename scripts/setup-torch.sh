#!/usr/bin/env bash
# Creates (or reuses) the project-local Python environment .venv/ for the torch backend, with
# the pinned versions in requirements-torch.txt. Idempotent and non-interactive, so CI runs the
# same command (`npm run setup:torch`). A marker file holds the hash of the pins; when it matches
# and the packages import, nothing is installed again.
#
# It also puts pyreft 0.1.0 and pyvene 0.1.8 (installed with --no-deps, plus only what pyvene's
# package import and pyreft's interventions module need) into .venv/pyreft-ref/, a separate
# folder used only by the reference test (test/backends/torch/python/test_pyreft_reference.py),
# never by the worker: pyreft's own requirements pull in flash-attn, jupyter, wandb and more.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
venv="$root/.venv"
pins="$root/requirements-torch.txt"
marker="$venv/.reftbench-pins"
python_bin="${REFTBENCH_PYTHON:-python3}"

if ! command -v "$python_bin" >/dev/null 2>&1; then
  echo "setup-torch: '$python_bin' not found; install Python 3.10 or newer (or set REFTBENCH_PYTHON to one)." >&2
  exit 2
fi
if ! "$python_bin" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "setup-torch: $("$python_bin" --version 2>&1) is too old; the torch backend needs Python 3.10 or newer." >&2
  exit 2
fi

ref_dir="$venv/pyreft-ref"
ref_pins="pyreft==0.1.0 pyvene==0.1.8 matplotlib==3.11.2 networkx==3.6.1 contourpy==1.3.3 cycler==0.12.1 fonttools==4.68.0 kiwisolver==1.5.1 pillow==13.0.0 pyparsing==3.3.3 python-dateutil==4.0.0 six==1.17.0"
want_hash="$( (cat "$pins"; echo "$ref_pins") | sha256sum | cut -d' ' -f1)"
check_complete() {
  [ -x "$venv/bin/python" ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$want_hash" ] &&
    "$venv/bin/python" -c 'import torch, transformers, peft, safetensors, jsonschema, numpy, pytest' >/dev/null 2>&1 &&
    [ -f "$ref_dir/pyreft/interventions.py" ] && [ -f "$ref_dir/pyvene/__init__.py" ]
}

# Serialize concurrent set-ups (several engineers or CI jobs may call this at once).
exec 9>"${TMPDIR:-/tmp}/reftbench-setup-torch.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if check_complete; then
  echo "setup-torch: .venv is complete (pins $want_hash); nothing to do."
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "setup-torch: creating $venv"
  "$python_bin" -m venv "$venv"
fi
rm -f "$marker"
echo "setup-torch: installing pinned packages from requirements-torch.txt (torch is large; this takes a while)"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --no-input --upgrade pip >/dev/null
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --no-input -r "$pins"
echo "setup-torch: installing the pyreft reference into $ref_dir"
rm -rf "$ref_dir"
# shellcheck disable=SC2086
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --no-input --no-deps --target "$ref_dir" $ref_pins
"$venv/bin/python" -c 'import torch, transformers, peft, safetensors, jsonschema, numpy, pytest; print("setup-torch: torch", torch.__version__, "transformers", transformers.__version__, "peft", peft.__version__)'
echo "$want_hash" > "$marker"
echo "setup-torch: done"
