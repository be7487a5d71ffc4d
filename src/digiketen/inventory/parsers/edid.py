"""Parse a monitor's EDID block (/sys/class/drm/*/edid): size and preferred resolution."""

import math
from dataclasses import dataclass

HEADER = bytes([0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00])


@dataclass(frozen=True)
class Screen:
    diagonal_inch: float | None
    width_px: int | None
    height_px: int | None


def parse_edid(data: bytes) -> Screen | None:
    """None when the bytes are not an EDID block (empty file of a disconnected port)."""
    if len(data) < 128 or data[:8] != HEADER or sum(data[:128]) % 256 != 0:
        return None
    width_cm, height_cm = data[21], data[22]
    diagonal = round(math.hypot(width_cm, height_cm) / 2.54, 1) if width_cm and height_cm else None
    timing = data[54:72]  # first detailed timing descriptor: the preferred mode
    pixel_clock = timing[0] | timing[1] << 8
    if pixel_clock:
        width = timing[2] | (timing[4] & 0xF0) << 4
        height = timing[5] | (timing[7] & 0xF0) << 4
    else:
        width = height = None
    return Screen(diagonal_inch=diagonal, width_px=width, height_px=height)
