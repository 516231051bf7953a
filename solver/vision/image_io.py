"""Loading a photo: a path or an array in, a BGR uint8 image out, with clear errors."""
from __future__ import annotations

import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..puzzles.base import MAX_FILE_BYTES, PuzzleError

# A 12 MP photo is fine; larger ones are refused from the size in the file's header, before decoding.
MAX_PIXELS = 80_000_000
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)   # a damaged file: our one-line message alone


def load_bgr(image: str | Path | np.ndarray) -> tuple[np.ndarray, str]:
    """(BGR uint8 image, source name). Phone photos are turned upright by their EXIF orientation."""
    if isinstance(image, np.ndarray):
        return as_bgr(image), "<image>"
    path = Path(image)
    source = str(path)
    if not path.is_file():
        raise PuzzleError("no such image file", source=source)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise PuzzleError(f"is over {MAX_FILE_BYTES // 2**20} MiB; refused", source=source)
    alpha = _check_header(path, source)
    data = np.fromfile(str(path), np.uint8)
    # OpenCV applies the EXIF orientation itself; Pillow is the fallback for what OpenCV cannot decode, and
    # reads images with transparency, shown over white as an image viewer shows them.
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if len(data) and not alpha else None
    if img is None:
        try:
            with Image.open(path) as im:
                im = ImageOps.exif_transpose(im)
                if alpha:
                    im = Image.alpha_composite(Image.new("RGBA", im.size, "white"), im.convert("RGBA"))
                img = as_bgr(np.asarray(im.convert("RGB"))[:, :, ::-1])
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            raise PuzzleError("is not an image that can be read (JPEG, PNG, BMP, TIFF or WebP)",
                              source=source) from None
    if img.shape[0] * img.shape[1] > MAX_PIXELS:
        raise PuzzleError(f"is {img.shape[1]}x{img.shape[0]} pixels; images over {MAX_PIXELS // 1_000_000} "
                          "megapixels are refused", source=source)
    if min(img.shape[:2]) < 32:
        raise PuzzleError(f"is only {img.shape[1]}x{img.shape[0]} pixels; too small to read", source=source)
    return img, source


def _check_header(path: Path, source: str) -> bool:
    """The size in the file's header, checked before anything is decoded (a PNG of a few KB can say
    65535x65535, i.e. 12 GiB of pixels); True when the image has transparency."""
    too_large = f"images over {MAX_PIXELS // 1_000_000} megapixels are refused"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # refused below
            with Image.open(path) as im:
                w, h = im.size
                alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
    except Image.DecompressionBombError:   # Pillow's own limit, above ours
        raise PuzzleError(f"has too many pixels; {too_large}", source=source) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise PuzzleError("is not an image that can be read (JPEG, PNG, BMP, TIFF or WebP)",
                          source=source) from None
    if w * h > MAX_PIXELS:
        raise PuzzleError(f"is {w}x{h} pixels; {too_large}", source=source)
    return alpha


def as_bgr(a: np.ndarray) -> np.ndarray:
    """Gray, BGR or BGRA (uint8, or float 0-1) -> contiguous BGR uint8."""
    a = np.asarray(a)
    if a.dtype != np.uint8:
        a = np.clip(a * (255.0 if a.dtype.kind == "f" and a.max() <= 1.0 else 1.0), 0, 255).astype(np.uint8)
    if a.ndim == 2:
        return cv2.cvtColor(a, cv2.COLOR_GRAY2BGR)
    if a.ndim == 3 and a.shape[2] == 4:
        return cv2.cvtColor(a, cv2.COLOR_BGRA2BGR)
    if a.ndim == 3 and a.shape[2] == 3:
        return np.ascontiguousarray(a)
    raise PuzzleError(f"an image array must be HxW, HxWx3 or HxWx4, not {a.shape}")


def downscale(img: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """(image with its longest side at most max_side, the scale factor applied)."""
    h, w = img.shape[:2]
    f = max_side / max(h, w)
    if f >= 1:
        return img, 1.0
    return cv2.resize(img, (max(int(round(w * f)), 1), max(int(round(h * f)), 1)), interpolation=cv2.INTER_AREA), f
