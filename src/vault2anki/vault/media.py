"""Names of vault files inside the package (and in Anki's media folder).

Anki keeps media in one flat folder, and the two ways in do not keep the same names: `.apkg`
import keeps a name as it is, while AnkiConnect's `storeMediaFile` (what `sync` uploads with)
lower-cases it — a card showing `Pasted_image.png` then finds nothing. So every name made here
is already what Anki would make of it: lower-case ASCII letters, digits, `_` and `-`, with a
lower-cased extension, and short (AnkiWeb refuses names over 120 bytes).

Content-addressed: a readable ASCII slug of the stem (Cyrillic transliterated) plus a hash of
the file's *bytes*. `a/image.png` and `b/image.png` with other bytes get other names, and so do
`Chart.png` and `chart.png` (the slug alone is the same); two files with the same bytes and stem
share one media file. A file whose bytes change gets a new name, so neither route can keep an
old copy under the name a card shows. The same file gets the same name on every export, on every
machine, by both routes.
"""

from __future__ import annotations

import re
import unicodedata
from posixpath import basename, splitext

# What AnkiWeb refuses (Anki's rslib/src/sync/media/mod.rs): a media file over 100 MiB
# (MAX_INDIVIDUAL_MEDIA_FILE_SIZE) and a media name over 120 bytes (MAX_MEDIA_FILENAME_LENGTH).
MAX_MEDIA_BYTES = 100 << 20
MAX_NAME_BYTES = 120
SLUG_MAX = 40  # characters of the stem kept: with the hash and extension, ~70 at most
EXT_MAX = 10  # `.markdown`: longer is not an extension a player or browser goes by

# Russian, Ukrainian and Belarusian letters, as their usual Latin spellings (the vault this
# project started from is Russian: `Диаграмма.PNG` → `diagramma-….png`, not just a hash).
_CYRILLIC = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
        **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ъ": "", "ь": "", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"},
        **{"ў": "u"},
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(stem: str) -> str:
    """`stem` as lower-case ASCII words joined by `_` ("" when nothing of it is Latin or
    Cyrillic: the hash alone names the file then)."""
    text = unicodedata.normalize("NFC", stem).lower().translate(_CYRILLIC)
    # NFKD splits `é` into `e` + an accent, which the ASCII encoding then drops.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("_", text).strip("_")[:SLUG_MAX].rstrip("_")


def package_name(rel: str, digest: str) -> str:
    """The media name of the vault file `rel` whose bytes hash to `digest`
    (`identity.file_digest`): `pasted_image_20240101120000-1a2b3c4d5e6f7a8b.png`."""
    stem, ext = splitext(basename(rel))
    ext = _NOT_SLUG.sub("", ext.lower())[:EXT_MAX]
    readable = slug(stem)
    base = f"{readable}-{digest}" if readable else digest
    return f"{base}.{ext}" if ext else base
