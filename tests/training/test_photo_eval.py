"""The synthetic photo benchmark (smoke: one photo a set; the real run is `python -m training.photo_eval`)."""
import pytest

from solver.vision import fonts


def test_every_set_is_measured():
    from training import photo_eval

    if not fonts.split()[1]:
        pytest.skip("needs system fonts")
    r = photo_eval.run(1, 1, n_solved=1, n_stress=1, log=lambda s: None)
    assert r["photos"] == 1 and r["no_grid_photos"] == 1 and r["half_solved"]["photos"] == 1
    assert r["half_solved_real_writers"]["photos"] == 1
    assert set(r["stress"]) == set(photo_eval.STRESS)
    for part in (r, r["half_solved"], r["half_solved_real_writers"], *r["stress"].values()):
        assert 0 <= part["whole_grid_accuracy"] <= part["detection_rate"] <= 1


def test_the_committed_real_photos_are_read_perfectly_without_pencil_candidates():
    """The sample of the real dev set under tests/data/dev_photos (README there): pen entries read,
    pencil candidates left blank, a grid beside a column rule, folded, or cut by the edge found."""
    from solver.vision import digits
    from training import dev_photos

    photos = dev_photos.load(dev_photos.SAMPLE_DIR)
    assert {p.folder for p in photos} == {"kubiesa_train", "taylorjg"} and sum(len(p.pencil) for p in photos) >= 10
    res = dev_photos.run(photos, digits.bundled(), log=lambda s: None)
    wrong = [(r["image"], r.get("why") or r["read"]) for r in res["rows"] if not r["found"] or r["wrong"]]
    assert not wrong
    for parts in res["folders"].values():
        s = parts["all"]
        assert s["perfect"] == 1.0 and s["false_digits"] == s["no_grid"] == s["corners_off"] == 0
    # Cropped to the grid (touching or cut by the image edge), the calendar pages' grids are still found.
    edge = dev_photos.run([p for p in photos if p.corners is not None], digits.bundled(), log=lambda s: None,
                          variant_name="edge")
    assert edge["folders"]["kubiesa_train"]["all"]["no_grid"] == 0


def test_the_real_benchmark_command_prints_a_line_per_folder_and_split(capsys):
    from training import dev_photos, photo_eval

    assert photo_eval.main(["--real", "--dev-dir", str(dev_photos.SAMPLE_DIR), "--none", "0",
                            "--folder", "taylorjg"]) == 0
    out = capsys.readouterr().out
    assert "taylorjg / all" in out and "taylorjg / tuning" in out and "kubiesa_train" not in out
    assert "no-grid photos: 0 false grids of" in out


def test_a_missing_dev_set_says_where_it_was_looked_for(tmp_path, capsys):
    from training import dev_photos, photo_eval

    with pytest.raises(dev_photos.DevPhotosMissing, match="no labels.jsonl in .*TRM_DEV_PHOTOS"):
        dev_photos.load(tmp_path)
    assert photo_eval.main(["--real", "--dev-dir", str(tmp_path)]) == 2
    assert "no labels.jsonl" in capsys.readouterr().err


def test_per_puzzle_counts_each_puzzle_once():
    from training import dev_photos

    def row(puzzle, wrong):
        return {"puzzle": puzzle, "found": True, "wrong": wrong, "false_digits": 0, "false_on_pencil": 0,
                "missed": 0, "misread": wrong, "confidently_wrong": 0, "seconds": 0.1}
    rows = [row("a", 0)] * 3 + [row("a", 1), row("b", 1), {"puzzle": "c", "found": False, "seconds": 0.1}]
    s = dev_photos.summarise(rows)
    assert s["photos"] == 6 and s["puzzles"] == 3 and s["perfect"] == 0.5 and s["no_grid"] == 1
    assert s["perfect_per_puzzle"] == 0.25 and s["cells_found"] == round((81 * 5 - 2) / (81 * 5), 4)
