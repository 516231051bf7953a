"""Photo import: the webcam, the reading of a photo in a worker, the import dialog and a folder's import."""
