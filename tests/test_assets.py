"""Vendored and shipped files are what they claim to be."""
import base64
import hashlib

from PIL import Image

from folio import REPO_ROOT
from folio.web import HTMX_INTEGRITY

STATIC = REPO_ROOT / "static"


def test_htmx_is_the_pinned_2_0_11_build_and_its_hash_is_the_sri():
    data = (STATIC / "js" / "htmx.min.js").read_bytes()
    digest = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    assert digest == "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"
    assert HTMX_INTEGRITY == digest
    assert b'version:"2.0.11"' in data


def test_the_owners_logo_path_has_a_small_placeholder():
    logo = STATIC / "assets" / "images" / "fairy.jpg"
    assert logo.stat().st_size <= 10 * 1024
    with Image.open(logo) as image:
        assert image.format == "JPEG" and image.size[0] >= 80


def test_favicons_exist():
    for name in ("favicon.svg", "favicon.ico", "apple-touch-icon.png"):
        assert (STATIC / name).stat().st_size > 0
