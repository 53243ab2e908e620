"""Encoding a variant: one source at one width, EXIF orientation applied, every piece of metadata left out;
kept in .folio-cache/images under a name made of the source's hash, the width and the encoder's settings, so
that an unchanged image is never encoded twice."""
from __future__ import annotations

import hashlib
import io
import os
import threading
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from ..build.cache import CACHE_DIR
from .sources import BadImage, Source

FORMAT = "webp"  # one format: see the README's "Images" for the figures behind the choice
MIMETYPE = "image/webp"
# Everything that changes the bytes of a variant; part of its name, so a change here makes new files.
SETTINGS = {"quality": 80, "method": 4}
SETTINGS_TAG = f"{FORMAT}-q{SETTINGS['quality']}-m{SETTINGS['method']}-lanczos-srgb-v1"
CACHE_FOLDER = "images"


class Counter:
    """How many variants this process encoded (tests and the benchmark read it)."""

    def __init__(self) -> None:
        self.encodes = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self.encodes += 1


COUNTER = Counter()


def variant_key(source: Source) -> str:
    """The content hash in a variant's name: the source's bytes and the encoder's settings."""
    return hashlib.sha256(f"{source.digest}:{SETTINGS_TAG}".encode()).hexdigest()[:20]


def file_name(source: Source, width: int) -> str:
    return f"{variant_key(source)}-{width}.{FORMAT}"


def cached_variant(root: Path, static: Path, source: Source, width: int) -> bytes:
    """The variant's bytes, from the cache or encoded now (and then kept there)."""
    folder = root / CACHE_DIR / CACHE_FOLDER
    path = folder / file_name(source, width)
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = encode(static / source.name, source, width)
    _keep(folder, path, data)
    return data


def _keep(folder: Path, path: Path, data: bytes) -> None:
    """Write atomically; a cache that cannot be written only means encoding again next time."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass


def encode(path: Path, source: Source, width: int) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # sources.PIXEL_LIMIT decided
            with Image.open(path) as image:
                _draft(image, source, width)
                shown = ImageOps.exif_transpose(image)
                pixels = _resized(_srgb(shown), width, source.height_at(width))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise BadImage(f"static/{source.name} cannot be decoded ({error})",
                       "copy or export the image again from the original") from None
    out = io.BytesIO()
    # A new image from the pixels alone: no EXIF (GPS position, camera), XMP, ICC profile or comment.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    clean.save(out, "WEBP", **SETTINGS)
    COUNTER.add()
    return out.getvalue()


def _draft(image: Image.Image, source: Source, width: int) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 scale when the variant is that much smaller (much faster)."""
    if image.format != "JPEG":
        return
    scale = width / source.width
    image.draft("RGB" if image.mode == "RGB" else image.mode,
                (max(1, int(image.width * scale)), max(1, int(image.height * scale))))


def _srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA pixels in sRGB: an embedded colour profile (a phone's Display P3, a CMYK print profile) is
    applied; without one, the pixels are taken as sRGB."""
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            original = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(image, original, ImageCms.createProfile("sRGB"), outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile, or one for other pixels: the pixels as they are
    return image.convert(mode)


def _resized(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.size == (width, height):
        return image
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def prune(root: Path, keep: set[str]) -> int:
    """Delete the cached variants that a build did not use (`keep`: their file names); how many went."""
    folder = root / CACHE_DIR / CACHE_FOLDER
    gone = 0
    for path in folder.glob(f"*.{FORMAT}"):
        if path.name not in keep:
            try:
                path.unlink()
                gone += 1
            except OSError:
                pass
    return gone
