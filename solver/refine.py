"""Streaming refinement: the network's answer after every answer update, as plain numpy steps.

`refine()` yields one RefineStep per update of y (T per supervision step), so the app can animate the
answer taking shape; it stops early as soon as the answer satisfies every rule (kinds with rules: Sudoku,
and a maze path that is valid and shortest), or when the halting head says so (ARC; for kinds with rules
the halting head never stops an answer that breaks them).
`refine_batch()` is the same recursion over many puzzles at once, for evaluation speed. Both run
`TRM.latent_recursion` exactly as training does.

Test-time ensemble: with `ensemble=K`, K symmetry-augmented copies of the puzzle run as one batch and each
step shows the copy that best answers so far (rules satisfied first, then highest mean confidence),
mapped back to the original orientation. This is still the network's own answer: no search is involved.
With `rounds=R`, a puzzle whose K copies end their steps with no answer obeying the rules gets up to R-1
further rounds of K fresh copies: the puzzles the network solves at once cost what K copies cost, and
only the ones it misses pay for more tries.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from .model import TRM
from .puzzles.base import PuzzleKind
from .verify import answer_ok


@dataclass(frozen=True)
class RefineStep:
    step: int                   # supervision step, from 0
    cycle: int                  # answer update within the step, from 0 to T-1
    answer: np.ndarray          # the decoded answer grid after this update
    confidence: np.ndarray      # per cell, the max probability (same shape as answer)
    changed: np.ndarray         # bool per cell: differs from the previous update's answer
    halt_prob: float            # sigmoid of the halting head
    rules_ok: bool              # the answer satisfies every rule, for a maze as a shortest path (kinds with rules)


@torch.no_grad()
def _updates(model: TRM, tokens: torch.Tensor, puzzle_ids: torch.Tensor | None, max_steps: int
             ) -> Iterator[tuple[int, int, torch.Tensor, torch.Tensor]]:
    """(step, cycle, probabilities (B, L, V), halting probability (B,)) after every answer update."""
    x = model.embed_input(tokens, puzzle_ids)
    y, z = model.initial_carry(tokens.shape[0], x.shape[1])
    for step in range(max_steps):
        for cycle in range(model.cfg.T):
            y, z = model.latent_recursion(x, y, z)
            logits, halt = model.heads(y)
            yield step, cycle, torch.softmax(logits.float(), dim=-1), torch.sigmoid(halt.float())


def _device(model: TRM) -> torch.device:
    return next(model.parameters()).device


def refine(puzzle, model: TRM, kind: PuzzleKind, max_steps: int | None = None, ensemble: int = 1,
           stop_on_halt: bool = True, stop_on_rules: bool = True, puzzle_id: int = 0,
           seed: int = 0, rounds: int = 1) -> Iterator[RefineStep]:
    """Yield the answer after every update of y, until halting, rules satisfied, or max_steps.
    `rounds` > 1 (kinds with rules): a round that ends with no copy obeying them is followed by another of
    `ensemble` fresh augmented copies, its steps numbered on from the last; the last round's answer stands."""
    max_steps = max_steps or model.cfg.N_sup
    rng = np.random.default_rng(seed)
    has_rules = not kind.needs_expected  # the rules can be checked without an expected answer
    augs = [None] + [kind.random_augmentation(rng, puzzle) for _ in range(ensemble - 1)]
    for r in range(rounds if has_rules else 1):
        if r:
            augs = [kind.random_augmentation(rng, puzzle) for _ in range(ensemble)]
        last = None
        for last in _refine_round(puzzle, model, kind, augs, max_steps, stop_on_halt, stop_on_rules,
                                  puzzle_id, r * max_steps):
            yield last
        if last is None or last.rules_ok:
            return     # with rules, the halting head stops only an answer that obeys them: a round that
                       # does not obey them ran all its steps


