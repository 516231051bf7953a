"""The Sudoku campaign: its committed state resumes on a fresh clone, and its log keeps per-level figures."""
import json
import shutil

import numpy as np
import pytest
import torch

from solver.checkpoint import load_model
from solver.puzzles.sudoku_generate import generate
from training.data.sudoku_sets import load_set, save_set
from training.recipes import sudoku as recipe


@pytest.fixture
def tiny_campaign(tmp_path, monkeypatch):
    """The campaign recipe on a few puzzles, its committed folder in tmp_path/campaign."""
    campaign = tmp_path / "campaign"
    rng = np.random.default_rng(0)
    save_set(campaign / "hard_train.txt.gz", [(generate(rng, "extreme"), "diabolical") for _ in range(3)])
    save_set(campaign / "hard_val.txt.gz", [(generate(rng, "extreme"), "nightmare") for _ in range(2)])
    shutil.copyfile("training/campaigns/sudoku/base.safetensors", campaign / "base.safetensors")
    shutil.copyfile("training/campaigns/sudoku/base.json", campaign / "base.json")
    monkeypatch.setattr(recipe, "CAMPAIGN", campaign)
    monkeypatch.setattr(recipe, "CAMPAIGN_BASE_COUNTS", {"hard": 4})
    monkeypatch.setattr(recipe, "CAMPAIGN_VAL_BASE", {"easy": 2})
    monkeypatch.setattr(recipe, "CAMPAIGN_TRAIN", recipe.CAMPAIGN_TRAIN.with_(eval_every=3, checkpoint_every=3,
                                                                             batch_size=4))
    return campaign, ["--cache", str(tmp_path / "data"), "--threads", "1", "--init", str(campaign / "base.safetensors")]


def test_committed_state_resumes_on_a_fresh_clone(tmp_path, tiny_campaign):
    campaign, common = tiny_campaign
    assert recipe.main([*common, "--out", str(tmp_path / "run1"), "--max-steps", "3", "--save-campaign"]) == 0
    saved = torch.load(campaign / "state.pt", weights_only=True)
    assert saved["step"] == 3 and "carry" not in saved          # compact: no batch in flight
    rows = [json.loads(line) for line in (campaign / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [0, 3]                   # the base model, then step 3
    assert set(rows[-1]["by_level"]) == {"easy", "nightmare"} and rows[-1]["threads"] == 1

    # A fresh clone: no run folder. --resume takes the committed state and goes on from step 3, not 0.
    fresh = tmp_path / "run2"
    assert recipe.main([*common, "--out", str(fresh), "--resume", "--max-steps", "6", "--save-campaign"]) == 0
    state = torch.load(fresh / "state.pt", weights_only=True)
    assert state["step"] == 6
    assert [h["step"] for h in state["history"]] == [0, 3, 6]    # the history came along
    rows = [json.loads(line) for line in (campaign / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [0, 3, 6]                # appended, nothing written twice
    # The resumed weights moved on from the saved ones (the optimizer came along: training continued).
    before = saved["model"]["lm_head.weight"]
    assert not torch.equal(before, state["model"]["lm_head.weight"])
    model, info = load_model(campaign / "best.safetensors", "sudoku")
    assert info.meta["init"]["model"].endswith("base.safetensors")

    # --bundle: the campaign's best becomes the bundled model, keeping the bundled inference defaults
    models = tmp_path / "models"
    models.mkdir()
    (models / "sudoku.json").write_text(json.dumps({"inference": {"ensemble": 8, "max_steps": 16}}))
    recipe.bundle(campaign, models)
    bundled, binfo = load_model(models / "sudoku.safetensors", "sudoku")
    assert binfo.meta["inference"] == {"ensemble": 8, "max_steps": 16}
    assert binfo.meta["campaign"]["steps_so_far"] == 6
    assert all(torch.equal(a, b) for a, b in zip(bundled.state_dict().values(), model.state_dict().values()))


def test_gzip_sets_round_trip(tmp_path):
    rng = np.random.default_rng(1)
    items = [(generate(rng, "hard"), "diabolical"), (generate(rng, "easy"), "17-clue-like")]
    save_set(tmp_path / "s.txt.gz", items)
    back = load_set(tmp_path / "s.txt.gz")
    assert [lv for _, lv in back] == ["diabolical", "17-clue-like"]
    assert all(np.array_equal(a.givens, b.givens) and np.array_equal(a.solution, b.solution)
               for (a, _), (b, _) in zip(items, back))


def test_grow_adds_the_generators_next_puzzles(tmp_path, monkeypatch):
    monkeypatch.setattr(recipe, "CAMPAIGN", tmp_path)
    recipe.grow("hard_train", {"easy": 2}, seed=1)
    recipe.grow("hard_train", {"easy": 1, "medium": 1}, seed=1)
    grown = load_set(tmp_path / "hard_train.txt.gz")
    at_once = recipe.generate_set({"easy": 3, "medium": 1}, 1)
    # Two sessions' growth is the set one session would have made: no puzzle twice, none skipped.
    assert sorted(sudoku_line(p) for p, _ in grown) == sorted(sudoku_line(p) for p, _ in at_once)
    with pytest.raises(SystemExit, match="levels easy"):
        recipe.main(["--grow", "impossible=3"])


def sudoku_line(p) -> str:
    return "".join(str(int(v)) for v in p.givens.ravel())
