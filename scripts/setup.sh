#!/usr/bin/env bash
# One-command set-up: installs the Node dependencies without onnxruntime-node's CUDA download.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-fund --no-audit
# The compiled copy of the command (bin/compiled-cli.mjs); without it the command runs the
# TypeScript sources through tsx, which is slower to start but gives the same results.
node bin/compiled-cli.mjs || echo "setup: the command will run its TypeScript sources through tsx"