def _refine_round(puzzle, model: TRM, kind: PuzzleKind, augs: list, max_steps: int, stop_on_halt: bool,
                  stop_on_rules: bool, puzzle_id: int, first_step: int) -> Iterator[RefineStep]:
    """One round of refine(): the copies `augs` make of the puzzle (None: unchanged), run together."""
    copies = [puzzle if a is None else a.apply(puzzle) for a in augs]
    tokens = torch.from_numpy(np.stack([kind.encode_input(p) for p in copies])).to(_device(model))
    ids = torch.full((len(copies),), puzzle_id, dtype=torch.long, device=tokens.device)
    has_rules = not kind.needs_expected
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
            ok = has_rules and _acceptable(kind, puzzle, ans)
            key = (ok, float(c.mean()))
            if best_key is None or key > best_key:
                best, best_key = i, key
            answers.append(ans)
            confs.append(c)
        answer = answers[best]
        changed = np.ones(answer.shape, bool) if prev is None or prev.shape != answer.shape else answer != prev
        prev = answer
        ok = bool(best_key[0])
        yield RefineStep(first_step + step, cycle, answer, confs[best], changed, float(halt[best]), ok)
        if cycle == model.cfg.T - 1:
            # Where rules can be checked, they outrank the halting head: it never stops a broken answer.
            if (stop_on_rules and ok) or (stop_on_halt and halt[best] > 0.5 and (ok or not has_rules)):
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
    confidence: np.ndarray             # (n,) mean max-probability of the answer each puzzle stopped at


def refine_batch(puzzles: Sequence, model: TRM, kind: PuzzleKind, max_steps: int | None = None,
                 batch_size: int = 256, stop_on_halt: bool = True, stop_on_rules: bool = True,
                 puzzle_ids: Sequence[int] | None = None) -> BatchResult:
    """The recursion over many puzzles at once. Each puzzle stops where it would have stopped alone and
    leaves the batch, so the work is what the puzzles need; exact_by_step counts each puzzle's current
    answer (frozen once it stopped) after every supervision step."""
    max_steps = max_steps or model.cfg.N_sup
    device = _device(model)
    has_rules = not kind.needs_expected  # the rules can be checked without an expected answer
    n = len(puzzles)
    answers: list = [None] * n
    steps = np.full(n, max_steps, dtype=np.int64)
    known = all(getattr(p, "solution", None) is not None for p in puzzles)
    exact = np.zeros(max_steps)
    correct = np.zeros(n, dtype=bool)
    halts = np.zeros((n, max_steps))
    confidence = np.zeros(n)
    with torch.no_grad():
        for start in range(0, n, batch_size):
            rows = np.arange(start, min(n, start + batch_size))  # puzzles still running
            tokens = torch.from_numpy(np.stack([kind.encode_input(puzzles[j]) for j in rows])).to(device)
            ids = None if puzzle_ids is None else torch.as_tensor(np.asarray(puzzle_ids)[rows], device=device)
            x = model.embed_input(tokens, ids)
            y, z = model.initial_carry(len(rows), x.shape[1])
            for step in range(max_steps):
                for _ in range(model.cfg.T):
                    y, z = model.latent_recursion(x, y, z)
                logits, halt = model.heads(y)
                conf, tok = torch.softmax(logits.float(), dim=-1).max(-1)
                conf, tok = conf.mean(-1).cpu().numpy(), tok.cpu().numpy()
                h = torch.sigmoid(halt.float()).cpu().numpy()
                keep = []
                for r, j in enumerate(rows):
                    p = puzzles[j]
                    ans = kind.decode(p, tok[r])
                    answers[j], confidence[j], halts[j, step:] = ans, conf[r], h[r]
                    if known:
                        correct[j] = _same(ans, p.solution)
                    ok = has_rules and _acceptable(kind, p, ans)
                    stop = (stop_on_rules and ok) or (stop_on_halt and h[r] > 0.5 and (ok or not has_rules))
                    if stop:
                        steps[j] = step + 1
                    else:
                        keep.append(r)
                right = correct[start:start + batch_size].sum()
                if not keep:
                    exact[step:] += right  # all stopped: their answers stand for the remaining steps
                    break
                exact[step] += right
                if len(keep) < len(rows):
                    idx = torch.as_tensor(keep, device=device)
                    x, y, z, rows = x[idx], y[idx], z[idx], rows[keep]
    return BatchResult(answers, steps, exact / max(n, 1) if known else None, halts, confidence)


