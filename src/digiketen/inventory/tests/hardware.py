"""Real outputs of donated machines, kept with the tests (see fixtures/hardware/SOURCE.txt)."""

from pathlib import Path

HARDWARE = Path(__file__).parent / "fixtures" / "hardware"
