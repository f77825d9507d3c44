#!/usr/bin/env bash
# Makes the HF-format directory of stories260K (Karpathy's tinyllamas: a real pretrained 260K-parameter
# LLaMA, 5 layers, dim 64, vocab 512) that suites/stories-recall.json reads, from its llama2.c files:
# stories260K.bin (weights) and tok512.bin (tokenizer), converted by `reftbench model convert-llama2c`.
#
# Where the llama2.c files come from: a folder given as the first argument, else
# $REFTBENCH_DATA_DIR/models/stories260K. Their sha256 must equal that of the files the project was
# tested with (greedy decoding from them reproduces Karpathy's documented story; some copies in the
# wild are corrupted). Nothing is downloaded here: the weights are Karpathy's karpathy/tinyllamas
# stories260K (https://huggingface.co/karpathy/tinyllamas, folder stories260K) with llama2.c's tok512.bin.
#
# Idempotent: a second run finds the directory and does nothing.
# Usage: bash scripts/setup-stories.sh [folder-with-llama2c-files]   (output: .cache/models/stories260K)
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT="${REFTBENCH_MODELS_DIR:-.cache/models}"
TARGET="$ROOT/stories260K"
SRC="${1:-${REFTBENCH_DATA_DIR:+$REFTBENCH_DATA_DIR/models/stories260K}}"
WEIGHTS_SHA256="b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696"
TOKENIZER_SHA256="037cb335abb25d1fa9e8ecae30ed2a3a8ace9302862ebcdc05d51a6bbb10c312"

if [[ -f "$TARGET/config.json" && -f "$TARGET/tokenizer.json" && -f "$TARGET/model.safetensors" ]]; then
  echo "$TARGET: already set up"
  exit 0
fi
if [[ -z "$SRC" || ! -f "$SRC/stories260K.bin" || ! -f "$SRC/tok512.bin" ]]; then
  echo "setup-stories: no stories260K.bin and tok512.bin found${SRC:+ in $SRC}. Download both from" >&2
  echo "  https://huggingface.co/karpathy/tinyllamas (folder stories260K) into one folder and run" >&2
  echo "  bash scripts/setup-stories.sh <that folder>   (or set REFTBENCH_DATA_DIR to a data folder holding models/stories260K/)" >&2
  exit 2
fi
sha256() { python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; }
if [[ "$(sha256 "$SRC/stories260K.bin")" != "$WEIGHTS_SHA256" ]]; then
  echo "setup-stories: $SRC/stories260K.bin is not the stories260K checkpoint this project was tested with (sha256 differs)" >&2
  exit 2
fi
if [[ "$(sha256 "$SRC/tok512.bin")" != "$TOKENIZER_SHA256" ]]; then
  echo "setup-stories: $SRC/tok512.bin is not the 512-token tokenizer this project was tested with (sha256 differs)" >&2
  exit 2
fi
# Convert into a temporary folder beside the target and rename, so an interrupted run leaves nothing half-made.
mkdir -p "$ROOT"
tmp="$(mktemp -d "$ROOT/.stories260K.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
node bin/reftbench.mjs model convert-llama2c "$SRC/stories260K.bin" "$SRC/tok512.bin" "$tmp/stories260K"
mv "$tmp/stories260K" "$TARGET"
echo "$TARGET: ready"
