#!/usr/bin/env bash
# Continue the Sudoku campaign on a lent GPU (the `device` tool's machine), then write its state for git.
#   bash training/campaigns/sudoku/gpu.sh            # there: at most MINUTES (default 8) of training
#   DEVICE=cpu MINUTES=0.2 bash training/campaigns/sudoku/gpu.sh   # here: the same script, to try it
# The device machine starts bare, so the base mix is regenerated there into runs/data (about 2 minutes on
# 16 cores; carry runs/data to skip it). What comes back is training/campaigns/sudoku/ under $OUT.
set -euo pipefail
cd "$(dirname "$0")/../../.."
PY=${PY:-python3}
DEVICE=${DEVICE:-cuda}
MINUTES=${MINUTES:-8}
BATCH=${BATCH:-256}
export PYTHONUNBUFFERED=1
"$PY" -m training.recipes.sudoku --resume --device "$DEVICE" --batch-size "$BATCH" --threads 8 \
    --minutes "$MINUTES" --out runs/sudoku_gpu --save-campaign
if [ -n "${OUT:-}" ]; then
    mkdir -p "$OUT/campaign" && cp training/campaigns/sudoku/{state.pt,best.safetensors,best.json,log.jsonl} "$OUT/campaign/"
fi
