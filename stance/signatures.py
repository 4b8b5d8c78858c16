"""Quotes signed by a name: the layout, not a verb, gives the source.

Headline colons (`No operation in North Waziristan: Kayani`, `Zardari to US: ...`), interview
lines (`Name: words`, `Name: "words"`), a name after a quotation and a colon closing a headline
(`Harbour fees "will never come down": Walbrook`) and a dash signature (`"..." - Dana Pell`,
also printed with the horizontal bar `―`). ANNOTATION.md section 1 counts the colon as the cue
and the name as the source. Extraction records the name as the quote's `source_span`, and
attribution resolves it like any other source.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from .layout import paragraphs_of, text_of
from .mentions import is_dateline, surname_key
from .types import Found

NOT_SPEAKERS = frozenset("""photo photos file source sources watch read also related updated posted share
credit credits caption video image images advertisement comments comment tags tag topics editor note
update updates listen more see news home latest breaking live""".split())
# the last word before a credit's colon: `Photograph: Name`, `Written by: Name`
CREDIT_WORDS = frozenset({"photograph", "photographs", "photo", "photos", "picture", "by", "source", "credit",
                          "credits", "courtesy", "illustration", "graphic", "reporting", "editing"})
# `Content: Name`, also printed `Content :Name`
HEADLINE_COLON = re.compile(r"^(?P<left>[^:\n]{3,200}?)(?:\s*:\s+|\s+:)(?P<right>[^:\n]{2,200})$")
# entities that are no speaker's name, right where a name would sign a quotation
PLACES_AND_TIMES = frozenset({"GPE", "LOC", "DATE", "TIME"})


def looks_named(text: str) -> bool:
    """A short name-like phrase (`Kayani`, `Gen Kayani`, `US envoy`), not page furniture."""
    words = [w for w in re.findall(r"[\w.'’-]+", text) if w]
    if not words or len(words) > 5 or any(w.lower().strip(".") in NOT_SPEAKERS for w in words):
        return False
    if sum(w.isupper() and len(w) > 3 for w in words) == len(words):
        return False  # "PHOTO", "WATCH": shouting labels
    return all(w[0].isupper() or w.lower() in ("of", "the", "and", "al", "bin", "ul", "ud", "to")
               for w in words)


# ---------------------------------------------------------------- lines without quotation marks

def find_colon_quotes(doc: Doc) -> list[Found]:
    """`No operation in North Waziristan: Kayani`, `Zardari to US: stop drone strikes` and an
    interview's `Name: words` lines, each with the name as its source span."""
    text = text_of(doc)
    found = []
    for p_start, p_end in paragraphs_of(doc):
        line = text[p_start:p_end]
        stripped = line.rstrip()
        if not stripped or stripped[-1] in ".?!" and len(stripped.split()) > 25:
            continue
        m = HEADLINE_COLON.match(stripped.strip())
        if not m or len(stripped.split()) > 25:
            continue
        offset = p_start + (len(line) - len(line.lstrip()))
        quote = _colon_line(m, offset, first=p_start == 0)
        if quote is not None:
            found.append(quote)
    return found


def _colon_line(m: re.Match, offset: int, *, first: bool) -> Found | None:
    """The quote of one line split by a colon, or None for page furniture and credits."""
    left, right = m.group("left"), m.group("right")
    left_words = re.findall(r"[\w']+", left)
    if any(w.isupper() and w.lower() in NOT_SPEAKERS for w in left_words) or "»" in left \
            or left_words and left_words[-1].lower() in CREDIT_WORDS:
        return None  # `ALSO SEE ...`, `News » ...`, `... Photograph: Name`: page furniture, credits
    ls, rs = offset + m.start("left"), offset + m.start("right")
    if len(right.split()) <= 4 and right[:1].isupper() and not right.rstrip().endswith((".", "?")) \
            and looks_named(right):
        # content: speaker at the end
        return Found(ls, ls + len(left.rstrip()), "indirect", None, source_span=(rs, rs + len(right.rstrip(" ."))))
    to = re.match(r"^(?P<who>.{2,60}?)\s+to\s+(?P<whom>[A-Z][\w.\- ]{1,40})$", left)
    if to and looks_named(to.group("who")):
        return Found(rs, rs + len(right.rstrip(" .")), "indirect", None, source_span=(ls, ls + len(to.group("who"))))
    if looks_named(left) and len(left.split()) <= 4 and not first and len(right.split()) >= 3:
        # an interview line "Name: words"
        return Found(rs, rs + len(right.rstrip()), "direct", None, source_span=(ls, ls + len(left)))
    return None


