"""kill -9 then --resume on the real `trm train` process (issue 26). A small budget here; by hand:
python -m tests.fuzz.kill_resume --kills 20 --saves 20 (see that module)."""
import random
import signal

from tests.fuzz.kill_resume import same_weights, save_kills, state, train, train_args, write_data
from training.cli import main

STEPS = 24


def test_sigkill_mid_run_then_resume_continues_from_the_checkpoint_and_matches(tmp_path, capsys):
    data = write_data(tmp_path)
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "ref"), *train_args(STEPS)]) == 0
    ref = state(tmp_path / "ref")
    out = tmp_path / "killed"
    # Killed a moment after its first checkpoint (step 7), mid-step or mid-save.
    rc, _, _ = train(data, out, kill_after=random.Random(0).uniform(0.0, 0.3), once=out / "state.pt",
                     steps=STEPS)
    assert rc == -signal.SIGKILL
    saved = state(out)["step"]                      # loads: a kill never leaves half a state file
    assert 0 < saved < ref["step"]
    capsys.readouterr()
    assert main(["train", "--data", str(data), "--out", str(out), *train_args(STEPS), "--resume"]) == 0
    assert f"resumed at step {saved}\n" in capsys.readouterr().err
    after = state(out)
    assert after["step"] == ref["step"] and same_weights(ref["model"], after["model"]) <= 1e-5
    assert same_weights(ref["ema"]["model"], after["ema"]["model"]) <= 1e-5


def test_sigkill_mid_save_leaves_the_old_model_or_the_new_one(tmp_path):
    rows = save_kills(tmp_path, 2, random.Random(0))
    assert all(r["exact"] for r in rows), rows
