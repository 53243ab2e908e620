"""A generated site of N ~4 KB markdown pages, for the benchmarks (deterministic for a given N)."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("model attention layer token gradient optimizer tensor batch memory shard loss weight matrix "
         "encoder decoder residual norm embedding sequence training inference kernel cache").split()


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def page_text(i: int, n: int, rng: random.Random) -> str:
    other = (i * 7 + 3) % n
    parts = [f"---\ntitle: Note {i}\ndescription: Generated note number {i}.\n---\n",
             f"## Overview of note {i}\n",
             f"{sentence(rng)} **{rng.choice(WORDS)} {rng.choice(WORDS)}** and *{rng.choice(WORDS)}* "
             f"with a [link to note {other}](/notes/note-{other}/) and [an anchor](#details). {sentence(rng)}\n",
             "\n".join(f"- {sentence(rng, 8)}" for _ in range(5)) + "\n",
             "| name | value | note |\n|---|---|---|\n"
             + "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {sentence(rng, 4)} |" for _ in range(4)) + "\n",
             f"> {sentence(rng)} {sentence(rng)}\n",
             "### Details\n",
             "```python\n" + "\n".join(f"def {rng.choice(WORDS)}_{k}(x):\n    return x * {k}  # {rng.choice(WORDS)}"
                                       for k in range(4)) + "\n```\n"]
    parts += [" ".join(sentence(rng) for _ in range(4)) + "\n" for _ in range(6)]
    return "\n".join(parts)


def make_site(dest: Path, n: int, seed: int = 1) -> Path:
    """The repository's site plus N generated pages under pages/notes/, written into `dest`."""
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO / part, dest / part)
    rng = random.Random(seed)
    notes = dest / "pages" / "notes"
    notes.mkdir()
    for i in range(n):
        (notes / f"note-{i}.md").write_text(page_text(i, n, rng), encoding="utf-8")
    return dest
