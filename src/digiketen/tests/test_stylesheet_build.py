"""frontend/build.py minifies with Lightning CSS, a CSS parser: selectors keep their meaning.

The regex minifier it replaced joined `.dk-header :focus-visible` (any focused element inside
the header) into `.dk-header:focus-visible` (the header itself focused), which turned the white
focus ring in the header orange on every page. Needs `npm ci` in frontend/, as `make static` does.
"""

import importlib.util
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[3] / "frontend"


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("frontend_build", FRONTEND / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def minified(build, tmp_path, css: str) -> str:
    source = tmp_path / "sample.css"
    source.write_text(css)
    return build.minify([source])


def test_combinators_keep_their_meaning(build, tmp_path):
    css = """/* a comment */
    .dk-header :focus-visible, .dk-footer :focus-visible { outline-color: #fff; }
    .dk-crumbs   .utrecht-link:hover { color : red }
    .a > .b + .c ~ .d :is(.e, .f) { margin: 0 auto }
    """
    assert minified(build, tmp_path, css) == (
        ".dk-header :focus-visible,.dk-footer :focus-visible{outline-color:#fff}"
        ".dk-crumbs .utrecht-link:hover{color:red}"
        ".a>.b+.c~.d :is(.e,.f){margin:0 auto}"
    )


def test_invalid_css_stops_the_build_naming_the_file(build, tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as error:
        minified(build, tmp_path, ".dk-page { color: red; }}\n")
    assert "sample.css:" in error.value.stderr
    assert "Unexpected end of input" in error.value.stderr


def test_every_source_is_bundled_in_cascade_order(build):
    paths = build.sources()
    assert paths[0].name == "theme.css"  # the design tokens, which site.css overrides
    assert paths[-1] == FRONTEND / "site.css"
    assert all(path.exists() for path in paths), [p for p in paths if not p.exists()]
