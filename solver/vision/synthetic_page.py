"""Synthetic newspaper pages: a printed Sudoku (maybe half solved in pen or pencil) among text columns,
other grids and pictures, or a page with no Sudoku at all. Used for the test photos (synthetic_photo)
and the reader's measurements, with fonts held out from the digit classifier's training.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from . import synthetic_handwriting
from .fonts import FontFace, load

WORDS = ("the of and to in is that for on with as was at by from his her they have this not are but "
         "or which one all were when there can more will if about would out up said what so its into "
         "time only new some could these two may first then do any like my now over such our man me even "
         "most made after also did many before must through back years where much your way well down "
         "should because each just those people how too little state good very make world still own see "
         "men work long get here between both life being under never day same another know while last "
         "might us great old year off come since against go came right used take three council market "
         "weather sport minister report tonight puzzle solution answers crossword").split()


@dataclass(frozen=True)
class SudokuStyle:
    thin: float            # line widths as fractions of a cell
    bold: float
    outer: float
    line_grey: float       # 0 = ink colour, 1 = paper colour, for the thin lines
    shade_boxes: bool      # alternate 3x3 boxes shaded
    shade_givens: bool     # cells holding a given shaded
    digit_height: float    # fraction of a cell
    bold_digits: int       # extra stroke width in px at page scale
    halftone: bool = False # shading printed as a dot screen, as newsprint does
    screen: float = 20.0   # dot rows per cell (85-100 lpi newsprint on 7-9 mm cells: about 25)


@dataclass(frozen=True)
class Page:
    image: np.ndarray                  # BGR uint8
    corners: np.ndarray | None         # (4, 2) float32 outer corners of the Sudoku, TL TR BR BL; None: no grid
    cell: float                        # Sudoku cell size in page px (or the typical grid cell of a no-grid page)


def random_style(rng: np.random.Generator) -> SudokuStyle:
    shade_boxes = rng.random() < 0.2
    return SudokuStyle(thin=rng.uniform(0.015, 0.05), bold=rng.uniform(0.05, 0.11) if not shade_boxes or rng.random() < 0.5
                       else rng.uniform(0.015, 0.05), outer=rng.uniform(0.06, 0.14),
                       line_grey=rng.choice([0.0, 0.0, rng.uniform(0.2, 0.55)]), shade_boxes=shade_boxes,
                       shade_givens=rng.random() < 0.12, digit_height=rng.uniform(0.5, 0.72),
                       bold_digits=int(rng.random() < 0.2), halftone=rng.random() < 0.35,
                       screen=rng.uniform(12, 28))


def _colour(base: np.ndarray, rng: np.random.Generator, spread: float) -> tuple[int, int, int]:
    return tuple(int(v) for v in np.clip(base + rng.normal(0, spread, 3), 0, 255))


def draw_digit(img: Image.Image, face: FontFace, text: str, cx: float, cy: float, height: float,
               fill: tuple[int, int, int], stroke: int = 0) -> None:
    """Draw `text` with its ink box centred on (cx, cy) and `height` px tall."""
    size = max(int(height * 1.4), 6)
    font = load(face, size)
    box = font.getbbox(text, stroke_width=stroke)
    scale = height / max(box[3] - box[1], 1)
    font = load(face, max(int(size * scale), 6))
    box = font.getbbox(text, stroke_width=stroke)
    x = cx - (box[0] + box[2]) / 2
    y = cy - (box[1] + box[3]) / 2
    ImageDraw.Draw(img).text((x, y), text, font=font, fill=fill, stroke_width=stroke, stroke_fill=fill)


def draw_handwritten(img: Image.Image, digit: int, cx: float, cy: float, height: float,
                     fill: tuple[int, int, int], rng: np.random.Generator,
                     hand: synthetic_handwriting.Hand = synthetic_handwriting.mask) -> None:
    """A handwritten `digit` about `height` px tall near (cx, cy), in the pen colour `fill`, by `hand`
    (default: pen strokes)."""
    m = hand(rng, digit, height)
    h, w = m.shape
    x0 = int(round(cx - w / 2 + rng.normal(0, 0.06) * height))
    y0 = int(round(cy - h / 2 + rng.normal(0, 0.06) * height))
    img.paste(Image.new("RGB", (w, h), fill), (x0, y0), Image.fromarray(m))


def _halftone(img: Image.Image, box: tuple, period: float, ink: tuple, paper: tuple, shade: tuple) -> None:
    """Fill `box` with ink dots on a 45-degree screen whose coverage gives the shade's grey level,
    supersampled 4x so a screen finer than the page's pixels averages to grey as a lens would."""
    cover = float(np.clip((np.mean(paper) - np.mean(shade)) / max(np.mean(paper) - np.mean(ink), 1), 0.05, 0.4))
    r = np.sqrt(cover / np.pi)
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    if x1 <= x0 or y1 <= y0:
        return
    ss = 4
    yy, xx = np.mgrid[y0 * ss:y1 * ss, x0 * ss:x1 * ss].astype(np.float32) / ss
    u, v = (xx + yy) / np.sqrt(2) / period, (xx - yy) / np.sqrt(2) / period
    du, dv = u - np.round(u), v - np.round(v)
    dots = (du * du + dv * dv < r * r).astype(np.float32)
    a = dots.reshape(y1 - y0, ss, x1 - x0, ss).mean((1, 3))[..., None]
    region = np.asarray(img.crop((x0, y0, x1, y1)), np.float32)
    out = region * (1 - a) + np.array(ink, np.float32) * a
    img.paste(Image.fromarray(out.astype(np.uint8)), (x0, y0))


