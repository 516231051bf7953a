"""Photo loading against hostile files (issue 26): the size in the header is checked before decoding, and a
transparent image is seen over white, as a viewer shows it."""
import resource
import time

import numpy as np
import pytest
from PIL import Image

from solver.puzzles.base import PuzzleError
from solver.vision import NoGridFound, read_photo
from solver.vision.image_io import MAX_PIXELS, load_bgr
from tests.fuzz.bombs import png_bomb


@pytest.mark.parametrize("side", [20000, 32768, 65535])
def test_an_image_bomb_is_refused_from_its_header(tmp_path, side):
    path = tmp_path / f"bomb{side}.png"
    path.write_bytes(png_bomb(side))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    with pytest.raises(PuzzleError, match=f"bomb{side}.png: .*images over 80 megapixels are refused"):
        load_bgr(path)
    assert time.perf_counter() - t < 5     # measured 0.01 s: nothing was decoded
    # ru_maxrss is in KB: decoding even the smallest of these would take 1.2 GB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000


def test_the_limit_is_the_documented_one(tmp_path):
    w = int(MAX_PIXELS ** 0.5) + 1
    path = tmp_path / "big.png"
    path.write_bytes(png_bomb(w))
    with pytest.raises(PuzzleError, match=f"is {w}x{w} pixels; images over 80 megapixels"):
        load_bgr(path)
    ok = tmp_path / "ok.png"
    ok.write_bytes(png_bomb(2000))
    assert load_bgr(ok)[0].shape == (2000, 2000, 3)


def test_a_fully_transparent_png_is_no_grid(tmp_path):
    path = tmp_path / "clear.png"
    Image.new("RGBA", (400, 400), (0, 0, 0, 0)).save(path)
    img, _ = load_bgr(path)
    assert (img == 255).all()             # seen over white, not as the black behind the alpha
    with pytest.raises(NoGridFound):
        read_photo(path)


def test_a_half_transparent_image_is_composited_over_white(tmp_path):
    a = np.zeros((64, 64, 4), np.uint8)
    a[..., 3] = 128                        # black at half opacity -> mid grey
    path = tmp_path / "half.png"
    Image.fromarray(a, "RGBA").save(path)
    assert abs(int(load_bgr(path)[0].mean()) - 127) <= 1
