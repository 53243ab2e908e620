"""Freeze benchmark: a clean build of N generated pages, then a one-page edit, in fresh processes.

    python bench/freeze_bench.py [--pages 1000] [--rounds 3] [--vs-obvious] [--vs-hugo]
    python bench/freeze_bench.py --pages 1000 --scale-to 5000    (scaling: ms/page of both, in turn)

Prints pages, wall seconds, ms/page and peak RSS for each run, and the bytes written. With --vs-obvious it
also times the obvious Flask + Frozen-Flask + mistune freeze (bench/obvious_freeze.py) on the same pages, in
turn with ours, and prints the ratio per pair (timings drift between runs; pairs cancel most of it). With
--vs-hugo, when Debian's `hugo` is installed, it builds the same pages with Hugo too. With --scale-to M it
builds a site of N pages and one of M pages in turn instead, and prints the ratio of their ms/page per pair.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import REPO, make_site

PYTHON = sys.executable


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)  # ru_maxrss of children is the max over all children so far


def settle() -> None:
    """Write out what earlier runs left pending (a deleted build of 5,000 folders), so no run pays for another's."""
    if hasattr(os, "sync"):
        os.sync()


def peak_rss(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Like run(), but measures this command's own peak RSS with /usr/bin/time when available."""
    settle()
    if shutil.which("time") or Path("/usr/bin/time").exists():
        started = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
        return seconds, int(result.stderr.strip().splitlines()[-1])
    return run(cmd, cwd)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def freeze_cmd(site: Path, dest: Path) -> list[str]:
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
            "from folio.build.cli import main; sys.exit(main(['--dest', sys.argv[3]], root=Path(sys.argv[2])))")
    return [PYTHON, "-c", code, str(REPO), str(site), str(dest)]


def line(label: str, pages: int, seconds: float, rss_kib: int, extra: str = "") -> None:
    print(f"{label:<28} {pages:>6} pages {seconds:>7.2f} s {1000 * seconds / pages:>7.2f} ms/page "
          f"{rss_kib / 1024:>7.1f} MiB peak {extra}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="clean builds to take the median of")
    parser.add_argument("--vs-obvious", action="store_true", help="also time the obvious freeze, in turn")
    parser.add_argument("--vs-hugo", action="store_true", help="also build the pages with Debian's hugo")
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / ".work",
                        help="where to generate and build (default bench/.work; a crowded /tmp is slower to write)")
    parser.add_argument("--scale-to", type=int, help="compare ms/page with a site of this many pages, in turn")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.scale_to:
        return scaling(args.pages, args.scale_to, args.rounds, args.workdir)
    with tempfile.TemporaryDirectory(prefix="folio-bench-", dir=args.workdir) as tmp:
        work = Path(tmp)
        site = make_site(work / "site", args.pages)
        n = sum(1 for _ in (site / "pages").rglob("*.md"))
        print(f"site: {n} pages ({args.pages} generated, ~{folder_bytes(site / 'pages') // n} B each), "
              f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
        ours, obvious = [], []
        for r in range(args.rounds):
            shutil.rmtree(site / ".folio-cache", ignore_errors=True)
            shutil.rmtree(work / "build", ignore_errors=True)
            seconds, rss = peak_rss(freeze_cmd(site, work / "build"), site)
            ours.append(seconds)
            line(f"folio clean build #{r + 1}", n, seconds, rss, f"{folder_bytes(work / 'build'):,} B written")
            if args.vs_obvious:
                shutil.rmtree(work / "obvious", ignore_errors=True)
                seconds, rss = peak_rss([PYTHON, str(REPO / "bench" / "obvious_freeze.py"), str(site),
                                         str(work / "obvious")], site)
                obvious.append(seconds)
                line(f"obvious freeze #{r + 1}", n, seconds, rss, f"ratio folio/obvious {ours[-1] / seconds:.2f}")
        print(f"folio clean build median: {statistics.median(ours):.2f} s "
              f"({1000 * statistics.median(ours) / n:.2f} ms/page)")
        if obvious:
            ratios = [a / b for a, b in zip(ours, obvious)]
            print(f"obvious freeze median: {statistics.median(obvious):.2f} s; "
                  f"ratio per pair {', '.join(f'{r:.2f}' for r in ratios)} (median {statistics.median(ratios):.2f})")
        edits = []
        for r in range(args.rounds):  # a different page each time, each build after the previous one
            edited = site / "pages" / "notes" / f"note-{r + 1}.md"
            edited.write_text(edited.read_text() + "\nOne more sentence, edited.\n")
            seconds, rss = peak_rss(freeze_cmd(site, work / "build"), site)
            edits.append(seconds)
            line(f"folio one page edited #{r + 1}", n, seconds, rss, f"{folder_bytes(work / 'build'):,} B in build")
        print(f"one page edited median: {statistics.median(edits):.2f} s")
        shutil.rmtree(site / ".folio-cache", ignore_errors=True)
        subprocess.run(freeze_cmd(site, work / "clean"), cwd=site, check=True, capture_output=True)
        same = all((work / "clean" / p.relative_to(work / "build")).read_bytes() == p.read_bytes()
                   for p in (work / "build").rglob("*") if p.is_file())
        print(f"edited build byte-identical to a clean build: {same}")
        if args.vs_hugo:
            hugo(site, work, n)


def scaling(small: int, large: int, rounds: int, workdir: Path) -> None:
    """Clean builds of a small and a large site in turn; the ratio of ms/page per pair cancels most drift."""
    with tempfile.TemporaryDirectory(prefix="folio-bench-", dir=workdir) as tmp:
        work = Path(tmp)
        sites = {n: make_site(work / f"site-{n}", n) for n in (small, large)}
        ratios = []
        for r in range(rounds):
            per_page = {}
            for n, site in sites.items():
                shutil.rmtree(site / ".folio-cache", ignore_errors=True)
                shutil.rmtree(work / "build", ignore_errors=True)
                pages = sum(1 for _ in (site / "pages").rglob("*.md"))
                seconds, rss = peak_rss(freeze_cmd(site, work / "build"), site)
                per_page[n] = seconds / pages
                line(f"folio clean build #{r + 1}", pages, seconds, rss)
            ratios.append(per_page[large] / per_page[small])
            print(f"  ms/page {large:,} vs {small:,}: {ratios[-1]:.2f}x")
        print(f"ms/page ratio per pair {', '.join(f'{x:.2f}' for x in ratios)} (median {statistics.median(ratios):.2f})")


def hugo(site: Path, work: Path, n: int) -> None:
    if not shutil.which("hugo"):
        print("hugo: not installed (apt-get install hugo) — skipped")
        return
    hsite = work / "hugo"
    (hsite / "content").mkdir(parents=True)
    (hsite / "layouts" / "_default").mkdir(parents=True)
    (hsite / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "bench"\n'
                                     'disableKinds = ["taxonomy", "term", "RSS"]\n'
                                     '[markup.highlight]\nnoClasses = false\n')
    (hsite / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>")
    (hsite / "layouts" / "_default" / "list.html").write_text("<html><body>{{ .Title }}</body></html>")
    shutil.copytree(site / "pages" / "notes", hsite / "content" / "notes")
    times = []
    for _ in range(3):
        shutil.rmtree(hsite / "public", ignore_errors=True)
        seconds, rss = peak_rss(["hugo", "--quiet"], hsite)
        times.append(seconds)
        line("hugo clean build", n, seconds, rss)
    print(f"hugo median: {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
