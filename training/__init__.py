"""Training engine for TRM Puzzle Studio: datasets, the Trainer, evaluation, recipes. Qt-free."""
