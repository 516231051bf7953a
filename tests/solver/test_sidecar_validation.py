"""Hostile model descriptions (issue 26): every field of a sidecar is checked for its type and range before
anything is built, the error names the file and the field, and one broken user model never stops the
registry, `trm models` or `trm solve`."""
import json

import pytest

from solver.checkpoint import ModelFileError, list_models, load_model, problems, read_info, save_model
from solver.cli import main
from solver.model import TRM

SUDOKU = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


@pytest.fixture
def model_file(tmp_path, tiny_sudoku_config):
    return save_model(TRM(tiny_sudoku_config), tmp_path / "m", "sudoku",
                      {"inference": {"ensemble": 2}, "validation": {"exact_accuracy": 0.5}})


def _edit(path, change):
    side = path.with_suffix(".json")
    meta = json.loads(side.read_text())
    change(meta)
    side.write_text(json.dumps(meta))


def _set(*keys_value):
    *keys, value = keys_value

    def change(meta):
        d = meta
        for k in keys[:-1]:
            d = d[k]
        d[keys[-1]] = value
    return change


# (change to the sidecar, the words the error must contain): each was a traceback, a hang or a memory
# blow-up before (issue 26, "Found by fuzzing").
BAD_FIELDS = [
    (_set("config", "hidden_size", "64"), "config.hidden_size must be a whole number"),
    (_set("config", "hidden_size", True), "config.hidden_size must be a whole number"),
    (_set("config", "hidden_size", 10**9), "config.hidden_size is 1000000000; it must be between 1 and 2048"),
    (_set("config", "norm_eps", "small"), "config.norm_eps must be a finite number"),
    (_set("config", "norm_eps", float("nan")), "config.norm_eps must be a finite number"),
    (_set("config", "num_heads", 0), "config.num_heads is 0"),
    (_set("config", "expansion", -4.0), "config.expansion is -4"),
    (_set("config", "T", 10**6), "config.T is 1000000"),
    (_set("config", "mixer", "transformer"), "config.mixer must be one of mlp, attention, conv"),
    (_set("config", "vocab_size", 3), "config.vocab_size is 3; sudoku models have 11"),
    (_set("config", "layers", 2), "config has unknown settings: layers"),
    (_set("config", "ffn_multiple", 4096), None),   # in range: becomes a valid, different shape
    (_set("format_version", "1"), "format_version must be a whole number"),
    (_set("format_version", 99), "format version 99 is newer"),
    (_set("kind", ["sudoku"]), "kind must be one of sudoku, maze, arc"),
    (_set("inference", "fast"), "inference must be an object"),
    (_set("inference", "ensemble", 10**6), "inference.ensemble is 1000000"),
    (_set("inference", "max_steps", "16"), "inference.max_steps must be a whole number"),
    (_set("inference", "rounds", 100), "inference.rounds is 100"),
    (_set("inference", "task_canvas", 1), "inference.task_canvas must be true or false"),
    (_set("validation", "exact_accuracy", "high"), "validation.exact_accuracy must be a finite number"),
    (_set("arc_tasks", [{"key": "k", "first_row": 5, "augmentation_seed": 0, "augmentations": 2}]),
     "arc_tasks[0] uses puzzle-embedding rows past"),
    (_set("config", "puzzle_emb_len", 64), "a puzzle embedding needs num_puzzle_ids"),
]


@pytest.mark.parametrize("change, words", BAD_FIELDS)
def test_each_bad_field_is_named(model_file, change, words):
    _edit(model_file, change)
    if words is None:
        with pytest.raises(ModelFileError, match="weights do not match its description"):
            load_model(model_file)
        return
    with pytest.raises(ModelFileError) as e:
        load_model(model_file)
    assert str(e.value).startswith(str(model_file.with_suffix(".json"))) and words in str(e.value)
    assert "\n" not in str(e.value)


