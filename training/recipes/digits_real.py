"""Second stage of the bundled digit classifier: fine-tuning on real photos' cells and pencil candidates.

    python -m training.recipes.digits_real [--minutes 8] [--dev-dir DIR]

Starts from resources/models/digits.safetensors (stage 1, training.recipes.digits) and trains on a mix:
- cells of the real dev photos (training.dev_photos), of the tuning puzzles only (the held-out ones are
  measured, never trained on): each photo read by the current model, its cells cut from the rectified
  grid at jittered offsets and contrasts, labelled from the photo's label; pencil candidates are blank;
  a few digits turned a quarter as "other" (the orientation test needs it)
- synthetic cells as stage 1 renders them (training.digits_data, with the fonts on this machine), so the
  printed faces and pen strokes of stage 1 are not forgotten
- synthetic pencil candidates: two to four digits side by side (a quarter to half a cell tall, mostly
  along the top), three keypad-style, or one small one in a corner of an empty cell, in pencil grey or
  pen, labelled blank: "small pencil candidates are never
  read as a digit".
Writes the model back with a "finetune" entry in digits.json, and the held-out real cells' figures.
One thread.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F

from solver.checkpoint import BUNDLED_DIR, atomic_write_bytes
from solver.vision import NoGridFound, digits, fonts, lattice, read_photo
from solver.vision.fonts import glyph_mask
from solver.vision.geometry import CELL_MARGIN, CELL_PX
from training import dev_photos, digits_data
from training.digits_data import HR, PAD, make_batch
from training.recipes.digits import evaluate

REAL_SHARE, SYNTH_SHARE = 0.45, 0.4     # of a batch; the rest synthetic pencil candidates
PENCIL_WEIGHT = 4.0                     # real pencil-candidate cells drawn this much more often
TURNED_SHARE = 0.08                     # real digits turned a quarter, as "other"
BATCH, LR = 128, 6e-4
SYNTH_N, PENCIL_N = 20_000, 6_000
_M = lattice.M // 2                     # the upright view's margin (lattice.rectify's default)


def pencil_cell(rng: np.random.Generator, faces: list[fonts.FontFace]) -> tuple[np.ndarray, float]:
    """An empty cell holding small candidate digits: (crop as the reader cuts one, grid ink contrast)."""
    n = int(round((1 + 2 * PAD) * HR))
    paper = rng.uniform(150, 255)
    ink = rng.uniform(0, max(paper - 90, 1))
    canvas = np.full((n, n), paper, np.float32)
    digits_data._lines(canvas, rng, ink, paper)
    lo = PAD * HR
    k = int(rng.choice([1, 2, 3, 4], p=[0.15, 0.5, 0.25, 0.1]))
    cands = np.sort(rng.choice(np.arange(1, 10), k, replace=False))
    face = faces[rng.integers(len(faces))]
    light = rng.uniform(0.25, 0.7) if rng.random() < 0.5 else rng.uniform(0, 0.2)     # pencil or pen
    level = ink + light * (paper - ink)
    hand = rng.random() < 0.6
    if k == 1:                   # one candidate, small, in a corner
        height = HR * rng.uniform(0.2, 0.33)
        spots = [(lo + HR * rng.choice([0.2, 0.8]), lo + HR * rng.choice([0.2, 0.8], p=[0.7, 0.3]))]
    elif rng.random() < 0.8:     # a row, as wide as the cell allows, mostly along the top
        pitch = rng.uniform(0.55, 0.8)
        height = HR * min(rng.uniform(0.25, 0.5), 0.95 / (pitch * k))
        y = lo + HR * rng.choice([0.3, 0.5, 0.72], p=[0.7, 0.2, 0.1]) + rng.normal(0, 0.04 * HR)
        x0 = lo + HR * rng.uniform(0.02, 0.15) + height * 0.3
        spots = [(x0 + i * height * pitch, y) for i in range(k)]
    else:                        # the keypad layout: each digit in its ninth of the cell
        height = HR * rng.uniform(0.2, 0.3)
        spots = [(lo + HR * (0.2 + 0.3 * ((d - 1) % 3)), lo + HR * (0.2 + 0.3 * ((d - 1) // 3))) for d in cands]
    for d, (cx, cy) in zip(cands, spots):
        mask = digits_data.synthetic_handwriting.mask(rng, int(d), height) if hand else \
            glyph_mask(face, str(d), height, 0, rng)
        digits_data._paste(canvas, mask, cx + rng.normal(0, 1.5), cy + rng.normal(0, 1.5), level,
                           rng.normal(0, 6), rng.normal(0, 0.1))
    img = digits_data._photo(np.clip(canvas, 0, 255), rng)
    a = int(round(PAD * CELL_PX)) + CELL_MARGIN
    crop = img[a: a + CELL_PX - 2 * CELL_MARGIN, a: a + CELL_PX - 2 * CELL_MARGIN]
    return crop, max((paper - ink) * rng.uniform(0.7, 1.1), 1.0)


def real_cells(photos: list[dev_photos.DevPhoto], clf: digits.DigitClassifier, log
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(upright rectified grids (P, side, side) uint8, their ink contrasts (P,), labels (P, 81) with
    pencil cells blank, pencil flags (P, 81)) of the photos whose grid is found where its label says."""
    grids, contrasts, labels, pencil = [], [], [], []
    for p in photos:
        try:
            r = read_photo(p.path, "sudoku", classifier=clf)
        except NoGridFound:
            continue
        if p.corners is not None and dev_photos._corner_error(r.corners.astype(np.float64), p.corners) > 0.03:
            log(f"{p.path.name}: grid off its label; left out")
            continue
        g = cv2.cvtColor(r.warped, cv2.COLOR_BGR2GRAY)
        contrasts.append(digits.ink_contrast([_cut(g, i, 0, 0) for i in range(81)]))
        grids.append(g)
        labels.append([int(c) for c in p.digits])
        flags = np.zeros(81, bool)
        flags[list(p.pencil)] = True
        pencil.append(flags)
    return np.stack(grids), np.array(contrasts), np.array(labels, np.int64), np.stack(pencil)


