"""Put the MathJax that Anki desktop ships into the package, for `vault2anki preview`.

Anki desktop (26.x) typesets math with MathJax 3.2.2: its `tex-chtml-full.js` component, the
CHTML fonts it loads and the assistive-MathML extension, byte for byte the files of the npm
package `mathjax@3.2.2` (Apache-2.0). This takes exactly those from that package — fetched
with `npm pack`, checked against the integrity the registry published for it — into one zip,
`src/vault2anki/preview/mathjax.zip`, which the wheel and the sdist then carry: the preview
typesets offline, and the repository holds no copy (git ignores the file). 1.7 MB unpacked,
0.65 MB zipped (the fonts are compressed already). One file, not a folder: setuptools would
take each folder of it for a Python package, and a zip is written whole or not at all.

Run by setup.py before the package's files are collected (a wheel, an sdist or `pip install
-e`); by hand: `python tools/mathjax_bundle.py`. Without npm, or offline, it says so and the
build goes on: that install's preview shows math as TeX source and says why. Standard library
only: it runs inside the build's own environment.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

SPEC = "mathjax@3.2.2"
# `npm view mathjax@3.2.2 dist.integrity`: the tarball's SHA-512, as published.
INTEGRITY = (
    "sha512-"
    "Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
)
DEST = Path(__file__).resolve().parent.parent / "src" / "vault2anki" / "preview" / "mathjax.zip"
# What Anki's reviewer loads: its vendor/mathjax folder less the accessibility explorer
# (`a11y/explorer.js`, `complexity.js`, `semantic-enrich.js` and 2.3 MB of speech-rule maps),
# which MathJax loads only when a user turns it on in its right-click menu.
_ENTRY = "tex-chtml-full.js"
_FONTS = "output/chtml/fonts/woff-v2/"
_TAKEN = (_ENTRY, "a11y/assistive-mml.js")
_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed entry times: the same zip from the same package


def _wanted(member: str) -> str | None:
    """A tarball member's name in the zip, or None if it is not taken."""
    if member == "package/LICENSE":
        return "LICENSE"
    path = member.removeprefix("package/es5/")
    if path == member:
        return None
    if path in _TAKEN or (path.startswith(_FONTS) and path.endswith(".woff")):
        return path
    return None


def _fetch(workdir: Path) -> Path:
    """The package's tarball, by `npm pack`, after checking it is the published one."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed")
    try:  # a registry that never answers must not hang the build: the preview just goes without
        run = subprocess.run(
            [npm, "pack", SPEC, "--silent", "--pack-destination", str(workdir)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except subprocess.TimeoutExpired as timeout:
        raise RuntimeError(f"npm pack {SPEC} took over {timeout.timeout:.0f} s") from timeout
    found = sorted(workdir.glob("*.tgz"))
    if run.returncode != 0 or len(found) != 1:
        raise RuntimeError(f"npm pack {SPEC} failed: {run.stderr.strip()[-300:]}")
    digest = base64.b64encode(hashlib.sha512(found[0].read_bytes()).digest()).decode()
    if f"sha512-{digest}" != INTEGRITY:
        raise RuntimeError(f"{found[0].name} is not the published {SPEC} (SHA-512 differs)")
    return found[0]


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _write(tarball: Path, target: Path) -> None:
    taken: dict[str, bytes] = {"VERSION": (SPEC.split("@")[1] + "\n").encode()}
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            name = _wanted(member.name)
            data = archive.extractfile(member) if name and member.isfile() else None
            if name and data is not None:
                taken[name] = data.read()
    with zipfile.ZipFile(target, "w") as bundle_zip:
        for name in sorted(taken):
            bundle_zip.writestr(_entry(name), taken[name])


def bundle(dest: Path = DEST) -> bool:
    """Make `dest` the bundle unless it is; False (said on stderr) if it cannot."""
    if dest.is_file():
        return True
    try:
        with tempfile.TemporaryDirectory() as work:
            dest.parent.mkdir(parents=True, exist_ok=True)
            staged = dest.with_name(f".{dest.name}.partial")  # beside it: the rename is atomic
            _write(_fetch(Path(work)), staged)
            os.replace(staged, dest)
    except (OSError, RuntimeError, tarfile.TarError, zipfile.BadZipFile) as exc:
        print(
            f"vault2anki: MathJax not bundled ({exc}); the preview will show math as TeX",
            file=sys.stderr,
        )
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if bundle() else 1)
