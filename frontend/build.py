"""Bundle the NL Design System CSS that our templates use, the design-token theme and our own
styles into one stylesheet: src/digiketen/static/digiketen/build/digiketen.css.

Only the listed components are included, so a resident's phone downloads what it needs. Each
file is minified by Lightning CSS (frontend/minify.mjs), a real CSS parser: a hand-written regex
once removed the space of a descendant combinator and broke the focus ring on every page.
"""

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules" / "@utrecht"
OUTPUT = HERE.parent / "src" / "digiketen" / "static" / "digiketen" / "build" / "digiketen.css"


def sources() -> list[Path]:
    """The design tokens, each listed component and site.css, in cascade order."""
    components = [
        line.strip()
        for line in (HERE / "components.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    paths = [MODULES / "design-tokens" / "dist" / "theme.css"]
    paths += [MODULES / f"{name}-css" / "dist" / "index.min.css" for name in components]
    return [*paths, HERE / "site.css"]


def minify(paths: list[Path]) -> str:
    """The files minified by Lightning CSS, one per line, in order.

    Raises CalledProcessError, whose stderr names the file, line and column, on invalid CSS.
    """
    node = shutil.which("node")
    if node is None:
        raise FileNotFoundError("node is needed to build the stylesheet (apt-get install nodejs)")
    # Our own script and our own file names: no shell, nothing from outside in the arguments.
    result = subprocess.run(  # noqa: S603
        [node, str(HERE / "minify.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    )
    if result.stderr:
        print(result.stderr, file=sys.stderr, end="")
    return result.stdout


def main() -> int:
    paths = sources()
    missing = [path for path in paths if not path.exists()]
    if missing:
        for path in missing:
            print(f"missing: {path.relative_to(HERE)} (run `npm ci` in frontend/)", file=sys.stderr)
        return 1
    try:
        css = minify(paths)
    except subprocess.CalledProcessError as error:
        print(error.stderr, file=sys.stderr, end="")
        return 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(css + "\n")
    print(f"wrote {OUTPUT.relative_to(HERE.parent)} ({OUTPUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
