"""kill -9 then --resume on the real `trm train` process (issue 26). A small budget here; by hand:
python -m tests.fuzz.kill_resume --kills 20 --saves 20 (see that module)."""
import random
import signal

import pytest

from tests.fuzz.kill_resume import INTERRUPTED, same_weights, save_kills, state, train, train_args, write_data
from training.cli import main

STEPS = 24


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The training data and the state of an uninterrupted run of STEPS steps."""
    folder = tmp_path_factory.mktemp("reference")
    data = write_data(folder)
    assert main(["train", "--data", str(data), "--out", str(folder / "ref"), *train_args(STEPS)]) == 0
    return data, state(folder / "ref")


@pytest.mark.parametrize("sig, status", [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGINT, INTERRUPTED)],
                         ids=["SIGKILL", "SIGINT"])
def test_stopped_mid_run_then_resume_continues_from_the_checkpoint_and_matches(tmp_path, capsys, reference, sig,
                                                                               status):
    data, ref = reference
    out = tmp_path / "stopped"
    # Killed (or interrupted, as Ctrl-C) a moment after its first checkpoint (step 7), mid-step or mid-save.
    rc, err, _ = train(data, out, kill_after=random.Random(0).uniform(0.0, 0.3), once=out / "state.pt",
                       steps=STEPS, sig=sig)
    assert rc == status, err
    if sig == signal.SIGINT:
        assert f"interrupted; the run is saved: resume with --resume --out {out}" in err and "Traceback" not in err
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


def test_ctrl_c_mid_step_stops_after_that_step_and_resumes_exactly(tmp_path, capsys, reference, monkeypatch):
    from training import trainer

    data, ref = reference
    calls, losses = [], trainer.token_losses

    def interrupted_mid_step(*a):
        calls.append(1)
        if len(calls) == 10:                  # step 10, after the forward pass, before the update
            signal.raise_signal(signal.SIGINT)
        return losses(*a)

    monkeypatch.setattr(trainer, "token_losses", interrupted_mid_step)
    # Ctrl-C as a terminal delivers it: under nohup (a suite run in the background) SIGINT starts ignored,
    # and trm train rightly keeps it so
    old_handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    monkeypatch.undo_later = None
    out = tmp_path / "stopped"
    assert main(["train", "--data", str(data), "--out", str(out), *train_args(STEPS)]) == INTERRUPTED
    assert f"interrupted; the run is saved: resume with --resume --out {out}" in capsys.readouterr().err
    assert state(out)["step"] == 10           # the step in progress was finished, then saved
    monkeypatch.undo()
    signal.signal(signal.SIGINT, old_handler)
    assert main(["train", "--data", str(data), "--out", str(out), *train_args(STEPS), "--resume"]) == 0
    assert "resumed at step 10\n" in capsys.readouterr().err
    after = state(out)
    assert after["step"] == ref["step"] and same_weights(ref["model"], after["model"]) <= 1e-5
