"""Small files that describe huge images: a 1-bit PNG of W x W pixels, a few KB to a few hundred KB on disk."""
from __future__ import annotations

import struct
import zlib


def png_bomb(width: int, height: int | None = None) -> bytes:
    height = height or width
    row = b"\0" * (1 + (width + 7) // 8)       # filter byte + packed 1-bit pixels, all black
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
