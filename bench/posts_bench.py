"""Posts benchmark: freeze a site of 1,000 generated pages, 200 of them math-heavy posts, cold and warm.

    python bench/posts_bench.py [--pages 800] [--posts 200] [--rounds 3]

`--pages` ordinary pages (bench/corpus.py) plus `--posts` posts under pages/posts/, each with about twenty
formulas (inline and display, align environments, matrices, cases) and code. Each round, in fresh processes:
a cold build (no .folio-cache, no previous build), then a warm one (the cache and the previous build kept),
then a warm one after one post was edited. Prints wall seconds, ms/page and peak RSS of each, and the medians.
bench/math_freeze_bench.py measures the formula cache on unique formulas; this one the posts feature (post
pages, cards, feed, tags, the caches that keep them) on such a site.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from corpus import REPO, WORDS, make_site, sentence
from freeze_bench import folder_bytes, freeze_cmd, line, peak_rss

FORMULAS = [
    r"\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right) V",
    r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}",
    r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t",
    r"\hat{v}_t = \frac{v_t}{1 - \beta_2^t}",
    r"\theta_{t+1} = \theta_t - \eta \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
    r"D_{\mathrm{KL}}(P \parallel Q) = \sum_{x \in \mathcal{X}} P(x) \log \frac{P(x)}{Q(x)}",
    r"\nabla_\theta J(\theta) = \mathbb{E}_{\tau \sim \pi_\theta}\left[\sum_{t=0}^{T} \nabla_\theta \log "
    r"\pi_\theta(a_t \mid s_t) \, G_t\right]",
    r"X_{k+1} = \frac{3}{2} X_k - \frac{1}{2} X_k X_k^\top X_k",
    r"\mathbf{W} = \begin{pmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \end{pmatrix}",
    r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & \text{otherwise} \end{cases}",
    r"\int_{-\infty}^{\infty} e^{-x^2} \, dx = \sqrt{\pi}",
    r"\mathcal{L} = -\sum_{i=1}^{N} y_i \log \hat{y}_i",
]
INLINE = [r"\eta", r"\beta_1 = 0.9", r"d_k", r"\mathbb{R}^{n \times d}", r"\sigma(x)", r"\lVert g \rVert_2"]


def post_text(i: int, rng: random.Random) -> str:
    tags = sorted({rng.choice(WORDS) for _ in range(3)})
    parts = [f"---\ntitle: Math post {i}\ntags: [{', '.join(tags)}]\ntoc: true\n---\n",
             f"{sentence(rng)} With ${rng.choice(INLINE)}$ and ${rng.choice(INLINE)}$, {sentence(rng, 8)}\n"]
    for section in range(4):
        parts.append(f"## Part {section + 1}\n")
        for _ in range(4):
            parts.append(f"{sentence(rng)} Here ${rng.choice(INLINE)}$ matters.\n")
            parts.append(f"$$\n{rng.choice(FORMULAS)}\n$$\n")
        parts.append("\\begin{align}\na &= b + c \\\\\nd &= e f\n\\end{align}\n")
    parts.append("```python\ndef adam(m, v, g, b1=0.9, b2=0.999):\n    m = b1 * m + (1 - b1) * g\n"
                 "    return m, b2 * v + (1 - b2) * g * g\n```\n")
    return "\n".join(parts)


def make_posts_site(dest: Path, pages: int, posts: int, seed: int = 2) -> Path:
    site = make_site(dest, pages)
    rng = random.Random(seed)
    folder = site / "pages" / "posts"
    folder.mkdir()
    first = date(2020, 1, 1)
    for i in range(posts):
        day = first + timedelta(days=3 * i)
        (folder / f"{day.isoformat()}-math-{i}.md").write_text(post_text(i, rng), encoding="utf-8")
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=800)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / ".work")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="folio-posts-bench-", dir=args.workdir) as tmp:
        work = Path(tmp)
        site = make_posts_site(work / "site", args.pages, args.posts)
        n = sum(1 for _ in (site / "pages").rglob("*.md"))
        print(f"site: {n} markdown files ({args.posts} math-heavy posts), {os.cpu_count()} cores, "
              f"Python {sys.version.split()[0]}")
        figures: dict[str, list[float]] = {"cold": [], "warm": [], "one post edited": []}
        for r in range(args.rounds):
            shutil.rmtree(site / ".folio-cache", ignore_errors=True)
            shutil.rmtree(work / "build", ignore_errors=True)
            for kind in figures:
                if kind == "one post edited":
                    edited = next((site / "pages" / "posts").glob(f"*-math-{r}.md"))
                    edited.write_text(edited.read_text() + f"\nEdited in round {r + 1}.\n")
                seconds, rss = peak_rss(freeze_cmd(site, work / "build"), site)
                figures[kind].append(seconds)
                line(f"{kind} #{r + 1}", n, seconds, rss, f"{folder_bytes(work / 'build'):,} B in build")
        for kind, values in figures.items():
            median = statistics.median(values)
            print(f"{kind} median: {median:.2f} s ({1000 * median / n:.2f} ms/page)")


if __name__ == "__main__":
    main()
