"""The training wizard: fine-tune on your own puzzles, offline (one page per module)."""
from .resume_offer import ResumeOffer
from .wizard import TrainingWizard

__all__ = ["ResumeOffer", "TrainingWizard"]
