"""`python freeze.py [--dest DIR] [--base-url URL]`: a build, and one line for whatever stops it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import REPO_ROOT
from ..bugs import format_exception, log_bug, shown_path, summary
from ..errors import ContentError, ContentErrors
from .faults import EngineBug, Refused, is_full_disk
from .pipeline import build

EXIT_PROBLEMS, EXIT_REFUSED, EXIT_INTERRUPTED = 1, 2, 130


def main(argv: list[str] | None = None, root: Path = REPO_ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python freeze.py",
                                     description="Build the static site into a folder (default: build/).")
    parser.add_argument("--dest", type=Path, default=root / "build", help="where to write the site")
    parser.add_argument("--base-url", help="the public URL, e.g. https://owner.github.io/site/ "
                                           "(default: base_url in site/site.toml)")
    args = parser.parse_args(argv)
    if args.base_url and not args.base_url.startswith(("http://", "https://")):
        parser.error(f"--base-url {args.base_url!r} must start with http:// or https://")
    out = Output(sys.stderr.isatty())
    kept = "the previous build was left as it was" if args.dest.expanduser().is_dir() else "nothing was written"
    try:
        summary_line = build(root, args.dest, args.base_url, out.progress).line()
    except Refused as refused:
        return out.fail(EXIT_REFUSED, f"refusing to write to --dest: {refused}. Choose an empty or new folder, "
                                      f"or a previous build.")
    except (ContentErrors, ContentError) as failed:
        errors = failed.errors if isinstance(failed, ContentErrors) else [failed]
        return out.fail(EXIT_PROBLEMS, f"{len(errors)} problem(s); {kept}.", [e.format(root) for e in errors])
    except KeyboardInterrupt:
        return out.fail(EXIT_INTERRUPTED, f"interrupted; {kept}.")
    except EngineBug as bug:
        return out.fail(EXIT_PROBLEMS, _bug_line(root, bug.url, bug.summary, bug.details, kept))
    except Exception as error:  # noqa: BLE001 - whatever it is, the owner gets one line
        if is_full_disk(error):
            return out.fail(EXIT_PROBLEMS, f"no space left on the device holding {_folder(error, args.dest, root)}; "
                                           f"{kept} — free some space, then run it again.")
        return out.fail(EXIT_PROBLEMS, _bug_line(root, "", summary(error), format_exception(error), kept))
    out.clear()
    print(summary_line)
    return 0


def _bug_line(root: Path, url: str, what: str, details: str, kept: str) -> str:
    log = log_bug(root, f"while building {url or 'the site'}\n{details or what}\n")
    where = f"building {url} failed" if url else "the build failed"
    return (f"{where}: this is a bug in the site engine ({what}); {kept} — "
            f"the details are in {shown_path(log, root)}")


def _folder(error: OSError, dest: Path, root: Path) -> str:
    """The folder the owner knows whose disk is full: the build's, or the cache's."""
    filename = Path(str(error.filename)) if error.filename else None
    if filename is not None and not filename.is_relative_to(dest.expanduser().resolve().parent):
        return shown_path(filename.parent, root) + "/"
    return dest.name + "/"


class Output:
    """Progress on a terminal, and the final lines on stderr."""

    def __init__(self, interactive: bool):
        self.interactive = interactive

    def progress(self, count: int, url: str) -> None:
        if self.interactive:
            print(f"\r  {count} files… {url[:60]:<60}", end="", file=sys.stderr, flush=True)
        elif count % 250 == 0:
            print(f"  {count} files…", file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.interactive:
            print("\r" + " " * 80 + "\r", end="", file=sys.stderr)

    def fail(self, code: int, line: str, details: list[str] | None = None) -> int:
        self.clear()
        for detail in details or []:
            print(detail, file=sys.stderr)
        print(f"freeze.py: {line}", file=sys.stderr)
        return code
