"""Names of vault files inside the package.

Anki keeps media in one flat folder, so `a/image.png` and `b/image.png` must get different
names, and the same file must get the same name on every export (a new name each time would
leave the old copy behind in the user's media folder). The name keeps the readable stem and
adds a short hash of the vault-relative path.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from posixpath import basename, splitext

_UNSAFE = re.compile(r"[^\w.-]+")


def package_name(rel: str) -> str:
    stem, ext = splitext(basename(rel))
    # NFC because Anki normalises media names that way on import; \w keeps Cyrillic readable.
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", stem)).strip("._")[:60] or "file"
    digest = hashlib.sha1(rel.encode("utf-8")).hexdigest()[:10]
    return f"{stem}-{digest}{_UNSAFE.sub('', ext.lower())}"
