"""The maze page: its document, board, editor and play mode."""