def test_a_model_too_large_to_build_is_refused_before_allocating(model_file):
    _edit(model_file, lambda m: m["config"].update(hidden_size=2048, num_layers=16, expansion=16.0))
    with pytest.raises(ModelFileError, match=r"parameters \(limit 64,000,000\)"):
        read_info(model_file)


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000 + "]" * 100_000, "JSON nested 100000 deep (limit 32)"),
    ('{"kind": "sudoku", "config": {"vocab_size": 1' + "0" * 5000 + "}}", "not a usable JSON value"),
    ("{not json", "not valid JSON (line 1, column 2"),
    ('{"a": "' + "x" * (5 * 1024 * 1024) + '"}', "too large for a model description"),
])
def test_hostile_json_is_refused_quickly(model_file, text, words):
    model_file.with_suffix(".json").write_text(text)
    with pytest.raises(ModelFileError) as e:
        read_info(model_file)
    assert words in str(e.value) and len(str(e.value)) < 300


def test_tensors_are_checked_against_the_description_before_building(model_file, tiny_sudoku_config):
    from safetensors.torch import save_file
    import torch

    state = TRM(tiny_sudoku_config).state_dict()
    state["embed.weight"] = torch.zeros(3, 3)
    save_file({k: v.contiguous() for k, v in state.items()}, str(model_file))
    with pytest.raises(ModelFileError, match=r"tensor embed.weight: \[3, 3\], its description says \[11, 32\]"):
        load_model(model_file)


@pytest.fixture
def broken_user_models(tmp_path, monkeypatch, tiny_sudoku_config):
    """A usable bundled Sudoku model, and beside the user's one good model three broken ones."""
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    monkeypatch.setenv("TRM_BUNDLED_MODELS", str(bundled))
    monkeypatch.setenv("TRM_USER_MODELS", str(user))
    save_model(TRM(tiny_sudoku_config), bundled / "sudoku", "sudoku")
    good = save_model(TRM(tiny_sudoku_config), user / "good", "sudoku")
    for name, text in (("deep", '{"kind": "sudoku", "config": ' + "[" * 50_000 + "]" * 50_000 + "}"),
                       ("digits", '{"kind": "sudoku", "config": {"vocab_size": 1' + "0" * 5000 + "}}")):
        (user / f"{name}.safetensors").write_bytes(good.read_bytes())
        (user / f"{name}.json").write_text(text)
    heads = save_model(TRM(tiny_sudoku_config), user / "heads", "sudoku")
    _edit(heads, lambda m: m["config"].update(mixer="attention", num_heads=0))
    return user


def test_broken_user_models_are_listed_as_broken_and_skipped(broken_user_models):
    assert [(m.name, m.bundled) for m in list_models()] == [("sudoku", True), ("good", False)]
    found = problems()
    assert len(found) == 3 and all("\n" not in p for p in found)
    assert any("deep.json: JSON nested" in p for p in found)
    assert any("digits.json: not a usable JSON value" in p for p in found)
    assert any("heads.json: config.num_heads is 0" in p for p in found)


def test_trm_models_and_solve_survive_broken_user_models(broken_user_models, tmp_path, capsys):
    assert main(["models", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [m["name"] for m in out["models"]] == ["sudoku", "good"] and len(out["problems"]) == 3
    puzzle = tmp_path / "p.txt"
    puzzle.write_text(SUDOKU + "\n")
    assert main(["solve", str(puzzle), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["verified"]
    assert main(["solve", str(puzzle), "--model", str(broken_user_models / "heads.safetensors")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("trm: ") and "heads.json: config.num_heads is 0" in err and err.count("\n") == 1


def test_a_conv_model_trained_on_a_smaller_canvas_is_a_valid_model(tmp_path):
    """The maze recipe's first stage trains a conv model on 8x8 canvases (seq_len 64); the conv weights run
    on any canvas, so only a canvas larger than the kind's is refused."""
    from solver.model import TRMConfig

    cfg = TRMConfig(vocab_size=6, seq_len=64, hidden_size=8, ffn_multiple=8, mixer="conv", T=1, n=1, N_sup=1)
    path = save_model(TRM(cfg), tmp_path / "small", "maze")
    assert load_model(path, "maze")[1].config.seq_len == 64
    _edit(path, _set("config", "seq_len", 961))
    with pytest.raises(ModelFileError, match="config.seq_len is 961; maze canvases have at most 900 cells"):
        read_info(path)
