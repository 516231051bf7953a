"""The hostile-input corpus against every `trm` entry point (tests/fuzz/corpus.py), with a small budget of
seeded mutations; by hand: python -m tests.fuzz.corpus --mutations 2000 (or TRM_FUZZ_MUTATIONS)."""
import json
import os
import subprocess
import sys


def test_no_hostile_input_gets_a_traceback_a_wrong_exit_a_hang_or_2_gib():
    n = os.environ.get("TRM_FUZZ_MUTATIONS", "60")
    # Its own process: the peak memory measured is the corpus's alone.
    proc = subprocess.run([sys.executable, "-m", "tests.fuzz.corpus", "--mutations", n, "--seed", "0"],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    summary = json.loads(proc.stdout)
    assert summary["failed"] == 0, summary["failures"][:5]
    assert summary["cases"] >= 150 + int(n) - 60 and summary["peak_rss_mib"] < 2048
    assert not summary["ran_payload"] and proc.returncode == 0
