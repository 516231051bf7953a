"""App tests run headless and never touch the real settings, library or model folders."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("TRM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TRM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRM_USER_MODELS", str(tmp_path / "models"))
    return tmp_path


@pytest.fixture
def ctx(qapp):
    from trm_app.context import AppContext

    c = AppContext.create(interactive=False)
    yield c
    c.close()


@pytest.fixture
def window(qtbot, ctx):
    from trm_app.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture(scope="session")
def tiny_sudoku_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Sudoku network: it runs fast and gets the answer wrong, so the search repairs it."""
    import torch

    from solver.checkpoint import save_model
    from solver.model import TRM, TRMConfig

    torch.manual_seed(0)
    m = TRM(TRMConfig(vocab_size=11, seq_len=81, hidden_size=32, ffn_multiple=32, mixer="mlp", T=2, n=2,
                      N_sup=3))
    return save_model(m, tmp_path_factory.mktemp("models") / "tiny", "sudoku", {})


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