def refine_batch_ensemble(puzzles: Sequence, model: TRM, kind: PuzzleKind, ensemble: int,
                          max_steps: int | None = None, batch_size: int = 256, seed: int = 0,
                          rounds: int = 1) -> BatchResult:
    """refine_batch over K symmetry-augmented copies of each puzzle (the first one unchanged); each
    puzzle keeps a copy whose answer obeys the rules, else its most confident one, mapped back.
    The same choice as refine(ensemble=K, rounds=R), batched: a puzzle whose round ends with no copy
    obeying the rules runs another round of K fresh copies, its steps counted on. exact_by_step is not
    kept (None); halt_probs are the first round's."""
    max_steps = max_steps or model.cfg.N_sup
    rng = np.random.default_rng(seed)
    has_rules = not kind.needs_expected  # the rules can be checked without an expected answer
    n = len(puzzles)
    answers: list = [None] * n
    steps, conf = np.zeros(n, np.int64), np.zeros(n)
    halts = None
    todo = np.arange(n)
    for r in range(rounds if has_rules else 1):
        augs = [([None] if r == 0 else []) + [kind.random_augmentation(rng, puzzles[i])
                                              for _ in range(ensemble - (r == 0))] for i in todo]
        ans, used, c, ok, h = _ensemble_round([puzzles[i] for i in todo], augs, model, kind, max_steps,
                                              batch_size)
        for k, i in enumerate(todo):
            answers[i], conf[i] = ans[k], c[k]
            steps[i] += used[k]
        halts = h if halts is None else halts
        todo = todo[~ok]
        if not len(todo):
            break
    return BatchResult(answers, steps, None, halts, conf)


def _ensemble_round(puzzles: Sequence, augs: list[list], model: TRM, kind: PuzzleKind, max_steps: int,
                    batch_size: int) -> tuple[list, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One round: each puzzle's copies `augs[i]` (None: unchanged) refined together. Per puzzle: the
    chosen answer, the steps used, its confidence, whether it obeys the rules, the max halting
    probability over its copies per step."""
    copies = [p if a is None else a.apply(p) for p, row in zip(puzzles, augs) for a in row]
    res = refine_batch(copies, model, kind, max_steps, batch_size, stop_on_halt=False, stop_on_rules=True)
    has_rules = not kind.needs_expected
    n = len(puzzles)
    answers, steps, conf, ok = [], np.zeros(n, np.int64), np.zeros(n), np.zeros(n, bool)
    j = 0
    for i, p in enumerate(puzzles):
        best, best_key = None, None
        for a in augs[i]:
            ans = res.answers[j] if a is None else a.invert_grid(res.answers[j])
            key = (has_rules and _acceptable(kind, p, ans), res.confidence[j])
            if best_key is None or key > best_key:
                best, best_key = ans, key
            j += 1
        answers.append(best)
        # Run together, the copies stop when the first one obeys the rules (as refine() does).
        block = res.steps[j - len(augs[i]):j]
        steps[i] = block.min() if best_key[0] else block.max()
        conf[i], ok[i] = best_key[1], bool(best_key[0])
    k = len(augs[0]) if augs else 1
    halts = res.halt_probs.reshape(n, k, -1).max(1)
    return answers, steps, conf, ok, halts


def _acceptable(kind: PuzzleKind, puzzle, answer: np.ndarray) -> bool:
    """The answer obeys the rules, and for a maze is a shortest path: a valid detour is not done yet."""
    return answer_ok(kind, puzzle, answer)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a, b))
