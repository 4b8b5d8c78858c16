"""Plain data passed between the stages: articles, quotes, and the label sets."""
from __future__ import annotations

from dataclasses import dataclass, field

STANCES = ("resist", "comply", "hedge", "none")
QUOTE_TYPES = ("direct", "indirect", "mixed")
SIDES = ("pakistan", "us", "afghanistan", "media", "other")
METADATA_COLUMNS = ("url", "date", "outlet")


@dataclass(frozen=True)
class Decision:
    """A stance label with its calibrated confidence, what decided it, and why."""

    label: str
    confidence: float
    source: str
    evidence: str


@dataclass(frozen=True)
class Article:
    """One article as read: its id, its text exactly as decoded, and where it came from."""

    id: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    source: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Skipped:
    """An article (or input line) that could not be labelled, and why."""

    article_id: str
    source: str
    line: int | None
    error: str


@dataclass(frozen=True)
class Quote:
    """One quote with its cue, speaker and stance; offsets index the article text."""

    start: int
    end: int
    type: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str = ""
    speaker_mention: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    side: str = ""
    via: str | None = None
    stance: str = "none"
    confidence: float = 0.0
    needs_review: bool = True
    stance_source: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Found:
    """A quote as extraction finds it, before speakers are resolved."""

    start: int
    end: int
    type: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    source_i: int | None = None         # token index of the grammatical source
    source_span: tuple[int, int] | None = None  # a name that signs the quote (signatures.py), as characters
    continues: bool = False             # a direct quote continuing the previous speaker
    via_i: int | None = None            # token index of the outer source of nested speech


@dataclass(frozen=True)
class Speaker:
    """A resolved source: canonical name, the mention it came from, and a side; `placed` is
    False when nothing but HOME_SIDE gave the side."""

    name: str
    mention: str
    start: int | None
    end: int | None
    side: str
    placed: bool = True


NO_SPEAKER = Speaker("", "", None, None, "")
