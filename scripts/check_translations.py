"""Fail when a translatable string has no English translation or the .mo file is stale.

Runs makemessages on a copy of the source, so the working tree is not touched.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "src" / "digiketen"
PO = APP / "locale" / "en" / "LC_MESSAGES" / "django.po"


def msgids(po: Path) -> set[str]:
    out = subprocess.run(
        ["msgattrib", "--no-wrap", "--no-location", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if line.startswith(("msgid ", "msgid_plural "))}


def main() -> int:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "digiketen"
        shutil.copytree(APP, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "tests"))
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "makemessages",
                "-l",
                "en",
                "--no-obsolete",
                "--no-location",
            ],
            cwd=copy,
            check=True,
            capture_output=True,
        )
        fresh = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
        missing = msgids(fresh) - msgids(PO)
        if missing:
            problems.append(
                "strings not yet in django.po (run `make messages`):\n  "
                + "\n  ".join(sorted(missing))
            )
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(
            ["msgattrib", flag, "--no-location", str(PO)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if out.strip():
            problems.append(f"entries {flag} in django.po:\n{out}")
    for po in APP.glob("*locale/*/LC_MESSAGES/django.po"):  # ours and framework_locale
        compiled = subprocess.run(
            ["msgfmt", "-o", "-", str(po)], capture_output=True, check=True
        ).stdout
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled:
            problems.append(f"{mo} is not compiled from its .po (run `make messages`)")
    for problem in problems:
        print(problem, file=sys.stderr)
    print("translations: " + ("FAILED" if problems else "complete"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
