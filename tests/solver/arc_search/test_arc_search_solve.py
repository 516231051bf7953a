"""The program search in the ARC solve path, the CLI's output of it, and the network beside it."""
import json
from dataclasses import replace

import numpy as np
import torch

from solver.arc_adapt import AdaptOptions
from solver.model import TRM, TRMConfig
from solver.puzzles import arc
from solver.puzzles.arc import ArcPuzzle, ArcTask
from solver.report import result_json, result_text
from solver.solve import SolveOptions, solve

SAMPLES = "resources/samples/arc/"


def _mirror() -> ArcPuzzle:
    return arc.parse(open(SAMPLES + "mirror.json").read(), "mirror.json")[0]


def _tiny_arc_model() -> TRM:
    torch.manual_seed(0)
    return TRM(TRMConfig(vocab_size=arc.VOCAB_SIZE, seq_len=arc.SEQ_LEN, hidden_size=8, num_layers=1,
                         ffn_multiple=8, mixer="conv", conv_kernel=3, T=1, n=1, N_sup=2,
                         puzzle_emb_len=1, num_puzzle_ids=4)).eval()


def test_without_a_model_the_program_answers_and_is_labelled_search():
    p = _mirror()
    r = solve(p, "arc", None)
    assert r.solved_by == "search" and r.verified and r.program == "flip left-right"
    assert r.programs == ["flip left-right"] and "reproduces all 3 demonstrations" in r.describe()
    d = result_json(0, p, r, False)
    assert d["program"] == "flip left-right" and d["attempt_programs"] == ["flip left-right"]
    assert d["solved_by"] == "search" and d["matches_expected"]
    assert "  program: flip left-right" in result_text(0, p, r, False)


def test_a_single_program_does_not_wait_for_the_network_unless_asked():
    p = _mirror()
    opts = SolveOptions(adapt=AdaptOptions(steps=2, augmentations=2))
    r = solve(p, "arc", _tiny_arc_model(), opts)
    assert r.solved_by == "search" and r.adapt_steps == 0 and len(r.attempts) == 1
    r = solve(p, "arc", _tiny_arc_model(), replace(opts, arc_network_second=True))
    assert r.adapt_steps == 2 and r.programs[0] == "flip left-right"
    assert r.solved_by == "search" and r.verified and r.program == "flip left-right"
    if len(r.attempts) == 2:  # the network's attempt, unless it is the program's grid
        assert r.programs[1] is None and not np.array_equal(r.attempts[0], r.attempts[1])
        assert "(network, " in result_text(0, p, r, False)


def test_neural_only_runs_no_search():
    r = solve(_mirror(), "arc", _tiny_arc_model(),
              SolveOptions(neural_only=True, adapt=AdaptOptions(steps=1, augmentations=2)))
    assert r.programs == [] and r.program is None and r.solved_by != "search"


def test_no_program_and_no_model_says_so():
    rng = np.random.default_rng(0)
    pairs = tuple((rng.integers(0, 10, (5, 5)), rng.integers(0, 10, (2, 3))) for _ in range(3))
    task = ArcTask("noise", pairs, (rng.integers(0, 10, (5, 5)),), (None,))
    from solver.arc_search import SearchOptions
    r = solve(ArcPuzzle(task), "arc", None, SolveOptions(arc_search=SearchOptions(max_seconds=2)))
    assert r.solved_by == "none" and r.answer is None and "no program" in r.describe()
    assert json.loads(json.dumps(result_json(0, ArcPuzzle(task), r, False)))["program"] is None