# ---------------------------------------------------------------- names around quotation marks

# a closing mark, maybe a comma or full stop, a dash (one or two; `―` too), then up to five
# capitalised words closing the sentence or the line, or followed by a comma or the next
# quotation (lists of readers' replies run on one line). The dash may open the next line.
# `[^\S\n]` is any space but a line break, the non-breaking space included.
DASH_SIGNATURE = re.compile(r"[”\"’']?[^\S\n]*[,.]?\s*[-–—―]{1,2}[^\S\n]*"
                            r"(?P<name>[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4})"
                            r"[^\S\n]*(?:[.,;(“\"‘]|\n|$)")
# a line or sentence start (or a dash: `Polls agree - Dana Pell: "..."`), up to four capitalised
# words, a colon, an opening mark
COLON_SIGNATURE = re.compile(r"(?:^|\n|[.!?][”\"’']?\s+|\s[-–—―]\s?)[-–—―]?\s*"
                             r"((?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*)\s*:\s*[“\"‘']$")
# a colon after the closing mark and up to four capitalised words ending the line
HEADLINE_SIGNATURE = re.compile(r"^[”\"’']?\s*:\s*((?:[A-Z][\w.'’-]*\s?){1,4})\s*$")


def dash_signature(doc: Doc, end: int) -> tuple[int, int] | None:
    """`"We will appeal." - Dana Pell`: a dash and a name right after a quotation's closing mark
    (at `end`) sign it, as fact checks and lists of quotations do."""
    text = text_of(doc)
    match = DASH_SIGNATURE.match(text[end:end + 120])
    if match is None or not looks_named(match.group("name")):
        return None
    name_end = end + match.start("name") + len(match.group("name").rstrip("."))  # `- Dana Pell.`
    return _name_span(doc, end + match.start("name"), name_end, not_names=PLACES_AND_TIMES)


def colon_signature(doc: Doc, start: int) -> tuple[int, int] | None:
    """`Vale: "We will appeal."`: a name and a colon opening a line or a sentence, right before
    the opening mark (the quote's content starts at `start`). The name needs a proper noun, or
    must be the surname of a person the article names (the tagger may read it as a noun)."""
    text = text_of(doc)
    before = text[max(0, start - 120):start]
    match = COLON_SIGNATURE.search(before)
    if match is None:
        return None
    offset = start - len(before)
    span = _name_span(doc, offset + match.start(1), offset + match.end(1), not_names=PLACES_AND_TIMES | {"NORP"})
    if span is None:
        return None
    name = doc.char_span(*span, alignment_mode="contract")
    persons = {surname_key(ent.text) for ent in doc.ents if ent.label_ == "PERSON"}
    if any(t.pos_ == "PROPN" for t in name) or surname_key(name.text) in persons:
        return span
    return None


def headline_signature(doc: Doc, end: int) -> tuple[int, int] | None:
    """`Harbour fees "will never come down": Walbrook`: a name closing a headline line after a
    colon is the source of the quotation before it."""
    text = text_of(doc)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    match = HEADLINE_SIGNATURE.match(text[end:line_end])
    if match is None:
        return None
    return _name_span(doc, end + match.start(1), end + match.end(1), proper=True)


def _name_span(doc: Doc, start: int, end: int, *, proper: bool = False,
               not_names: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The characters start:end, trimmed to whole tokens, when they can name a speaker: not
    empty, with a proper noun when `proper`, and not headed by an entity of `not_names` kinds
    or by a dateline."""
    span: Span | None = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span) or proper and not any(t.pos_ == "PROPN" for t in span):
        return None
    if not_names and (span.root.ent_type_ in not_names or is_dateline(span.root)):
        return None
    return span.start_char, span.end_char


def signature(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The name that signs the quotation whose content runs from `start` to `end`, if any."""
    return dash_signature(doc, end) or colon_signature(doc, start) or headline_signature(doc, end)


def sign_cued(doc: Doc, quote: Found) -> Found:
    """A direct quote with a cue takes a signature's name when grammar gives the cue no source,
    or when the cue comes before the name (`Polls were wrong - Dana Pell: "..."`)."""
    if quote.type != "direct" or quote.source_span is not None or quote.cue_start is None:
        return quote
    colon = colon_signature(doc, quote.start)
    if colon is not None and (quote.source_i is None or quote.cue_end is not None and quote.cue_end <= colon[0]):
        return replace(quote, source_span=colon)
    if quote.source_i is None and (dash := dash_signature(doc, quote.end)) is not None:
        return replace(quote, source_span=dash)
    return quote
