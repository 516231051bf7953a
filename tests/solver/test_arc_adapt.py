"""Test-time adaptation to an ARC task, the vote, and `trm solve TASK.json` end to end (tiny model)."""
import json
from dataclasses import replace

import numpy as np
import pytest
import torch

from solver import cli
from solver.arc_adapt import AdaptOptions, Adapted, ArcSource, Example, adapt, task_augmentations, vote
from solver.checkpoint import save_model
from solver.model import TRM, TRMConfig
from solver.puzzles import arc
from solver.puzzles.arc import ArcPuzzle, ArcTask
from solver.solve import SolveOptions, solve
from tests.solver.stub_network import StubNetwork


def _tiny_arc_model(ids: int = 4) -> TRM:
    torch.manual_seed(0)
    return TRM(TRMConfig(vocab_size=arc.VOCAB_SIZE, seq_len=arc.SEQ_LEN, hidden_size=8, num_layers=1,
                         ffn_multiple=8, mixer="conv", conv_kernel=3, T=1, n=1, N_sup=2,
                         puzzle_emb_len=1, num_puzzle_ids=ids))


def _task() -> ArcTask:
    # Recolour 1 -> 2: a task no model here was trained on.
    pairs = tuple((np.array(g), np.where(np.array(g) == 1, 2, np.array(g))) for g in
                  ([[1, 0], [0, 1]], [[0, 1, 1]], [[1], [0], [1]]))
    test = np.array([[1, 1], [0, 0]])
    return ArcTask("recolour", pairs, (test,), (np.where(test == 1, 2, test),))


def test_adaptation_learns_new_rows_and_leaves_the_pretrained_model_alone():
    model = _tiny_arc_model()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    seen = []
    a = adapt(model, _task(), AdaptOptions(steps=4, augmentations=3, batch_size=4), on_progress=seen.append)
    assert a.steps == 4 and [p.step for p in seen] == [1, 2, 3, 4] and not a.cancelled
    assert a.model.puzzle_emb.weight.shape == (3, 8) and a.model.cfg.num_puzzle_ids == 3
    # Rows start at the pretrained mean and move; the network's weights do not (no fine-tune lr).
    start = model.puzzle_emb.weight.mean(0)
    assert not torch.allclose(a.model.puzzle_emb.weight, start.expand(3, -1))
    assert torch.equal(a.model.lm_head.weight, model.lm_head.weight)
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k
    assert len(a.augmentations) == 3 and a.augmentations[0] == task_augmentations(1, 0)[0]


def test_fine_tuning_also_moves_the_weights_and_cancel_stops_early():
    model = _tiny_arc_model()
    a = adapt(model, _task(), AdaptOptions(steps=2, augmentations=2, batch_size=2, fine_tune_lr=1e-2))
    assert not torch.equal(a.model.lm_head.weight, model.lm_head.weight)
    calls = []
    stopped = adapt(model, _task(), AdaptOptions(steps=50, augmentations=2, batch_size=2),
                    should_stop=lambda: calls.append(1) or len(calls) > 2)
    assert stopped.cancelled and stopped.steps == 2


def test_recolouring_gives_some_samples_fresh_colours_alike_in_input_and_output():
    pair = Example(np.array([[1, 2], [0, 3]], np.int8), np.array([[2, 1], [3, 0]], np.int8), 5)
    plain, x = ArcSource([pair], 0, translate=False), arc.encode_grid(pair.input)
    assert all((d == x).all() for d in plain.draw(20)[0])
    xs, ys, ids = ArcSource([pair], 0, translate=False, recolour=0.5).draw(200)
    fresh = ~(xs == x).all(1)
    assert 60 < fresh.sum() < 140 and (ids == 5).all()
    for xi, yi in zip(xs[fresh], ys[fresh]):
        g, o = arc.decode_grid(xi), arc.decode_grid(yi)
        mapping = dict(zip(pair.input.ravel().tolist(), g.ravel().tolist()))
        assert mapping[0] == 0 and len(set(mapping.values())) == 4      # a permutation, background kept
        assert (np.vectorize(mapping.get)(pair.output) == o).all()       # the same one on the output


