"""scripts/mutation.py refuses a command it does not know. It used to fall through to `report`,
so `--help` or a typo overwrote the committed docs/mutation-report.md with empty figures."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REPORT = ROOT / "docs" / "mutation-report.md"


@pytest.mark.parametrize("command", ["--help", "reprot"])
def test_an_unknown_command_prints_the_usage_and_leaves_the_report_alone(command):
    before = REPORT.read_bytes()
    result = subprocess.run(
        [sys.executable, "scripts/mutation.py", command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "scripts/mutation.py report" in result.stderr
    assert REPORT.read_bytes() == before
