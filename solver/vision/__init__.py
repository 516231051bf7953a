"""Reading puzzles from photos (filled in below)."""
