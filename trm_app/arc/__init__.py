"""The ARC page: its document, grid views, palette, tools and editors."""