def _cut(g: np.ndarray, cell: int, dy: int, dx: int) -> np.ndarray:
    r, c = divmod(cell, 9)
    y, x = _M + r * CELL_PX + CELL_MARGIN + dy, _M + c * CELL_PX + CELL_MARGIN + dx
    return g[y: y + CELL_PX - 2 * CELL_MARGIN, x: x + CELL_PX - 2 * CELL_MARGIN]


def real_batch(rng: np.random.Generator, data: tuple, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n real cells, drawn with pencil cells weighted up, cut at offsets of up to 2 px, their contrast
    jittered, a few blurred or turned."""
    grids, contrasts, labels, pencil = data
    w = np.where(pencil, PENCIL_WEIGHT, 1.0).ravel()
    pick = rng.choice(w.size, n, p=w / w.sum())
    x = np.empty((n, 1, digits.INPUT, digits.INPUT), np.float32)
    y = np.empty(n, np.int64)
    for i, k in enumerate(pick):
        ph, cell = divmod(int(k), 81)
        crop = _cut(grids[ph], cell, *rng.integers(-2, 3, 2)).astype(np.float32)
        if rng.random() < 0.2:
            crop = cv2.GaussianBlur(crop, (0, 0), rng.uniform(0.4, 1.2))
        lab = int(labels[ph, cell])
        x[i, 0] = digits.normalise(crop, contrasts[ph] * rng.uniform(0.8, 1.2))
        if lab and lab not in (1, 8) and rng.random() < TURNED_SHARE:     # 1 and 8 turned may still be 1, 8
            x[i, 0] = np.rot90(x[i, 0], int(rng.choice([1, 3])))
            lab = digits.OTHER
        y[i] = lab
    return x, y


def _pool(rng: np.random.Generator, faces: list[fonts.FontFace], n: int) -> np.ndarray:
    return np.stack([digits.normalise(*pencil_cell(rng, faces)) for _ in range(n)])[:, None]


def measure(clf: digits.DigitClassifier, data: tuple) -> dict:
    """Held-out real cells: accuracy of blank and 1-9, pencil cells read as a digit, digits read as blank."""
    grids, contrasts, labels, pencil = data
    x = np.concatenate([digits.prepare([_cut(g, i, 0, 0) for i in range(81)], c) for g, c in zip(grids, contrasts)])
    pred = clf.probs(x)[:, :10].argmax(1).reshape(labels.shape)
    digit = labels > 0
    return {"cells": int(labels.size), "accuracy": round(float(np.mean(pred == labels)), 4),
            "pencil_read_as_digit": f"{int(np.sum(pencil & (pred > 0)))} of {int(pencil.sum())}",
            "digit_read_as_blank": f"{int(np.sum(digit & (pred == 0)))} of {int(digit.sum())}",
            "empty_read_as_digit": f"{int(np.sum(~digit & ~pencil & (pred > 0)))} of {int(np.sum(~digit & ~pencil))}"}


def train(minutes: float, dev_dir: str | None, log=print) -> Path:
    torch.set_num_threads(1)
    faces, _ = fonts.split()
    faces = faces or list(fonts.discover())
    if not faces:
        sys.exit("training.recipes.digits_real: no fonts found (see training.recipes.digits)")
    base = digits.bundled()
    photos = dev_photos.load(dev_dir)
    t0 = time.time()
    tune = real_cells([p for p in photos if not p.held_out], base, log)
    held = real_cells([p for p in photos if p.held_out], base, log)
    before = measure(base, held)
    log(f"real cells: {len(tune[0])} tuning photos, {len(held[0])} held-out photos; before: {before}")
    rng = np.random.default_rng(21)
    xs, ys = make_batch(rng, faces, SYNTH_N)
    xv, yv = make_batch(np.random.default_rng(22), faces, 3000)
    synth_before = evaluate(base.net, (xv * 255).round().astype(np.uint8), yv)["accuracy_blank_and_digits"]
    pencil = _pool(rng, faces, PENCIL_N)
    log(f"rendered {SYNTH_N} synthetic and {PENCIL_N} pencil cells in {time.time() - t0:.0f} s")
    net = base.net
    net.train()
    opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=1e-4)
    n_real, n_syn = int(BATCH * REAL_SHARE), int(BATCH * SYNTH_SHARE)
    n_pen = BATCH - n_real - n_syn
    budget, start, step = minutes * 60, time.time(), 0
    while (elapsed := time.time() - start) < budget:
        for g in opt.param_groups:
            g["lr"] = float(LR * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * elapsed / budget))))
        xr, yr = real_batch(rng, tune, n_real)
        i, j = rng.integers(0, len(ys), n_syn), rng.integers(0, len(pencil), n_pen)
        xb = torch.from_numpy(np.concatenate([xr, xs[i], pencil[j]]))
        yb = torch.from_numpy(np.concatenate([yr, ys[i], np.zeros(n_pen, np.int64)]))
        loss = F.cross_entropy(net(xb), yb, label_smoothing=0.05)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step % 200 == 0:
            log(f"step {step} {elapsed / 60:.1f} min loss {loss.item():.4f}")
    net.eval()
    after = measure(digits.DigitClassifier.of(net, base.meta), held)  # base.net was a copy: base is unchanged
    synth_after = evaluate(net, (xv * 255).round().astype(np.uint8), yv)["accuracy_blank_and_digits"]
    log(f"held-out real cells after: {after}; synthetic (this machine's fonts) {synth_before:.4f} -> {synth_after:.4f}")
    return _write(net, {"recipe": "python -m training.recipes.digits_real", "steps": step,
                        "seconds": round(time.time() - start), "threads": 1, "batch": BATCH,
                        "tuning_photos": len(tune[0]), "held_out_puzzles": sorted({p.puzzle for p in photos if p.held_out}),
                        "held_out_real_cells_before": before, "held_out_real_cells_after": after,
                        "synthetic_validation_before": round(synth_before, 4),
                        "synthetic_validation_after": round(synth_after, 4),
                        "synthetic_fonts": len(faces)})


def _write(net: digits.DigitNet, finetune: dict) -> Path:
    from safetensors.torch import save_file

    path = BUNDLED_DIR / "digits.safetensors"
    tmp = path.with_name(".digits.safetensors.tmp")
    save_file({k: v.detach().cpu().contiguous() for k, v in net.state_dict().items()}, str(tmp),
              metadata={"format_version": str(digits.FORMAT_VERSION), "kind": "digits"})
    tmp.replace(path)
    side = path.with_suffix(".json")
    meta = json.loads(side.read_text())
    meta["finetune"] = finetune
    atomic_write_bytes(side, json.dumps(meta, indent=2).encode())
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.digits_real", description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=8.0, help="optimisation time budget (default 8)")
    ap.add_argument("--dev-dir", help="the dev set's folder (default as training.dev_photos)")
    a = ap.parse_args(argv)
    try:
        path = train(a.minutes, a.dev_dir, log=lambda s: print(s, flush=True))
    except dev_photos.DevPhotosMissing as e:
        print(f"training.recipes.digits_real: {e}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
