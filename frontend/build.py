"""Bundle the NL Design System CSS that our templates use, the design-token theme and our own
styles into one stylesheet: src/digiketen/static/digiketen/build/digiketen.css.

Only the listed components are included, so a resident's phone downloads what it needs.
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules" / "@utrecht"
OUTPUT = HERE.parent / "src" / "digiketen" / "static" / "digiketen" / "build" / "digiketen.css"


def minify(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};:,>])\s*", r"\1", css).strip()


def main() -> int:
    components = [
        line.strip()
        for line in (HERE / "components.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = [minify((MODULES / "design-tokens" / "dist" / "theme.css").read_text())]
    for name in components:
        path = MODULES / f"{name}-css" / "dist" / "index.min.css"
        if not path.exists():
            print(f"missing component: {name} ({path})", file=sys.stderr)
            return 1
        parts.append(path.read_text().strip())
    parts.append(minify((HERE / "site.css").read_text()))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(parts) + "\n")
    print(f"wrote {OUTPUT.relative_to(HERE.parent)} ({OUTPUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
