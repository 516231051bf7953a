"""The Sudoku page: its document, board, editor, handwriting pad and play mode."""
