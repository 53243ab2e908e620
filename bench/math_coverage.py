"""Math: how much of the ML-paper corpus (tests/data/math_corpus.tex) converts, and what conversion costs.

    python bench/math_coverage.py

Prints, for the corpus as display formulas: latex2mathml alone (no exception, and no raw TeX or stray '&' left
in its output: the checks folio applies), folio's conversion (prepared, checked, fitted to MathML Core), the
formulas each one fails, and the time to convert the corpus cold and from the formula cache.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from latex2mathml.converter import convert as raw_convert  # noqa: E402

from folio.mathml import CONVERTER, FormulaError, display_mathml  # noqa: E402
from folio.mathml.cache import FORMULAS  # noqa: E402
from folio.mathml.convert import prepare  # noqa: E402
from folio.mathml.tex import display  # noqa: E402
from math_corpus import corpus_entries  # noqa: E402

RAW_FAILURE = re.compile(r">\\[A-Za-z]+<|<mi>&amp;</mi>|<mi>&</mi>")


def raw_ok(tex: str) -> bool:
    try:
        return RAW_FAILURE.search(raw_convert(tex, display="block")) is None
    except Exception:  # noqa: BLE001
        return False


def folio_ok(tex: str) -> str | None:
    shape = display(tex)
    numbers = tuple(None for _ in shape.rows)
    try:
        display_mathml(tex, shape, numbers)
    except FormulaError as error:
        return error.reason
    return None


def main() -> None:
    entries = corpus_entries()
    print(f"{CONVERTER}; corpus: {len(entries)} formulas from ML papers and tutorials")
    raw = [tex for tex in entries if not raw_ok(tex)]
    print(f"latex2mathml alone:   {len(entries) - len(raw)}/{len(entries)} "
          f"({100 * (len(entries) - len(raw)) / len(entries):.1f}%) convert with no error and no TeX left")
    for tex in raw:
        print(f"    fails: {tex[:90]}")
    FORMULAS.entries.clear()
    started = time.perf_counter()
    failures = {tex: reason for tex in entries if (reason := folio_ok(tex))}
    cold = time.perf_counter() - started
    print(f"folio (prepared):     {len(entries) - len(failures)}/{len(entries)} "
          f"({100 * (len(entries) - len(failures)) / len(entries):.1f}%)")
    for tex, reason in failures.items():
        print(f"    fails: {tex[:70]} — {reason}")
    rewritten = [tex for tex in entries if prepare(tex, True)[0] != tex]
    print(f"    {len(rewritten)} of them rewritten before conversion (every \\operatorname and \\arg, \\mathrm{{x}}, "
          f"aligned, gather…)")
    started = time.perf_counter()
    for tex in entries:
        folio_ok(tex)
    warm = time.perf_counter() - started
    print(f"converting the corpus: {cold * 1000:.0f} ms cold ({cold / len(entries) * 1000:.2f} ms a formula), "
          f"{warm * 1000:.1f} ms from the cache")


if __name__ == "__main__":
    main()
