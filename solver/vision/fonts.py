"""Printed-digit fonts found on this machine, grouped into families, and the fixed held-out split.

Used to render synthetic training cells and synthetic test photos (never when reading a photo). Fonts
that are near-clones of one another (the URW/TeX Gyre/Free/Liberation remakes of Helvetica, Times,
Courier, ...) share a group, so a held-out group is really unseen by the classifier.

Debian packages that provide them: fonts-dejavu fonts-liberation fonts-freefont-ttf fonts-noto-core
fonts-urw-base35 (the required set); fonts-texgyre fonts-lato fonts-open-sans fonts-roboto-unhinted
fonts-crosextra-carlito fonts-crosextra-caladea fonts-linuxlibertine fonts-cantarell fonts-firacode
fonts-ebgaramond add variety.

Faces that imitate handwriting (HAND_PACKAGES) are kept apart from the printed ones: the classifier
learns handwritten entries from them, and a few of those hands are held out to measure how it reads a
hand it never saw.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
             "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts")
REQUIRED_PACKAGES = "fonts-dejavu fonts-liberation fonts-freefont-ttf fonts-noto-core fonts-urw-base35"

# Symbol, maths, script (calligraphic) and decorative faces, whose digits are not newspaper digits (nor
# a hand's: femkeklaver draws outlined digits), and the Noto faces for other scripts, whose Latin digits
# duplicate Noto Sans/Serif.
_EXCLUDE = re.compile(r"symbol|dingbat|d050000l|math|initials|keyboard|z003|chorus|emoji|music|hairline|"
                      r"thin|femkeklaver|linlibertine_i\.|linbiolinum_k|^noto(?!(sans|serif)(mono|display)?-)", re.I)
# Near-clone families -> one group.
_CLONES = {
    "helvetica": ("nimbussans", "texgyreheros", "freesans", "liberationsans", "nimbussansnarrow"),
    "times": ("nimbusroman", "texgyretermes", "freeserif", "liberationserif"),
    "courier": ("nimbusmono", "texgyrecursor", "freemono", "liberationmono"),
    "palatino": ("p052", "texgyrepagella"),
    "bookman": ("urwbookman", "texgyrebonum"),
    "schoolbook": ("c059", "texgyreschola"),
    "avantgarde": ("urwgothic", "texgyreadventor"),
    "dejavu": ("dejavusans", "dejavuserif", "dejavusansmono"),
    "carlito": ("carlito",),
    "dkg": ("dkg",),                    # one person's hand in four styles
    "breip": ("breip",),
    "rufscript": ("rufscript",),
}
# Groups never used for training: the classifier's held-out accuracy and the synthetic test photos use
# these. A mix of sans, serif and geometric faces, chosen before any measurement.
HELD_OUT_GROUPS = ("palatino", "roboto", "carlito", "cantarell", "avantgarde")
# Handwriting faces (Debian: HAND_PACKAGES), each group one hand; never a printed given.
HAND_PACKAGES = ("fonts-dkg-handwriting fonts-breip fonts-bwht fonts-humor-sans fonts-rufscript fonts-sjfonts "
                 "fonts-comic-neue fonts-dancingscript fonts-kristi fonts-kaushanscript")
HAND_GROUPS = ("dkg", "breip", "becausewebuild", "becauseweconnect", "becausewecreate", "becausewelearn",
               "becausewementor", "becauseweorganize", "humorsans", "rufscript", "delphine", "stevehand",
               "comicneue", "dancingscript", "kristi", "kaushanscript")
# Hands never trained on, chosen before any measurement: the "hand fonts" held-out figure uses them.
HELD_OUT_HANDS = ("dkg", "stevehand", "becausewecreate")


@dataclass(frozen=True)
class FontFace:
    path: str
    group: str          # family group, e.g. "helvetica"
    index: int = 0      # face index inside a .ttc


def _group_of(path: Path) -> str:
    stem = re.sub(r"[-_ ](regular|bold|italic|oblique|light|medium|semibold|black|heavy|book|roman|"
                  r"condensed|extrabold|demi|narrow|cn|display|retina|mono|\d+).*$", "", path.stem, flags=re.I)
    key = re.sub(r"[^a-z0-9]", "", stem.lower())
    for group, members in _CLONES.items():
        if any(key.startswith(m) for m in members):
            return group
    for prefix in ("notosans", "notoserif", "opensans", "roboto", "lato", "cantarell", "firacode",
                   "linlibertine", "linbiolinum", "ebgaramond", "caladea"):
        if key.startswith(prefix):
            return prefix
    return key


def _digits_render(face: ImageFont.FreeTypeFont) -> bool:
    """True when 1-9 render as nine different non-empty glyphs (not one 'missing glyph' box)."""
    seen = set()
    for d in "123456789":
        img = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(img).text((8, 2), d, font=face, fill=255)
        a = np.asarray(img)
        if a.max() < 128:
            return False
        seen.add(a.tobytes())
    return len(seen) == 9


@lru_cache(maxsize=1)
def discover() -> tuple[FontFace, ...]:
    """Every usable font file on this machine, sorted by path (so splits are reproducible)."""
    files: set[Path] = set()
    for d in FONT_DIRS:
        root = Path(os.path.expanduser(d))
        if root.is_dir():
            files.update(p for p in root.rglob("*") if p.suffix.lower() in (".ttf", ".otf"))
    out = []
    for p in sorted(files):
        if _EXCLUDE.search(p.name):
            continue
        try:
            face = ImageFont.truetype(str(p), 36)
        except OSError:
            continue
        if _digits_render(face):
            out.append(FontFace(str(p), _group_of(p)))
    return tuple(out)


def split(faces: tuple[FontFace, ...] | None = None) -> tuple[list[FontFace], list[FontFace]]:
    """(training fonts, held-out fonts), printed faces only."""
    faces = discover() if faces is None else faces
    printed = [f for f in faces if f.group not in HAND_GROUPS]
    return ([f for f in printed if f.group not in HELD_OUT_GROUPS],
            [f for f in printed if f.group in HELD_OUT_GROUPS])


def hand_split(faces: tuple[FontFace, ...] | None = None) -> tuple[list[FontFace], list[FontFace]]:
    """(training hands, held-out hands): the handwriting faces."""
    faces = discover() if faces is None else faces
    hands = [f for f in faces if f.group in HAND_GROUPS]
    return ([f for f in hands if f.group not in HELD_OUT_HANDS],
            [f for f in hands if f.group in HELD_OUT_HANDS])


@lru_cache(maxsize=4096)
def load(face: FontFace, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face.path, size, index=face.index)


def glyph_mask(face: FontFace, text: str, height_px: float, stroke: int, rng: np.random.Generator) -> np.ndarray:
    """White-on-black uint8 mask of `text` cropped to its ink, scaled so the ink is `height_px` tall (a
    quarter of them 20% narrower or wider: condensed and extended faces); for synthetic cells."""
    size = max(int(height_px * 1.25) // 2 * 2, 8)     # even sizes: fewer fonts to load
    img = Image.new("L", (size * 2 + 4 * stroke, size * 2 + 4 * stroke), 0)
    ImageDraw.Draw(img).text((size // 2, size // 4), text, font=load(face, size), fill=255, stroke_width=stroke,
                             stroke_fill=255)
    a = np.asarray(img)
    ys, xs = np.nonzero(a > 32)
    if len(ys) == 0:
        return np.zeros((1, 1), np.uint8)
    a = a[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]
    scale = height_px / a.shape[0]
    sx = scale * rng.uniform(0.8, 1.2) if rng.random() < 0.25 else scale
    return cv2.resize(a, (max(int(a.shape[1] * sx), 1), max(int(height_px), 1)), interpolation=cv2.INTER_AREA)
