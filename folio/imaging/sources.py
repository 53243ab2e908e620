"""The site's raster images as sources of variants: their bytes' hash and their size as shown (EXIF orientation
applied), read once per file version. An image that cannot be used says why, for the owner to fix."""
from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError


# Raster files that get variants; others (SVG, ICO) and animated images are published as they are.
RASTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
# Pixels an image may have: 100 megapixels holds any camera's photo, and a file that decodes to more is
# refused (a "decompression bomb": a few KB that would take gigabytes of memory to decode).
PIXEL_LIMIT = 100_000_000
ORIENTATION = 0x0112
SIDEWAYS = (5, 6, 7, 8)  # orientations that swap width and height


@dataclass(frozen=True)
class Source:
    name: str  # the file under static/: 'assets/images/x.jpg'
    digest: str  # sha256 of its bytes
    width: int  # as shown: EXIF orientation applied
    height: int

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


class BadImage(Exception):
    """An image the pipeline cannot use: `message` says what is wrong, `hint` what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


def is_raster(name: str) -> bool:
    return name.lower().endswith(RASTER_SUFFIXES)


class Sources:
    """Sources under `static`, each read again only when its file changes (its stat: modification and change
    times, length, inode). What was read is kept in `index` (a JSON file) too, so that the next build does not
    decode every photo again; call save() to write it."""

    def __init__(self, static: Path, index: Path | None = None):
        self.static = static
        self.index = index
        self._known: dict[str, tuple[list, Source | None | BadImage]] = _load_index(index)
        self._lock = threading.Lock()
        self._unsaved = False

    def get(self, name: str) -> Source | None:
        """The source static/<name>; None for an animated image (published as it is); raises BadImage."""
        path = self.static / name
        stamp = _stamp(path)
        with self._lock:
            known = self._known.get(name)
        if known is None or known[0] != stamp:
            known = (stamp, _read(path, name))
            with self._lock:
                self._known[name] = known
                self._unsaved = True
        if isinstance(known[1], BadImage):
            raise known[1]
        return known[1]

    def save(self) -> None:
        """Write the index if something new was read; an index that cannot be written is only slower."""
        if self.index is None or not self._unsaved:
            return
        with self._lock:
            entries = {name: [stamp, None if found is None else [found.digest, found.width, found.height]]
                       for name, (stamp, found) in self._known.items() if not isinstance(found, BadImage)}
            self._unsaved = False
        try:
            self.index.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.index.with_name(f".{self.index.name}.{os.getpid()}.{threading.get_ident()}")
            temporary.write_text(json.dumps(entries), encoding="utf-8")
            os.replace(temporary, self.index)
        except OSError:
            pass


def _stamp(path: Path) -> list:
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return []
    return [stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino]


def _load_index(index: Path | None) -> dict[str, tuple[list, Source | None | BadImage]]:
    try:
        entries = json.loads(index.read_text(encoding="utf-8")) if index is not None else {}
        return {name: (stamp, None if found is None else Source(name, found[0], int(found[1]), int(found[2])))
                for name, (stamp, found) in entries.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}  # no index yet, or one from another version: read the files again


def _read(path: Path, name: str) -> Source | None | BadImage:
    try:
        data = path.read_bytes()
    except OSError as error:
        return BadImage(f"cannot read static/{name} ({error.strerror or error})",
                        "check that the file exists and is readable")
    try:
        return _probe(data, name)
    except BadImage as error:
        return error


def _probe(data: bytes, name: str) -> Source | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # PIXEL_LIMIT decides, below
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise BadImage(f"static/{name} is not an image Pillow can read",
                           "export it again as JPEG, PNG or WebP, or remove it from the page") from None
        except Image.DecompressionBombError:
            raise _too_big(name) from None
    with image:
        width, height = image.size
        if width * height > PIXEL_LIMIT:
            raise _too_big(name, width, height)
        if getattr(image, "is_animated", False):
            return None
        _decode(image, name)
        if image.getexif().get(ORIENTATION) in SIDEWAYS:
            width, height = height, width
    return Source(name, hashlib.sha256(data).hexdigest(), width, height)


def _decode(image: Image.Image, name: str) -> None:
    """Decode the whole file (a JPEG at 1/8 scale: fast, and it still reads every byte), to find truncation."""
    if image.format == "JPEG":
        image.draft(image.mode, (max(image.width // 8, 1), max(image.height // 8, 1)))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise BadImage(f"static/{name} is damaged or truncated ({error})",
                       "copy or export the image again from the original") from None


def _too_big(name: str, width: int | None = None, height: int | None = None) -> BadImage:
    size = f" ({width}×{height} pixels)" if width else ""
    return BadImage(f"static/{name} is too large to decode{size}: over {PIXEL_LIMIT / 1_000_000:g} megapixels",
                    "resize it to at most 6000 px on its longer side before adding it to static/")
