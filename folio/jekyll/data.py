"""`_data/*` as the engine's site/data/ files: YAML and JSON as they are, CSV and TSV as YAML."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path, PurePosixPath

import yaml

from .files import SiteFile
from .frontmatter import Unreadable, load_yaml, read_text
from .model import SourceRef

DATA_DIR = PurePosixPath("site/data")


def data_file(src: Path, data_dir: str, file: SiteFile) -> tuple[PurePosixPath, bytes | None] | None:
    """Where a data file goes and, when it must change form, its new content (None: copy it as it is).
    None altogether when the file cannot be read."""
    relative = file.path.relative_to(data_dir)
    where = SourceRef(file.name)
    try:
        text = read_text(src / file.path, where)
        suffix = file.path.suffix.lower()
        if suffix in (".csv", ".tsv"):
            rows = list(csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ","))
            content = yaml.safe_dump(rows, sort_keys=False, allow_unicode=True).encode("utf-8")
            return DATA_DIR / relative.with_suffix(".yml"), content
        json.loads(text) if suffix == ".json" else load_yaml(text, where)
    except (Unreadable, ValueError, csv.Error):
        return None
    return DATA_DIR / relative, None
