#!/usr/bin/env bash
# Runs the torch worker's Python tests (pytest, test/backends/torch/python/) in the project venv,
# creating it first when needed. CI runs this next to `npm test`; the TypeScript adapter's tests
# run with `npm test` itself (test/backends/torch/adapter.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-torch.sh
export PYTHONDONTWRITEBYTECODE=1
exec .venv/bin/python -m pytest -q -p no:cacheprovider test/backends/torch/python "$@"
