"""Math in the site: the dev server and the freeze, the stylesheet only where formulas are, the cache."""
from __future__ import annotations

from folio import create_app
from folio.build.cli import main as freeze_main
from folio.content.markdown import render_markdown
from folio.mathml.cache import FORMULAS, FormulaCache

POST = """---
title: Muon
---

Muon orthogonalises the momentum $B_t$ with a Newton–Schulz iteration:

\\begin{align}
X_{k+1} &= a X_k + b (X_k X_k^\\top) X_k + c (X_k X_k^\\top)^2 X_k \\label{eq:ns} \\\\
W_t &= W_{t-1} - \\eta\\, \\operatorname{NS}(B_t)
\\end{align}

Equation \\eqref{eq:ns} needs only matrix products.
"""

BROKEN = """---
title: Broken
---

Fine $x$ here.

$$
\\frac{1}
$$
"""


def test_a_page_with_math_links_the_math_stylesheet_and_others_do_not(site_root, write):
    write("pages/muon.md", POST)
    client = create_app(site_root).test_client()
    page = client.get("/muon/").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/css/math.css?v=' in page
    assert '<a class="math-ref" href="#eq-ns">(1)</a>' in page and 'id="eq-ns"' in page
    assert "/css/math.css" not in client.get("/").get_data(as_text=True)
    css = client.get("/css/math.css")
    assert css.status_code == 200 and b"STIX Two Math" in css.data and b"overflow-x:auto" in css.data


def test_the_dev_server_shows_a_formula_error_on_that_page_only(site_root, write):
    write("pages/muon.md", POST)
    write("pages/broken.md", BROKEN)
    client = create_app(site_root).test_client()
    response = client.get("/broken/")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "pages/broken.md:7: the formula $$ \\frac{1} $$ cannot be rendered" in text
    assert "Traceback" not in text
    assert client.get("/muon/").status_code == 200 and client.get("/").status_code == 200


def test_freeze_fails_in_one_line_per_formula_and_builds_once_fixed(site_root, write, tmp_path, capsys):
    write("pages/muon.md", POST)
    write("pages/broken.md", BROKEN.replace("Fine $x$ here.", "See \\eqref{nowhere}."))
    dest = tmp_path / "build"
    assert freeze_main(["--dest", str(dest)], root=site_root) == 1
    problems = capsys.readouterr().err.strip().splitlines()[:-1]
    assert problems == [
        "pages/broken.md:5: \\eqref{nowhere} refers to no equation of this file — label an equation with "
        "\\label{name} inside \\begin{equation}…\\end{equation}",
        "pages/broken.md:7: the formula $$ \\frac{1} $$ cannot be rendered: a frac is missing a part (\\frac needs "
        "two arguments, ^ and _ one each) — check the formula's TeX"]
    assert not dest.exists()
    write("pages/broken.md", BROKEN.replace("\\frac{1}", "\\frac{1}{2}"))
    assert freeze_main(["--dest", str(dest)], root=site_root) == 0
    built = (dest / "muon" / "index.html").read_text()
    assert built.count("<math") == 2 and "/css/math.css?v=" in built
    assert (dest / "css" / "math.css").is_file()


def test_a_rebuild_converts_no_formula_again(site_root, write, tmp_path):
    write("pages/muon.md", POST)
    assert freeze_main(["--dest", str(tmp_path / "build")], root=site_root) == 0
    saved = FormulaCache()
    saved.load(site_root)
    assert len(saved.entries) >= 3
    FORMULAS.entries.clear()  # as a new process: only what the build saved
    FORMULAS.load(site_root)
    before = FORMULAS.conversions
    render_markdown((site_root / "pages" / "muon.md").read_text().split("---\n", 2)[2])
    assert FORMULAS.conversions == before
