"""Freeze time of 1,000 pages of which 200 are math-heavy posts: cold, with the formula cache, and unchanged.

    python bench/math_freeze_bench.py [--pages 800] [--posts 200] [--formulas 40]

Builds, each in a fresh process: (1) cold, no .folio-cache; (2) with only the formula cache kept (the markdown
and page caches deleted, as after an engine upgrade: every page renders again, no formula converts again);
(3) again with every cache (unchanged pages are reused). Prints wall seconds and ms/page of each, and how
many formulas the posts hold. Each post's formulas are corpus formulas made its own (a term with the post's
number), so the posts share none.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import REPO, make_site

sys.path.insert(0, str(REPO / "tests"))
from math_corpus import corpus_entries  # noqa: E402

FREEZE = ("import sys; from pathlib import Path; from folio.build.cli import main; "
          "sys.exit(main(['--dest', sys.argv[2]], root=Path(sys.argv[1])))")
PROSE = "The update keeps its scale, and the iteration needs only matrix products on the accelerator."


def post_text(i: int, formulas: int, rng: random.Random) -> str:
    plain = [tex for tex in corpus_entries() if "\\begin{align" not in tex and "\\begin{equation" not in tex
             and "\\begin{gather" not in tex]
    parts = [f"---\ntitle: Post {i}\n---\n\nMomentum $B_{{{i}}} = \\mu B_{{{i}-1}} + G_{{{i}}}$ in post {i}.\n"]
    for k in range(formulas):
        tex = f"{rng.choice(plain)} + \\epsilon_{{{i},{k}}}"
        parts.append(f"{PROSE} With $x_{{{k}}}^{{({i})}}$ fixed:\n\n$$\n{tex}\n$$\n")
    parts.append(f"\\begin{{align}}\nm_t &= \\beta_1 m_{{t-1}} \\label{{eq:m}} \\\\\nv_{{{i}}} &= x\n\\end{{align}}\n\n"
                 "By \\eqref{eq:m}, done.\n")
    return "\n".join(parts)


def freeze(root: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", FREEZE, str(root), str(root / "build")], cwd=REPO,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=800, help="plain generated pages")
    parser.add_argument("--posts", type=int, default=200, help="math-heavy posts")
    parser.add_argument("--formulas", type=int, default=40, help="display formulas a post")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_site(Path(tmp) / "site", args.pages)
        posts = root / "pages" / "posts"
        posts.mkdir()
        rng = random.Random(7)
        for i in range(args.posts):
            (posts / f"post-{i}.md").write_text(post_text(i, args.formulas, rng), encoding="utf-8")
        total = args.pages + args.posts
        print(f"{args.pages} pages + {args.posts} posts, {args.posts * (args.formulas * 2 + 4)} formulas in the posts")
        cold = freeze(root)
        for name in ("build-cache.pickle",):
            (root / ".folio-cache" / name).unlink()
        formulas_only = freeze(root)
        warm = freeze(root)
        for label, seconds in (("cold", cold), ("formula cache only", formulas_only), ("all caches", warm)):
            print(f"{label:>20}: {seconds:6.2f} s  {seconds / total * 1000:6.2f} ms/page")


if __name__ == "__main__":
    main()
