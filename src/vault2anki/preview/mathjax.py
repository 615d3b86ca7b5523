"""Math in the preview, typeset as Anki desktop's reviewer typesets it.

The reviewer (Anki's `reviewer.js`) loads MathJax only for a card side whose HTML holds
`\\(…\\)` or `\\[…\\]`: first its config (`js/mathjax.js`: TeX input with the `noerrors` and
`mathtools` packages, `\\[…\\]` for display math, no `$`, no escapes or environments outside
math, no automatic typesetting), then MathJax 3.2.2's `tex-chtml-full.js`, and then typesets
the card. A side document here does the same: `CONFIG_JS` is Anki's config with only the
folder changed, and the files are Anki's own — from the npm package `mathjax@3.2.2`
(Apache-2.0), zipped into this package (`mathjax.zip`) when it is built
(tools/mathjax_bundle.py), and unpacked into each site with math: the preview needs no
network and no Anki. An install built without it (no npm at build time)
shows math as TeX source, and `write_preview` counts the sides that would have needed it.

MathJax typesets only what the fields hold after the sanitizer: math that would make a link,
a style or a download (`\\href`, `\\style`, …) was removed at export (render/texguard.py).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

BUNDLE = Path(__file__).with_name("mathjax.zip")
ENTRY = "tex-chtml-full.js"
# reviewer.js's test, `new RegExp("\\\\\\[(.*?)\\\\\\]|\\\\\\((.*?)\\\\\\)", "su")`.
_MATH_RE = re.compile(r"\\\[(.*?)\\\]|\\\((.*?)\\\)", re.S)
# Anki's `js/mathjax.js` as it ships (26.x), its MathJax folder (`/_anki/js/vendor/mathjax`)
# replaced by the site's: relative to a side document, whose `<base>` is `media/`.
CONFIG_JS = (
    '"use strict";const packages=["noerrors","mathtools"];function packagesForLoading(s)'
    '{return s.map(a=>`[tex]/${a}`)}window.MathJax={tex:{displayMath:[["\\\\[","\\\\]"]],'
    'processEscapes:!1,processEnvironments:!1,processRefs:!1,packages:{"[+]":packages,'
    '"[-]":["textmacros"]}},loader:{load:packagesForLoading(packages),'
    'paths:{mathjax:"../assets/mathjax"}},startup:{typeset:!1}};\n'
)


def needs_math(side_html: str) -> bool:
    """Whether Anki's reviewer loads MathJax for this side."""
    return _MATH_RE.search(side_html) is not None


def bundled() -> bool:
    """Whether this install carries MathJax (see the module docstring)."""
    return BUNDLE.is_file()


def copy_to(assets: Path) -> None:
    """MathJax and its config into the site's `assets/` (`assets/mathjax/`, `mathjax.js`)."""
    with zipfile.ZipFile(BUNDLE) as bundle:
        bundle.extractall(assets / "mathjax")
    (assets / "mathjax.js").write_text(CONFIG_JS, "utf-8")
