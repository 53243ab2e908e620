"""The corpus of ML-paper formulas (tests/data/math_corpus.tex): entries are paragraphs, '%' lines comments."""
from __future__ import annotations

import re
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "math_corpus.tex"


def corpus_entries() -> list[str]:
    text = "\n".join(line for line in CORPUS.read_text(encoding="utf-8").splitlines() if not line.startswith("%"))
    return [entry.strip() for entry in re.split(r"\n\s*\n", text) if entry.strip()]
