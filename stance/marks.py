"""Quotation marks: which characters open and close a quote, and how they pair up.

Straight marks are told from apostrophes by their neighbours; pairs are found paragraph by
paragraph, so an unbalanced mark never swallows the rest of the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import paragraph_spans

DOUBLE_OPEN = "“„«\u201f"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘\u201b"
SINGLE_CLOSE = "’"
QUOTE_MARK = re.compile("[" + re.escape(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE) + "\"']")


@dataclass(frozen=True)
class MarkSpan:
    """Characters between a pair of quotation marks (the marks excluded)."""

    start: int
    end: int
    double: bool
    closed: bool



def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, i: int) -> tuple[bool, bool, bool] | None:
    """(double, can_open, can_close) for a quotation mark at i, or None for an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in DOUBLE_OPEN:
        return True, True, False
    if ch in DOUBLE_CLOSE:
        return True, False, True
    if ch == '"':
        opens = prev.isspace() or prev in "([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN or i == 0
        closes = not prev.isspace() or nxt.isspace() or i + 1 == len(text)
        if opens and nxt.isspace():
            opens = False
        return True, opens, closes and not (opens and not nxt.isspace() and prev.isspace())
    if ch in SINGLE_OPEN or ch in SINGLE_CLOSE or ch == "'":
        if _is_word(prev) and _is_word(nxt):
            return None  # apostrophe inside a word: Pakistan’s, won't
        opens = (prev.isspace() or prev in "([{—–-/\"" + DOUBLE_OPEN or i == 0) and (_is_word(nxt) or nxt in "…."
                                                                                     ) and ch != SINGLE_CLOSE
        closes = not prev.isspace() and not _is_word(nxt) and ch != SINGLE_OPEN[0]
        if not opens and not closes:
            return None
        return False, opens, closes
    return None


def _pair(marks: list[tuple[int, tuple[bool, bool, bool]]], *, reopen: bool, text: str = ""
          ) -> tuple[list[tuple[int, int]], int | None]:
    """Opening and closing positions paired in order, and the mark left open at the end. With
    `reopen`, a second opening mark replaces the first (the first one was stray), unless it is of
    the other kind (straight or curly), given `text`: then it opens a quotation inside the open
    one (`"We were told “wait and see” for years.`), which its own kind closes."""
    pairs, open_at, inner = [], None, None
    for i, (_, can_open, can_close) in marks:
        straight = text[i:i + 1] == '"'
        if inner is not None:
            if can_close and straight == inner:
                inner = None
            elif can_close:  # the outer kind closes: the inner mark was stray
                pairs.append((open_at, i))
                open_at, inner = None, None
        elif open_at is None:
            if can_open:
                open_at = i
        elif text and can_open and not can_close and straight != (text[open_at] == '"'):
            inner = straight
        elif can_close:
            pairs.append((open_at, i))
            open_at = None
        elif can_open and reopen:
            open_at = i
    return pairs, open_at


def find_mark_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[MarkSpan]:
    """Pair quotation marks paragraph by paragraph; an unclosed mark ends at its paragraph.

    Single marks count only outside double-marked spans (inside, they are nested quotes).
    """
    paragraphs = paragraphs if paragraphs is not None else paragraph_spans(text)
    spans: list[MarkSpan] = []
    for p_start, p_end in paragraphs:
        marks = [(m.start(), c) for m in QUOTE_MARK.finditer(text, p_start, p_end)
                 for c in [_classify(text, m.start())] if c]
        pairs, open_at = _pair([m for m in marks if m[1][0]], reopen=True, text=text)
        double_spans = [MarkSpan(a + 1, b, True, True) for a, b in pairs]
        if open_at is not None:
            end = p_end
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            if end > open_at + 1:
                double_spans.append(MarkSpan(open_at + 1, end, True, False))
        spans.extend(double_spans)
        singles = [m for m in marks if not m[1][0] and not any(s.start <= m[0] < s.end for s in double_spans)]
        spans.extend(MarkSpan(a + 1, b, False, True) for a, b in _pair(singles, reopen=False)[0])
    spans = [s for s in spans if text[s.start:s.end].strip()]
    return sorted(spans, key=lambda s: s.start)


# ---------------------------------------------------------------- cues
