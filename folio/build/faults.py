"""What can stop a build besides the owner's mistakes, each turned into one line for the owner."""
from __future__ import annotations

import errno

FULL_DISK = (errno.ENOSPC, errno.EDQUOT)


class Refused(Exception):
    """The destination is not a folder this tool may replace, or another build is writing it."""


class EngineBug(Exception):
    """An exception the engine did not expect, while building `url` ('' when no URL was being built)."""

    def __init__(self, url: str, summary: str, details: str):
        super().__init__(summary)
        self.url, self.summary, self.details = url, summary, details

    def __reduce__(self):  # sent from a build worker to the build
        return (EngineBug, (self.url, self.summary, self.details))


def is_full_disk(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in FULL_DISK
