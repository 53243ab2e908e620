"""Run inside a private mount namespace (tests/test_faults.py): build onto a small tmpfs, fill it, build again.

Prints a JSON report: both exit codes, the second build's stderr, whether the first build is unchanged, and
what was left beside it.
"""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

root, disk = Path(sys.argv[1]), Path(sys.argv[2])
disk.mkdir(parents=True, exist_ok=True)
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], check=True)
dest = disk / "build"
code = ("import sys; from pathlib import Path; from folio.build.cli import main; "
        "sys.exit(main(['--dest', sys.argv[2]], root=Path(sys.argv[1])))")


def freeze() -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, str(root), str(dest)], capture_output=True, text=True)


def digest() -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        h.update(path.relative_to(dest).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


first = freeze()
before = digest()
# Fill the disk but for 200 KB, and give the next build a 1 MB file to publish.
# Unbuffered: a buffered file would keep the part of the last write that did not fit, and fail again on close.
with open(disk / "filler", "wb", buffering=0) as filler:
    try:
        while True:
            filler.write(b"\0" * 65536)
    except OSError:
        pass
(disk / "filler").write_bytes(b"\0" * ((disk / "filler").stat().st_size - 200 * 1024))
(root / "static" / "big.bin").write_bytes(bytes(range(256)) * 4096)
second = freeze()
print(json.dumps({"first": first.returncode, "second": second.returncode, "stderr": second.stderr,
                  "unchanged": digest() == before,
                  "leftovers": sorted(p.name for p in disk.iterdir() if p.name.startswith(".build."))}))