def draw_sudoku(img: Image.Image, givens: np.ndarray, x0: float, y0: float, side: float, face: FontFace,
                style: SudokuStyle, ink: tuple, paper: tuple, shade: tuple, written: np.ndarray | None = None,
                pen: tuple | None = None, rng: np.random.Generator | None = None,
                hand: synthetic_handwriting.Hand = synthetic_handwriting.mask) -> np.ndarray:
    """Draw the grid with its top-left at (x0, y0); returns its 4 outer corners. `written`: digits a
    solver wrote in by hand (`hand` as in draw_handwritten), in colour `pen`, drawn with `rng`."""
    c = side / 9
    d = ImageDraw.Draw(img)
    for r in range(9):
        for k in range(9):
            box_shaded = style.shade_boxes and ((r // 3) + (k // 3)) % 2 == 1
            if box_shaded or (style.shade_givens and givens[r, k]):
                box = (x0 + k * c, y0 + r * c, x0 + (k + 1) * c, y0 + (r + 1) * c)
                if style.halftone:
                    _halftone(img, box, c / style.screen, ink, paper, shade)
                else:
                    d.rectangle(box, fill=shade)
    thin_col = tuple(int(i + (p - i) * style.line_grey) for i, p in zip(ink, paper))
    for i in range(10):
        if i in (0, 9):
            w, col = style.outer, ink
        elif i % 3 == 0:
            w, col = style.bold, ink
        else:
            w, col = style.thin, thin_col
        w = max(w * c, 1.0)
        p = i * c
        d.rectangle([x0 + p - w / 2, y0 - style.outer * c / 2, x0 + p + w / 2, y0 + side + style.outer * c / 2], fill=col)
        d.rectangle([x0 - style.outer * c / 2, y0 + p - w / 2, x0 + side + style.outer * c / 2, y0 + p + w / 2], fill=col)
    for r in range(9):
        for k in range(9):
            if givens[r, k]:
                draw_digit(img, face, str(int(givens[r, k])), x0 + (k + 0.5) * c, y0 + (r + 0.5) * c,
                           style.digit_height * c, ink, style.bold_digits)
            elif written is not None and written[r, k]:
                draw_handwritten(img, int(written[r, k]), x0 + (k + 0.5) * c, y0 + (r + 0.5) * c,
                                 c * rng.uniform(0.45, 0.75), pen, rng, hand)
    h = style.outer * c / 2
    return np.array([[x0 - h, y0 - h], [x0 + side + h, y0 - h], [x0 + side + h, y0 + side + h],
                     [x0 - h, y0 + side + h]], np.float32)


def draw_crossword(img: Image.Image, n: int, x0: float, y0: float, side: float, rng: np.random.Generator,
                   face: FontFace, ink: tuple) -> None:
    """An n x n crossword: black squares in a symmetric pattern, clue numbers in the corners."""
    c = side / n
    d = ImageDraw.Draw(img)
    black = rng.random((n, n)) < 0.18
    black |= black[::-1, ::-1]
    num = 1
    for r in range(n):
        for k in range(n):
            box = [x0 + k * c, y0 + r * c, x0 + (k + 1) * c, y0 + (r + 1) * c]
            if black[r, k]:
                d.rectangle(box, fill=ink)
            elif (k == 0 or black[r, k - 1] or r == 0 or black[r - 1, k]) and rng.random() < 0.7:
                d.text((box[0] + c * 0.08, box[1] + c * 0.04), str(num), font=load(face, max(int(c * 0.3), 6)), fill=ink)
                num += 1
    w = max(c * 0.04, 1)
    for i in range(n + 1):
        d.rectangle([x0 + i * c - w / 2, y0, x0 + i * c + w / 2, y0 + side], fill=ink)
        d.rectangle([x0, y0 + i * c - w / 2, x0 + side, y0 + i * c + w / 2], fill=ink)


def draw_number_grid(img: Image.Image, n: int, x0: float, y0: float, side: float, rng: np.random.Generator,
                     face: FontFace, ink: tuple) -> None:
    """An n x n grid (n != 9) with digits in some cells: the look of a Sudoku, not its lattice."""
    c = side / n
    d = ImageDraw.Draw(img)
    w = max(c * 0.04, 1)
    for i in range(n + 1):
        wi = w * (3 if i in (0, n) else 1)
        d.rectangle([x0 + i * c - wi / 2, y0, x0 + i * c + wi / 2, y0 + side], fill=ink)
        d.rectangle([x0, y0 + i * c - wi / 2, x0 + side, y0 + i * c + wi / 2], fill=ink)
    for r in range(n):
        for k in range(n):
            if rng.random() < 0.4:
                draw_digit(img, face, str(int(rng.integers(1, 10))), x0 + (k + 0.5) * c, y0 + (r + 0.5) * c, 0.6 * c, ink)


def _text_block(img: Image.Image, box: tuple[float, float, float, float], rng: np.random.Generator,
                face: FontFace, ink: tuple, size: float) -> None:
    d = ImageDraw.Draw(img)
    font = load(face, max(int(size), 6))
    x0, y0, x1, y1 = box
    y = y0
    if rng.random() < 0.5:                              # a headline
        big = load(face, max(int(size * rng.uniform(1.8, 3.0)), 8))
        d.text((x0, y), " ".join(rng.choice(WORDS, rng.integers(2, 5))).title(), font=big, fill=ink)
        y += size * 3.4
    while y + size < y1:
        line, x = [], x0
        while True:
            w = str(rng.choice(WORDS))
            wl = font.getlength(w + " ")
            if x + wl > x1:
                break
            line.append(w)
            x += wl
        d.text((x0, y), " ".join(line), font=font, fill=ink)
        y += size * rng.uniform(1.25, 1.45)
        if rng.random() < 0.06:
            y += size


def _picture(img: Image.Image, box: tuple[float, float, float, float], rng: np.random.Generator) -> None:
    x0, y0, x1, y1 = (int(v) for v in box)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return
    small = rng.uniform(30, 220, (6, 6, 3)).astype(np.uint8)
    pic = cv2.resize(small, (x1 - x0, y1 - y0), interpolation=cv2.INTER_CUBIC)
    img.paste(Image.fromarray(pic[:, :, ::-1]), (x0, y0))


def _fill_around(img: Image.Image, keep: tuple[float, float, float, float], rng: np.random.Generator,
                 text_face: FontFace, ink: tuple, size: float, other_grid: bool, digit_face: FontFace) -> None:
    """Text columns, pictures and maybe another grid in the page area outside `keep`."""
    w, h = img.size
    kx0, ky0, kx1, ky1 = keep
    gap = size * rng.uniform(0.8, 2.5)
    regions = [(0, 0, w, ky0 - gap), (0, ky1 + gap, w, h), (0, ky0, kx0 - gap, ky1), (kx1 + gap, ky0, w, ky1)]
    for i, (x0, y0, x1, y1) in enumerate(regions):
        if x1 - x0 < size * 4 or y1 - y0 < size * 2:
            continue
        if other_grid and x1 - x0 > size * 14 and y1 - y0 > size * 14:
            n = int(rng.choice([5, 7, 10, 11, 13, 15]))
            s = min(x1 - x0, y1 - y0) * rng.uniform(0.6, 0.9)
            draw_crossword(img, n, x0 + (x1 - x0 - s) / 2, y0 + (y1 - y0 - s) / 2, s, rng, digit_face, ink)
            other_grid = False
            continue
        cols = max(1, int((x1 - x0) / (size * rng.uniform(14, 24))))
        cw = (x1 - x0) / cols
        for k in range(cols):
            bx = (x0 + k * cw + size * 0.5, y0, x0 + (k + 1) * cw - size * 0.5, y1)
            if rng.random() < 0.12:
                _picture(img, (bx[0], bx[1], bx[2], bx[1] + (bx[3] - bx[1]) * rng.uniform(0.3, 0.8)), rng)
            else:
                _text_block(img, bx, rng, text_face, ink, size)
            if k and rng.random() < 0.5:
                ImageDraw.Draw(img).line([(x0 + k * cw, y0), (x0 + k * cw, y1)], fill=ink, width=1)


# Pen and pencil colours (RGB) of a solver's handwriting: black and blue ballpoint, graphite.
PENS = ((30, 30, 40), (25, 40, 140), (40, 60, 170), (110, 110, 115))


def sudoku_page(rng: np.random.Generator, givens: np.ndarray, cell_px: float, digit_face: FontFace,
                text_face: FontFace, written: np.ndarray | None = None,
                hand: synthetic_handwriting.Hand = synthetic_handwriting.mask) -> Page:
    """A page region around a printed Sudoku whose cells are `cell_px` page pixels; `written`: digits
    filled in by hand (0 elsewhere), `hand` as in draw_handwritten."""
    side = cell_px * 9
    w = int(side * rng.uniform(1.5, 2.6))
    h = int(w * rng.uniform(1.1, 1.5))
    paper_base = np.array([228, 236, 240]) - rng.uniform(0, 35)
    paper = _colour(paper_base, rng, 6)
    ink = _colour(np.array([35, 35, 35]), rng, 10)
    shade = _colour(np.array(paper) - rng.uniform(15, 55), rng, 12)
    img = Image.new("RGB", (w, h), paper)
    x0 = rng.uniform(0.08, 0.92) * (w - side)
    y0 = rng.uniform(0.1, 0.9) * (h - side)
    style = random_style(rng)
    pen = _colour(np.array(PENS[int(rng.integers(len(PENS)))]), rng, 8) if written is not None else None
    corners = draw_sudoku(img, givens, x0, y0, side, digit_face, style, ink, paper, shade, written, pen, rng,
                          hand)
    title = load(text_face, max(int(cell_px * 0.6), 6))
    ImageDraw.Draw(img).text((x0, y0 - cell_px * 1.0), "SUDOKU" if rng.random() < 0.7 else "Puzzle No. 4821",
                             font=title, fill=ink)
    size = cell_px * rng.uniform(0.28, 0.45)
    _fill_around(img, (x0 - cell_px * 0.2, y0 - cell_px * 1.1, x0 + side + cell_px * 0.2, y0 + side + cell_px * 0.2),
                 rng, text_face, ink, size, rng.random() < 0.4, digit_face)
    return Page(np.asarray(img)[:, :, ::-1].copy(), corners, cell_px)


def no_grid_page(rng: np.random.Generator, cell_px: float, digit_face: FontFace, text_face: FontFace,
                 what: str) -> Page:
    """A page with no Sudoku: 'text' only, a 'crossword', or a 'grid' of digits that is not 9x9."""
    side = cell_px * 9
    w = int(side * rng.uniform(1.5, 2.4))
    h = int(w * rng.uniform(1.1, 1.5))
    paper = _colour(np.array([228, 236, 240]) - rng.uniform(0, 35), rng, 6)
    ink = _colour(np.array([35, 35, 35]), rng, 10)
    img = Image.new("RGB", (w, h), paper)
    size = cell_px * rng.uniform(0.28, 0.45)
    if what in ("crossword", "grid"):
        n = int(rng.choice([7, 11, 13, 15] if what == "crossword" else [6, 8, 10, 12]))
        x0, y0 = rng.uniform(0.1, 0.9) * (w - side), rng.uniform(0.1, 0.9) * (h - side)
        draw = draw_crossword if what == "crossword" else draw_number_grid
        draw(img, n, x0, y0, side, rng, digit_face, ink)
        _fill_around(img, (x0, y0, x0 + side, y0 + side), rng, text_face, ink, size, False, digit_face)
    else:
        _fill_around(img, (w * 0.4, h * 0.4, w * 0.4 + 1, h * 0.4 + 1), rng, text_face, ink, size, False, digit_face)
    return Page(np.asarray(img)[:, :, ::-1].copy(), None, cell_px)
