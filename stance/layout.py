"""Paragraphs of an article: line breaks, blank lines, and hard-wrapped text.

Some sources wrap their text at a fixed width, so a line break inside a sentence is not a
paragraph break. A wrapped article is one whose long lines mostly end mid-sentence; in it,
only short lines that end a sentence, and blank lines after any other line than a full-width
one stopping mid-sentence (text wrapped with a blank line between lines), close a paragraph.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

SENTENCE_END = ".!?:\"”’'"
MIN_WRAPPED_LINES = 4
MAX_WRAP_WIDTH = 120  # wrapped lines are rarely wider; paragraphs on one line are much wider


def is_wrapped(lines: list[str]) -> bool:
    """True when the text is hard-wrapped: its long lines mostly stop mid-sentence."""
    long_lines = [line.rstrip() for line in lines if len(line.strip()) >= 40]
    if len(long_lines) < MIN_WRAPPED_LINES:
        return False
    open_ended = sum(1 for line in long_lines if line[-1] not in SENTENCE_END)
    widths = sorted(len(line) for line in long_lines)
    return open_ended / len(long_lines) > 0.5 and widths[int(len(widths) * 0.9) - 1] <= MAX_WRAP_WIDTH


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty paragraph, in order."""
    lines = []
    start = 0
    for m in re.finditer(r"\r?\n", text):
        lines.append((start, m.start()))
        start = m.end()
    lines.append((start, len(text)))
    wrapped = is_wrapped([text[s:e] for s, e in lines])
    width = max((e - s for s, e in lines), default=0)
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    full_line = False  # the last line ran to the wrap width without ending its sentence
    for s, e in lines:
        line = text[s:e]
        if not line.strip():
            if current and not full_line:  # double-spaced wrapping: a blank line inside a sentence
                spans.append(current)
                current = None
            continue
        current = (current[0], e) if current else (s, e)
        stripped = line.rstrip()
        ends_sentence = stripped[-1] in SENTENCE_END
        full_line = wrapped and not ends_sentence and len(stripped) >= 0.8 * width
        if not wrapped or (ends_sentence and len(stripped) < 0.8 * width):
            spans.append(current)
            current = None
    if current:
        spans.append(current)
    return spans


def paragraph_starts(text: str, paragraphs: list[tuple[int, int]] | None = None) -> set[int]:
    """Character offsets where a paragraph begins (after its leading white space)."""
    starts = set()
    for s, e in paragraphs if paragraphs is not None else paragraph_spans(text):
        chunk = text[s:e]
        starts.add(s + len(chunk) - len(chunk.lstrip()))
    return starts


if not Doc.has_extension("stance_text"):
    Doc.set_extension("stance_text", default=None)
if not Doc.has_extension("stance_paragraphs"):
    Doc.set_extension("stance_paragraphs", default=None)


def text_of(doc: Doc) -> str:
    """The Doc's text, built once: spaCy's `Doc.text` joins every token on each access,
    which made per-quote code quadratic in the article's length."""
    text = doc._.stance_text
    if text is None:
        text = doc.text
        doc._.stance_text = text
    return text


def paragraphs_of(doc: Doc) -> list[tuple[int, int]]:
    """The Doc's paragraph spans, found once and shared by every stage."""
    paragraphs = doc._.stance_paragraphs
    if paragraphs is None:
        paragraphs = paragraph_spans(text_of(doc))
        doc._.stance_paragraphs = paragraphs
    return paragraphs
