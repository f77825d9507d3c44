#!/usr/bin/env bash
# One-command set-up: installs the Node dependencies without onnxruntime-node's CUDA download.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-fund --no-audit
