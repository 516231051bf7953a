"""The training wizard: fine-tune on your own puzzles, offline (one page per module)."""
from .resume_offer import ResumeOffer

__all__ = ["ResumeOffer", "TrainingWizard"]


def __getattr__(name: str):
    # The wizard's pages bring in the trainer and torch: loaded when it opens, not with the window (the
    # resume offer, shown at start-up, needs neither).
    if name == "TrainingWizard":
        from .wizard import TrainingWizard

        return TrainingWizard
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
