#!/usr/bin/env bash
# Continue a campaign (sudoku or arc) on a lent GPU (the `device` tool's machine), then write its state for git.
#   bash training/campaigns/gpu.sh sudoku            # there: at most MINUTES (default 8) of training
#   DEVICE=cpu MINUTES=0.2 BATCH=16 bash training/campaigns/gpu.sh arc   # here: the same script, to try it
# The device machine starts bare. Sudoku regenerates its base mix there into runs/data (about 2 minutes on
# 16 cores; carry runs/data to skip it); ARC reads only what is in the repository. What comes back is
# training/campaigns/NAME/ under $OUT/campaign.
set -euo pipefail
cd "$(dirname "$0")/../.."
NAME=${1:?which campaign: sudoku or arc}
case "$NAME" in
    sudoku) RECIPE=training.recipes.sudoku ;;
    arc) RECIPE=training.recipes.arc_campaign ;;
    *) echo "no campaign named '$NAME' (sudoku or arc)" >&2; exit 2 ;;
esac
PY=${PY:-python3}
DEVICE=${DEVICE:-cuda}
MINUTES=${MINUTES:-8}
BATCH=${BATCH:-256}
export PYTHONUNBUFFERED=1
"$PY" -m "$RECIPE" --resume --device "$DEVICE" --batch-size "$BATCH" --threads 8 \
    --minutes "$MINUTES" --out "runs/${NAME}_gpu" --save-campaign
if [ -n "${OUT:-}" ]; then
    mkdir -p "$OUT/campaign" && cp "training/campaigns/$NAME"/{state.pt,best.safetensors,best.json,log.jsonl} "$OUT/campaign/"
fi
