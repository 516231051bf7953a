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