def test_by_canvas_each_draw_is_one_batch_on_a_canvas_its_examples_fit():
    small = [Example(np.ones((2, 3), np.int8), np.ones((2, 3), np.int8), 0, canvas=6)]
    large = [Example(np.ones((9, 9), np.int8), np.ones((9, 9), np.int8), 1, canvas=13)]
    whole = [Example(np.ones((25, 29), np.int8), np.ones((25, 29), np.int8), 2, canvas=30)]
    source = ArcSource(small * 5 + large * 3 + whole, 0, by_canvas=True)
    sides = {}
    for _ in range(300):
        xs, ys, ids = source.draw(4)
        side = int(np.sqrt(xs.shape[1]))
        assert side * side == xs.shape[1] == ys.shape[1] and side % ArcSource.CANVAS_STEP in (0, 2)
        assert len(set(ids.tolist())) == 1                   # one bucket a draw, here one example each
        sides.setdefault(int(ids[0]), set()).add(side)
        cells = {0: 6, 1: 81, 2: 725}[int(ids[0])]   # every cell of the grid on the canvas, translated
        assert ((xs >= arc.COLOUR0).sum(1) == cells).all() and ((ys >= arc.COLOUR0).sum(1) == cells).all()
    assert sides == {0: {8}, 1: {16}, 2: {30}}               # rounded up to a multiple of 4, at most 30
    # Each example is still drawn as often as any other: the bucket is that of a random example.
    firsts = [int(source.draw(1)[2][0]) for _ in range(900)]
    assert 400 < firsts.count(0) < 600 and 200 < firsts.count(1) < 400


def test_an_example_knows_its_tasks_canvas_and_a_known_test_output_fits_it():
    from solver.arc_adapt import task_examples

    task = ArcTask("grow", ((np.zeros((2, 2), np.int8), np.zeros((4, 4), np.int8)),),
                   (np.zeros((3, 3), np.int8),), (np.zeros((12, 12), np.int8),))
    assert {e.canvas for e in task_examples(task, task_augmentations(2, 0))} == {arc.task_canvas(task)}
    assert {e.canvas for e in task_examples(task, task_augmentations(2, 0), with_test=True)} == {13}


def test_vote_maps_predictions_back_and_ranks_by_votes():
    a = adapt(_tiny_arc_model(), _task(), AdaptOptions(steps=1, augmentations=4, batch_size=2))
    v = vote(a, ArcPuzzle(_task()), attempts=2)
    assert 1 <= len(v.attempts) <= 2 and sum(v.votes) <= 4 and v.votes == sorted(v.votes, reverse=True)
    assert all(g.ndim == 2 and g.min() >= 0 and g.max() <= 9 for g in v.attempts)
    # A network that answers each copy with its own test input, in that copy's orientation and colours,
    # except the unaugmented copy, answered `other`: mapped back, three augmentations agree on the test
    # input (each of their copies differs from it), ranked before the one vote for `other`.
    test, other = np.array([[1, 2, 0], [0, 0, 3]], np.int8), np.array([[4]], np.int8)
    task = ArcTask("echo", _task().train, (test,), (None,))
    plain = arc.encode_grid(test)

    def answer(tokens):
        return arc.encode_grid(other) if np.array_equal(tokens, plain) else tokens, np.full(len(tokens), 5.0)

    augs = task_augmentations(4, 0)
    assert all(not np.array_equal(aug.apply_grid(test), test) for aug in augs[1:])
    v = vote(Adapted(StubNetwork(answer, arc.VOCAB_SIZE), augs, steps=0, seconds=0.0), ArcPuzzle(task))
    assert v.votes == [3, 1] and [g.tolist() for g in v.attempts] == [test.tolist(), other.tolist()]


def test_on_the_task_canvas_adaptation_vote_and_solve_run_on_the_small_canvas():
    model, task = _tiny_arc_model(), _task()
    options = AdaptOptions(steps=2, augmentations=2, batch_size=2, task_canvas=True)
    a = adapt(model, task, options)
    assert a.canvas == arc.task_canvas(task) == 3 + 1 + 3
    lengths = []
    hook = a.model.embed.register_forward_hook(lambda mod, inp, out: lengths.append(inp[0].shape[1]))
    v = vote(a, ArcPuzzle(task))
    hook.remove()
    assert lengths == [7 * 7] and all(g.ndim == 2 for g in v.attempts)
    r = solve(ArcPuzzle(task), "arc", model, SolveOptions(adapt=options, keep_trace=True, arc_search=None))
    assert 1 <= len(r.attempts) <= 2 and r.trace
    assert all(s.confidence.shape == s.answer.shape for s in r.trace)
    assert adapt(model, task, AdaptOptions(steps=1, augmentations=2, batch_size=2)).canvas == 30


