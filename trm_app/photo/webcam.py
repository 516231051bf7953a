"""The webcam, behind two blocking calls meant for a worker: is there one, and grab a frame.

OpenCV opens the device; `opener` replaces cv2.VideoCapture (tests inject a fake capture, since the
machines that run them have no camera)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

import numpy as np

WARMUP_FRAMES = 5      # the first frames of many webcams are dark while auto-exposure settles


class Capture(Protocol):
    def isOpened(self) -> bool: ...
    def read(self) -> tuple[bool, np.ndarray | None]: ...
    def release(self) -> None: ...


def _open_cv(index: int) -> Capture:
    import cv2

    return cv2.VideoCapture(index)


class Webcam:
    def __init__(self, index: int = 0, opener: Callable[[int], Capture] | None = None):
        self.index = index
        self.opener = opener or _open_cv
        self._lock = threading.Lock()     # one open device at a time, whichever worker asks

    def probe(self) -> bool:
        """True when the camera opens and delivers a frame."""
        with self._lock:
            cap = self.opener(self.index)
            try:
                if not cap.isOpened():
                    return False
                ok, frame = cap.read()
                return bool(ok) and frame is not None
            finally:
                cap.release()

    def grab(self) -> np.ndarray:
        """One BGR frame (after the warm-up frames); OSError when there is no camera or no picture."""
        with self._lock:
            cap = self.opener(self.index)
            try:
                if not cap.isOpened():
                    raise OSError(f"no webcam could be opened (camera {self.index})")
                frame = None
                for _ in range(WARMUP_FRAMES):
                    ok, f = cap.read()
                    if ok and f is not None:
                        frame = f
                if frame is None:
                    raise OSError(f"the webcam (camera {self.index}) delivered no picture")
                return np.ascontiguousarray(frame)
            finally:
                cap.release()
