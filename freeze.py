"""Publish: `python freeze.py [--dest DIR] [--base-url URL]` writes the static site to build/."""
import sys

from folio.build.cli import main

if __name__ == "__main__":
    sys.exit(main())
