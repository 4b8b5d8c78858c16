"""The exception hierarchy of stance and its message texts."""
from __future__ import annotations


class StanceError(Exception):
    """Base class of every error stance raises on purpose."""


class InputError(StanceError):
    """An input file, line or article cannot be read; the message says where and what to do."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None,
                 article_id: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.article_id = article_id


class ResourceError(StanceError):
    """A cue list, lexicon or gazetteer file is invalid (file and line in the message)."""


class ModelError(StanceError):
    """A model file is missing, foreign, tampered with or incompatible."""


class UsageError(StanceError):
    """The command was called with options that cannot work together."""


def where(source: str, line: int | None = None) -> str:
    """Format a location as `file:line` for messages."""
    return f"{source}:{line}" if line is not None else source
