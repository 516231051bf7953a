"""The line-maze benchmark: renders, reads and counts; a misread maze is counted as one."""
from __future__ import annotations

import json

import numpy as np

import training.line_maze_eval as ev


def test_report_counts_reads_and_misreads(monkeypatch, tmp_path) -> None:
    out = tmp_path / "r.json"
    assert ev.main(["--n", "3", "--seed", "4", "--out", str(out)]) == 0
    r = json.loads(out.read_text())
    assert r["n"] == 3 and r["exact"]["all"]["of"] == 3
    assert sum(r["exact"][k]["of"] for k in ("scan", "photo") if k in r["exact"]) == 3
    assert 0 <= r["wall_segments_right"] <= 1 and r["seconds_median"] > 0
    # A reader that turns every wall into an open cell: nothing read exactly, and the misses say so.
    real = ev.read_photo

    def walls_gone(img, kind):
        reading = real(img, kind)
        return type(reading)(**{**reading.__dict__, "grid": np.where(reading.grid == 0, 1, reading.grid)})
    monkeypatch.setattr(ev, "read_photo", walls_gone)
    bad = ev.evaluate(2, seed=4)
    assert bad["exact"]["all"]["read"] == 0 and len(bad["misses"]) == 2
    assert bad["wall_segments_right"] < r["wall_segments_right"]
