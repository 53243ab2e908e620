"""Publish: `python freeze.py [--dest DIR] [--base-url URL]` writes the static site to build/."""
import sys

from folio.publishing import main

if __name__ == "__main__":
    sys.exit(main())
