"""Vendored and shipped files are what they claim to be."""
import base64
import hashlib

import pytest
from PIL import Image

from folio import REPO_ROOT
from folio.web.assets import HTMX_INTEGRITY, sri
from folio.content.htmltags import start_tags

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


# --- what the pages load (folio/assets.py) ---

def script_tags(html):
    return [(name, attrs) for name, attrs in start_tags(html) if name == "script" and "src" in attrs]


def versioned(url, client):
    """The path of a link to one of the site's own assets, checked to carry the version of what is served."""
    path, _, query = url.partition("?v=")
    data = client.get(path).data
    assert query and len(query) == 10, f"{url} has no version"
    return path, data


def test_the_experience_page_loads_one_script_htmx_and_the_site_script_in_one_file(real_client):
    [(_, attrs)] = script_tags(real_client.get("/experience/").get_data(as_text=True))
    assert attrs["src"].startswith("/js/site.bundle.js?v=") and "defer" in attrs and "blocking" not in attrs
    bundle = real_client.get("/js/site.bundle.js")
    assert bundle.status_code == 200 and bundle.mimetype == "text/javascript"
    assert attrs["integrity"] == sri(bundle.data), "the browser would refuse the script"
    htmx = (STATIC / "js" / "htmx.min.js").read_bytes()
    assert bundle.data.startswith(htmx + b";\n"), "htmx comes first, byte for byte as vendored"
    own = bundle.data[len(htmx) + 2:]
    assert b'"htmx:afterSwap"' in own and b"role-toggle" in own
    assert b"//" not in own.replace(b"://", b"") and b"/*" not in own, "comments are left out"
    assert len(own) < 0.7 * (STATIC / "js" / "site.js").stat().st_size


def test_the_parts_of_the_bundle_are_not_published_alone(real_client, frozen_root):
    for name in ("js/htmx.min.js", "js/site.js"):
        assert real_client.get("/" + name).status_code == 404
        assert not (frozen_root / name).exists()
    assert (frozen_root / "js" / "site.bundle.js").read_bytes() == real_client.get("/js/site.bundle.js").data


@pytest.mark.parametrize("url, blocking", [("/", True), ("/talks/", False), ("/talks/transformer-from-scratch/", False)])
def test_pages_that_show_a_talk_load_talks_js_first(real_client, url, blocking):
    html = real_client.get(url).get_data(as_text=True)
    scripts = script_tags(html)
    # Deferred scripts run in order: the banner's first paint waits for talks.js alone, not for htmx.
    assert [versioned(attrs["src"], real_client)[0] for _, attrs in scripts] == ["/js/talks.js", "/js/site.bundle.js"]
    talks, bundle = scripts[0][1], scripts[1][1]
    assert "defer" in talks and ("blocking" in talks) == blocking and "blocking" not in bundle
    assert talks["integrity"] == sri(real_client.get("/js/talks.js").data)
    # For talks that a boosted navigation brings in, site.js loads the script their part names.
    needing = [attrs["data-script"] for name, attrs in start_tags(html) if "data-script" in attrs]
    assert needing == [talks["src"]]


def test_the_stylesheet_and_talks_js_are_served_minified(real_client):
    for name in ("css/site.css", "js/talks.js"):
        served = real_client.get("/" + name).data.decode()
        source = (STATIC / name).read_text()
        assert len(served) < 0.85 * len(source) and "/*" not in served
    css = real_client.get("/css/site.css").data.decode()
    assert "@media (prefers-color-scheme:dark)" in css and ".talk-stack>[hidden]" in css


def test_an_edited_script_is_served_and_pinned_anew_without_a_restart(client, site_root):
    before = client.get("/js/site.bundle.js").data
    [(_, old)] = script_tags(client.get("/experience/").get_data(as_text=True))
    old_src = old["src"]
    source = site_root / "static" / "js" / "site.js"
    source.write_text(source.read_text().replace("})();", "  window.folioEdited = true;\n})();", 1))
    after = client.get("/js/site.bundle.js").data
    assert after != before and b"window.folioEdited=true" in after
    [(_, attrs)] = script_tags(client.get("/experience/").get_data(as_text=True))
    assert attrs["integrity"] == sri(after)
    assert attrs["src"] != old_src, "a new version, so no browser pairs the page with the file it cached"


def test_a_changed_htmx_file_is_refused_with_what_to_do(client, site_root):
    htmx = site_root / "static" / "js" / "htmx.min.js"
    htmx.write_bytes(htmx.read_bytes() + b"\n// edited")
    response = client.get("/js/site.bundle.js")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "static/js/htmx.min.js: is not the htmx 2.0.11 file pinned by its integrity hash" in text
    assert client.get("/experience/").status_code == 200, "pages still work (without their script)"


def test_a_permalink_cannot_take_the_bundles_url(client, write):
    write("pages/clash.md", "---\ntitle: Clash\npermalink: /js/site.bundle.js\n---\n")
    response = client.get("/js/site.bundle.js")
    assert response.status_code == 500
    assert "pages/clash.md:3: permalink /js/site.bundle.js is also the site&#39;s own script or stylesheet" in \
        response.get_data(as_text=True)