def test_a_model_without_puzzle_embedding_is_refused():
    plain = TRM(TRMConfig(vocab_size=arc.VOCAB_SIZE, seq_len=arc.SEQ_LEN, hidden_size=8, mixer="conv",
                          ffn_multiple=8, T=1, n=1, N_sup=1))
    with pytest.raises(ValueError, match="puzzle embedding"):
        adapt(plain, _task())


def test_solve_adapts_then_reports_two_attempts():
    r = solve(ArcPuzzle(_task()), "arc", _tiny_arc_model(),
              SolveOptions(adapt=AdaptOptions(steps=2, augmentations=3, batch_size=2), keep_trace=True,
                           arc_search=None))
    assert r.adapt_steps == 2 and r.adapt_seconds > 0 and 1 <= len(r.attempts) <= 2
    assert r.trace and (np.array_equal(r.answer, r.attempts[0]) or r.verified)
    assert r.solved_by in ("network", "none")


def test_trm_solve_task_json_says_how_long_it_adapted(tmp_path, capsys):
    path = save_model(_tiny_arc_model(), tmp_path / "arc-tiny", "arc", {"inference": {"adapt_steps": 2}})
    task = tmp_path / "task.json"
    rng = np.random.default_rng(0)   # random grids: no program of the search reproduces them, the network adapts
    noise = ArcTask("noise", tuple((rng.integers(0, 4, (3, 3)), rng.integers(0, 4, (3, 3))) for _ in range(3)),
                    (rng.integers(0, 4, (3, 3)),), (None,))
    task.write_text(arc.task_to_json(noise))
    assert cli.main(["solve", str(task), "--model", str(path), "--format", "json"]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    assert out["adapt_steps"] == 2 and out["adapt_seconds"] > 0 and len(out["attempts"]) >= 1
    cli.main(["solve", str(task), "--model", str(path), "--adapt-steps", "1"])
    captured = capsys.readouterr()
    assert "adapted to the task for" in captured.out and "(1 steps)" in captured.out
    assert "adapting to recolour" in captured.err or "adapting to task" in captured.err


def _stub(fn):
    """A network that answers fn(colours) cell by cell, wherever a colour token is."""
    def answer(tokens):
        out = tokens.copy()
        colour = tokens >= arc.COLOUR0
        out[colour] = fn(tokens[colour] - arc.COLOUR0) + arc.COLOUR0
        return out, np.full(len(tokens), 5.0)
    return StubNetwork(answer, arc.VOCAB_SIZE)


def test_the_demonstrations_check_says_what_the_network_reproduces():
    from solver.arc_adapt import reproduces_demonstrations
    task = _task()
    exact, cells = reproduces_demonstrations(_stub(lambda c: np.where(c == 1, 2, c)), task, canvas=8)
    assert exact == (True, True, True) and cells == (1.0, 1.0, 1.0)
    exact, cells = reproduces_demonstrations(_stub(lambda c: c), task, canvas=8)   # a copy of the input
    assert exact == (False, False, False) and cells == (0.5, 1 / 3, 1 / 3)


def test_adaptation_stops_once_every_demonstration_is_reproduced(monkeypatch):
    import solver.arc_adapt as arc_adapt
    checks = []

    def fake_check(model, task, canvas):   # every demonstration right from the second check on
        checks.append(1)
        ok = len(checks) >= 2
        return (ok, ok, True), (1.0 if ok else 0.5, 1.0, 1.0)

    monkeypatch.setattr(arc_adapt, "reproduces_demonstrations", fake_check)
    seen = []
    options = AdaptOptions(steps=40, augmentations=2, batch_size=2, check_every=5)
    a = adapt(_tiny_arc_model(), _task(), options, on_progress=seen.append)
    assert a.steps == 10 and a.reproduced_at == 10 and len(checks) == 2
    assert seen[3].demo_exact == () and seen[4].demo_exact == (False, False, True) and seen[4].checked_at == 5
    assert seen[-1].reproduced() == "reproduces 3 of 3 demonstrations exactly (at step 10)"
    checks.clear()
    a = adapt(_tiny_arc_model(), _task(), replace(options, stop_when_reproduced=False))
    assert a.steps == 40 and a.reproduced_at == 10 and len(checks) == 8
