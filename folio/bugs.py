"""A bug in the engine is never shown to the owner as a traceback: it goes to a log file, named in one line."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path

LOG_DIR = Path(".folio-cache") / "logs"


def log_bug(root: Path, text: str) -> Path:
    """Write a traceback (or any report) to a new log file and return its path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for folder in (root / LOG_DIR, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"bug-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path(os.devnull)


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc))


def summary(exc: BaseException) -> str:
    """'ZeroDivisionError: division by zero', on one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def shown_path(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
