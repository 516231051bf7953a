"""Streaming refinement: the network's answer after every answer update, as plain numpy steps.

`refine()` yields one RefineStep per update of y (T per supervision step), so the app can animate the
answer taking shape; it stops early when the halting head says so or, for kinds with rules (Sudoku, maze),
as soon as the answer satisfies every rule. `refine_batch()` is the same recursion over many puzzles at
once, for evaluation speed. Both run `TRM.latent_recursion` exactly as training does.

Test-time ensemble: with `ensemble=K`, K symmetry-augmented copies of the puzzle run as one batch and each
step shows the copy that best answers so far (rules satisfied first, then highest mean confidence),
mapped back to the original orientation. This is still the network's own answer: no search is involved.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from .model import TRM
from .puzzles.base import PuzzleKind

RULE_KINDS = ("sudoku", "maze")  # kinds whose rule check needs no expected answer


@dataclass(frozen=True)
class RefineStep:
    step: int                   # supervision step, from 0
    cycle: int                  # answer update within the step, from 0 to T-1
    answer: np.ndarray          # the decoded answer grid after this update
    confidence: np.ndarray      # per cell, the max probability (same shape as answer)
    changed: np.ndarray         # bool per cell: differs from the previous update's answer
    halt_prob: float            # sigmoid of the halting head
    rules_ok: bool              # the answer satisfies every rule (kinds with rules; else False)


@torch.no_grad()
def _updates(model: TRM, tokens: torch.Tensor, puzzle_ids: torch.Tensor | None, max_steps: int
             ) -> Iterator[tuple[int, int, torch.Tensor, torch.Tensor]]:
    """(step, cycle, probabilities (B, L, V), halting probability (B,)) after every answer update."""
    x = model.embed_input(tokens, puzzle_ids)
    y, z = model.initial_carry(tokens.shape[0])
    for step in range(max_steps):
        for cycle in range(model.cfg.T):
            y, z = model.latent_recursion(x, y, z)
            logits, halt = model.heads(y)
            yield step, cycle, torch.softmax(logits.float(), dim=-1), torch.sigmoid(halt.float())


def _device(model: TRM) -> torch.device:
    return next(model.parameters()).device


def refine(puzzle, model: TRM, kind: PuzzleKind, max_steps: int | None = None, ensemble: int = 1,
           stop_on_halt: bool = True, stop_on_rules: bool = True, puzzle_id: int = 0,
           seed: int = 0) -> Iterator[RefineStep]:
    """Yield the answer after every update of y, until halting, rules satisfied, or max_steps."""
    max_steps = max_steps or model.cfg.N_sup
    rng = np.random.default_rng(seed)
    augs = [None] + [kind.random_augmentation(rng, puzzle) for _ in range(ensemble - 1)]
    copies = [puzzle if a is None else a.apply(puzzle) for a in augs]
    tokens = torch.from_numpy(np.stack([kind.encode_input(p) for p in copies])).to(_device(model))
    ids = torch.full((len(copies),), puzzle_id, dtype=torch.long, device=tokens.device)
    has_rules = kind.name in RULE_KINDS
    prev = None
    for step, cycle, probs, halt in _updates(model, tokens, ids, max_steps):
        conf, tok = probs.max(dim=-1)
        conf, tok, halt = conf.cpu().numpy(), tok.cpu().numpy(), halt.cpu().numpy()
        best, best_key = 0, None
        answers, confs = [], []
        for i, (p, a) in enumerate(zip(copies, augs)):
            ans = kind.decode(p, tok[i])
            c = _cell_confidence(kind, p, conf[i], ans.shape)
            if a is not None:
                ans, c = a.invert_grid(ans), a.invert_cells(c)
            ok = has_rules and kind.check(puzzle, ans).ok
            key = (ok, float(c.mean()))
            if best_key is None or key > best_key:
                best, best_key = i, key
            answers.append(ans)
            confs.append(c)
        answer = answers[best]
        changed = np.ones(answer.shape, bool) if prev is None or prev.shape != answer.shape else answer != prev
        prev = answer
        ok = bool(best_key[0])
        yield RefineStep(step, cycle, answer, confs[best], changed, float(halt[best]), ok)
        if cycle == model.cfg.T - 1:
            if (stop_on_rules and ok) or (stop_on_halt and halt[best] > 0.5):
                return


def _cell_confidence(kind: PuzzleKind, puzzle, conf_tokens: np.ndarray, shape: tuple) -> np.ndarray:
    """Per-token confidence laid out like the decoded grid (the grid is the top-left of the canvas for
    kinds whose grids are smaller than the token sequence)."""
    n = int(np.prod(shape))
    if conf_tokens.size == n:
        return conf_tokens.reshape(shape)
    side = int(round(np.sqrt(conf_tokens.size)))
    canvas = conf_tokens.reshape(side, side)
    return canvas[: shape[0], : shape[1]].copy()


@dataclass
class BatchResult:
    answers: list[np.ndarray]          # the answer each puzzle stopped at
    steps: np.ndarray                  # supervision steps used per puzzle (halted or all of max_steps)
    exact_by_step: np.ndarray | None   # (max_steps,) fraction exactly right after each step (when known)
    halt_probs: np.ndarray             # (n, max_steps)


def refine_batch(puzzles: Sequence, model: TRM, kind: PuzzleKind, max_steps: int | None = None,
                 batch_size: int = 256, stop_on_halt: bool = True, stop_on_rules: bool = True,
                 puzzle_ids: Sequence[int] | None = None) -> BatchResult:
    """The recursion over many puzzles at once. Each puzzle's answer is frozen at the step where it
    would have stopped alone; all max_steps are still run so that accuracy per step can be reported."""
    max_steps = max_steps or model.cfg.N_sup
    T = model.cfg.T
    device = _device(model)
    has_rules = kind.name in RULE_KINDS
    n = len(puzzles)
    answers: list = [None] * n
    steps = np.full(n, max_steps, dtype=np.int64)
    known = all(getattr(p, "solution", None) is not None for p in puzzles)
    exact = np.zeros(max_steps) if known else None
    halts = np.zeros((n, max_steps))
    for start in range(0, n, batch_size):
        chunk = puzzles[start:start + batch_size]
        tokens = torch.from_numpy(np.stack([kind.encode_input(p) for p in chunk])).to(device)
        ids = None if puzzle_ids is None else torch.as_tensor(puzzle_ids[start:start + batch_size],
                                                               device=device)
        for step, cycle, probs, halt in _updates(model, tokens, ids, max_steps):
            if cycle != T - 1:
                continue
            tok = probs.argmax(-1).cpu().numpy()
            h = halt.cpu().numpy()
            halts[start:start + len(chunk), step] = h
            for i, p in enumerate(chunk):
                j = start + i
                ans = kind.decode(p, tok[i])
                if known:
                    exact[step] += _same(ans, p.solution)
                if answers[j] is None or steps[j] > step:
                    answers[j] = ans
                    stop = (stop_on_halt and h[i] > 0.5) or (
                        stop_on_rules and has_rules and kind.check(p, ans).ok)
                    if stop or step == max_steps - 1:
                        steps[j] = step + 1
    if known:
        exact /= max(n, 1)
    return BatchResult(answers, steps, exact, halts)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a, b))
