"""What the wizard's pages share: the goal, the data, the run folder and the run's outcome. Plain data;
each page reads what earlier pages wrote and writes its own part."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from solver.checkpoint import ModelInfo
from training.data_summary import DataSummary
from training.runs import RunSpec

GOALS = ("finetune", "scratch", "arc_task")


@dataclass
class WizardState:
    goal: str = "finetune"                 # one of GOALS
    kind: str = "sudoku"
    base: ModelInfo | None = None          # the model to fine-tune (None: from scratch)
    sources: list[str] = field(default_factory=list)       # files and folders the person added
    library_ids: list[int] = field(default_factory=list)   # puzzles picked from the library
    library_file: Path | None = None       # those puzzles, written into the run folder
    summary: DataSummary | None = None     # the Data page's preview (the split the run will use)
    run_dir: Path | None = None            # made when the data is first previewed
    spec: RunSpec | None = None            # written when training starts
    result: dict | None = None             # the training process's result (before/after, best model)
    saved_model: Path | None = None        # where the Result page saved the model

    @property
    def data_paths(self) -> list[str]:
        """The --data paths of the run: the person's files and folders, then the library picks."""
        return self.sources + ([str(self.library_file)] if self.library_file else [])

    @property
    def base_arg(self) -> str:
        return str(self.base.path) if self.base is not None else "scratch"
