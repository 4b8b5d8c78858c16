"""stance: quote attribution and stance classification for news."""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import StanceError  # noqa: E402
from .types import Article, Quote  # noqa: E402

__all__ = ["Article", "Quote", "StanceError", "__version__"]
