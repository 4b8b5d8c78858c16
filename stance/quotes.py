"""Find quotes in a parsed article: quotation-mark spans, reported speech and mixed quotes.

`find_quotes(doc)` returns `Found` records: the content span, its type, its cue, and the
token that grammar names as the source, or the characters of a name that signs the quote.
Attribution happens later. Quotation marks are paired in marks.py, reported speech found in
indirect.py, quotes signed by a name (colons, dashes) in signatures.py; this module puts them
together: cues next to direct quotes, headline verbs, mixed quotes, duplicates and nested speech.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .grammar import CueIndex, cue_index, cue_text, match_cue, quoting_source, source_token
from .indirect import find_indirect
from .layout import paragraphs_of, text_of
from .marks import MarkSpan, find_mark_spans
from .resources import Cue
from .signatures import find_colon_quotes, looks_named, sign_cued, signature
from .types import Found

__all__ = ["Found", "find_mark_spans", "find_quotes", "find_indirect", "find_colon_quotes", "find_headline_quotes"]

# Shortest direct quote kept without a cue: shorter marked spans are scare quotes or titles.
MIN_UNCUED_WORDS = 4


# ---------------------------------------------------------------- headline verbs

HEADLINE_WORDS = 16
SUBJECT_WORDS = 5
WORD = re.compile(r"[^\s,]+")
ADDRESSEE_END = frozenset({"to", "over", "of", "on", "for", "against", "about"})


def find_headline_quotes(doc: Doc, index: CueIndex) -> list[Found]:
    """`Pakistan pledges support for peace talks`, `US urges Pakistan to act`: a headline's
    named subject, a cue in the present tense and what follows it. The parser often takes a
    headline's verb for a noun (`pledges`, `claims`), so the words are read, not the parse."""
    text = text_of(doc)
    found = []
    for p_start, p_end in paragraphs_of(doc):
        line = text[p_start:p_end].rstrip()
        if not line.strip() or line[-1] in ".?!:;" or len(line.split()) > HEADLINE_WORDS:
            continue
        words = [(m.start() + p_start, m.end() + p_start) for m in WORD.finditer(line)]
        quote = _headline_quote(text, words, index)
        if quote is not None:
            found.append(quote)
    return found


def _headline_quote(text: str, words: list[tuple[int, int]], index: CueIndex) -> Found | None:
    """The quote of one headline: the shortest name-like subject followed by a cue."""
    for k in range(1, min(SUBJECT_WORDS, len(words) - 1) + 1):
        subject = text[words[0][0]:words[k - 1][1]]
        if not looks_named(subject):
            return None
        plural = "," in subject or " and " in subject
        at = k + 1 if text[words[k][0]:words[k][1]].lower() == "to" and k + 1 < len(words) else k
        cue = _headline_cue(text, words, at, index, base_form=plural or at > k)
        if cue is None:
            continue
        cue_words, kinds = cue
        rest = words[at + cue_words:]
        rest = _skip_addressee(text, rest)
        comma = next((j for j, (_, e) in enumerate(rest) if text[e:e + 1] == ","), None)
        rest = rest[:comma + 1] if comma is not None else rest  # `stress dialogue, disagree on prices`
        infinitive = text[rest[0][0]:rest[0][1]].lower() == "to" if rest else False
        if not rest or looks_named(text[rest[0][0]:rest[-1][1]]) and "np" not in kinds and not infinitive:
            return None  # `Kayani meets Mullen`; but `Envoy Urges Donors To Double Funding` is a quote
        return Found(rest[0][0], rest[-1][1], "indirect", text[words[at][0]:words[at + cue_words - 1][1]],
                     words[at][0], words[at + cue_words - 1][1], source_span=(words[0][0], words[k - 1][1]))
    return None


def _headline_cue(text: str, words: list[tuple[int, int]], at: int, index: CueIndex, *,
                  base_form: bool) -> tuple[int, frozenset[str]] | None:
    """(number of words, content kinds) of the cue spelt at word `at`: `pledges`, `Calls On`."""
    word = text[words[at][0]:words[at][1]].lower()
    lemmas = {word} if base_form else set()
    if word.endswith("s"):  # pledges, pushes, denies
        lemmas |= {word[:-1], word[:-2], word[:-3] + "y"}
    for lemma in lemmas:
        for phrase in index.phrases.get(lemma, ()):
            tail = [text[s:e].lower() for s, e in words[at + 1:at + len(phrase.lemmas)]]
            if tail == list(phrase.lemmas[1:]):
                return len(phrase.lemmas), phrase.kinds
    cue = next((index.single[lemma] for lemma in lemmas if lemma in index.single), None)
    return (1, cue.kinds) if cue is not None else None


def _skip_addressee(text: str, rest: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`urges US to act`, `warns Kabul over raids`: the content starts after the addressee."""
    for j in range(1, min(4, len(rest))):
        if text[rest[j][0]:rest[j][1]].lower() in ADDRESSEE_END and all(text[s:s + 1].isupper() for s, _ in rest[:j]):
            return rest[j:] if text[rest[j][0]:rest[j][1]].lower() != "to" or j + 1 < len(rest) else []
    return rest


# ---------------------------------------------------------------- putting it together

def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _outside_is_trivial(text: str, outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    rest = text[outer[0]:inner[0]] + " " + text[inner[1]:outer[1]]
    rest = re.sub(r"\bthat\b", " ", rest, flags=re.IGNORECASE)
    return not any(unicodedata.category(ch)[0] in "LN" for ch in rest)


def _tokens_between(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand") if end > start else None


def _cue_near(doc: Doc, mark: MarkSpan, marks: list[MarkSpan], index: CueIndex,
              paragraphs: list[tuple[int, int]]) -> tuple[Cue, list[Token]] | None:
    """A cue next to a direct quote: `"...," he said`, `said X: "..."`, `he said, "..."`."""
    text = text_of(doc)
    para_start, para_end = next(((s, e) for s, e in paragraphs if s <= mark.start <= e), (0, len(text)))
    later = [m.start - 1 for m in marks if m.start > mark.end]
    earlier = [m.end + 1 for m in marks if m.end < mark.start]
    # after the closing mark, up to the next quote or the end of the sentence
    after_end = min([para_end] + later)
    stop = re.search(r"[.!?](\s|$)", text[mark.end + 1:after_end])
    if stop:
        after_end = mark.end + 1 + stop.end()
    window = _tokens_between(doc, mark.end + 1, after_end)
    if window is not None:
        for token in window:
            if token.idx < mark.end + 1:
                continue
            matched = match_cue(token, index)
            if matched and (source_token(token) is not None or token.dep_ == "ROOT"):
                return matched
    before_start = max([para_start] + earlier)
    stop = None
    for m in re.finditer(r"[.!?][\"”’']?\s", text[before_start:mark.start - 1]):
        stop = m
    if stop:
        before_start = before_start + stop.end()
    window = _tokens_between(doc, before_start, mark.start - 1)
    tokens = [t for t in window or [] if t.idx + len(t.text) <= mark.start - 1]
    return _last_cue(tokens, index) or _colon_introduction(doc, mark, para_start, paragraphs, index) \
        or _introducing_verb(tokens)


def _last_cue(tokens, index: CueIndex) -> tuple[Cue, list[Token]] | None:
    """The last cue among the tokens that has a grammatical source."""
    for token in reversed(list(tokens)):
        matched = match_cue(token, index)
        if matched and source_token(token) is not None:
            return matched
    return None


def _colon_introduction(doc: Doc, mark: MarkSpan, para_start: int, paragraphs: list[tuple[int, int]],
                        index: CueIndex) -> tuple[Cue, list[Token]] | None:
    """`He told reporters:` closing one paragraph, the quote opening the next one."""
    text = text_of(doc)
    if text[para_start:mark.start - 1].strip():
        return None  # the quote does not open its paragraph
    previous = [(s, e) for s, e in paragraphs if e <= para_start]
    if not previous or not text[previous[-1][0]:previous[-1][1]].rstrip().endswith(":"):
        return None
    start, end = previous[-1]
    tokens = list(_tokens_between(doc, start, end) or [])
    return _last_cue(tokens, index) or _introducing_verb(tokens)


def _introducing_verb(tokens) -> tuple[Cue, list[Token]] | None:
    """`The minister echoed:` right before the quote: a colon makes any verb with a subject
    the introduction of the quote (the verb need not be a cue)."""
    tokens = [t for t in tokens if not t.is_space]
    if not tokens or tokens[-1].text != ":":
        return None
    for token in reversed(tokens[:-1]):
        if token.pos_ in ("VERB", "AUX") and source_token(token) is not None:
            return Cue((token.lemma_.lower(),), frozenset({"clause"})), [token]
        if token.is_sent_start or token.text in ";:":
            break
    return None


def find_quotes(doc: Doc, *, cues: list[Cue] | None = None) -> list[Found]:
    """All quotes of an article, in text order: direct, indirect and mixed, deduplicated."""
    index = cue_index(cues)
    text = text_of(doc)
    paragraphs = paragraphs_of(doc)
    marks = find_mark_spans(text, paragraphs)
    indirect = find_indirect(doc, cues=cues)
    colon = find_colon_quotes(doc)
    results: list[Found] = []
    used_marks: set[int] = set()
    kept_indirect: list[Found] = []
    for quote in indirect:
        tail = next((m for m in marks if quote.start < m.start - 1 and m.start < quote.end < m.end), None)
        if tail is not None:
            # `said the plan "will work. It is ours."`: the parse ended the content inside the fragment
            quote = replace(quote, end=tail.end + (1 if tail.closed else 0))
        inside = [(k, m) for k, m in enumerate(marks) if m.start >= quote.start - 1 and m.end <= quote.end + 1]
        whole = [(k, m) for k, m in inside if _outside_is_trivial(text, (quote.start, quote.end), (m.start, m.end))]
        if whole:
            k, m = whole[0]
            used_marks.add(k)
            results.append(Found(m.start, m.end, "direct", quote.cue, quote.cue_start, quote.cue_end,
                                 source_i=quote.source_i, via_i=quote.via_i))
            continue
        if any(m.start <= quote.start and quote.end <= m.end for m in marks):
            continue  # reported speech inside a direct quote belongs to that quote
        if inside:
            used_marks.update(k for k, _ in inside)
            start = min(quote.start, min(m.start - 1 for _, m in inside))
            end = max(quote.end, max(m.end + (1 if m.closed else 0) for _, m in inside))
            kept_indirect.append(replace(quote, start=start, end=end, type="mixed"))
        else:
            kept_indirect.append(quote)
    for k, mark in enumerate(marks):
        if k in used_marks:
            continue
        near = _cue_near(doc, mark, marks, index, paragraphs)
        content = text[mark.start:mark.end]
        if near is not None:
            cue, words = near
            said, cs, ce = cue_text(doc, words)
            source = source_token(words[0])
            outer = quoting_source(words[0])
            results.append(Found(mark.start, mark.end, "direct", said, cs, ce,
                                 source_i=source.i if source is not None else None,
                                 via_i=outer.i if outer is not None and outer != source else None))
        elif (signed := signature(doc, mark.start, mark.end)) is not None:
            results.append(Found(mark.start, mark.end, "direct", source_span=signed))
        elif _word_count(content) >= MIN_UNCUED_WORDS or not mark.closed:
            results.append(Found(mark.start, mark.end, "direct", continues=True))
    results.extend(kept_indirect)
    for quote in colon + find_headline_quotes(doc, index):
        if quote.type == "indirect" and quote.cue is None:
            # `Do not ask us to do more: President`: all before the colon is what was said, a cue
            # inside it included
            line = next(((s, e) for s, e in paragraphs if s <= quote.start < e), (quote.start, quote.end))
            results = [r for r in results if r.type != "indirect" or not _overlap(quote, r)
                       or not (line[0] <= r.start and r.end <= line[1])]
        if not any(_overlap(quote, other) for other in results):
            results.append(quote)
    return [sign_cued(doc, quote) for quote in _dedupe(_nest(results, doc))]


def _overlap(a: Found, b: Found) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _dedupe(quotes: list[Found]) -> list[Found]:
    """Keep one record where two overlap by half the longer: the direct one, else the longer."""
    quotes = sorted(quotes, key=lambda q: (q.start, -q.end))
    kept: list[Found] = []
    rank = {"direct": 0, "mixed": 1, "indirect": 2}
    for quote in sorted(quotes, key=lambda q: (rank[q.type], q.via_i is None, -(q.end - q.start))):
        clash = next((k for k in kept if _overlap(k, quote) * 2 >= max(k.end - k.start, quote.end - quote.start)), None)
        if clash is None:
            kept.append(quote)
    return sorted(kept, key=lambda q: (q.start, q.end))


HYPOTHETICAL_MARKS = frozenset({"if", "unless", "as", "until"})


def _reports_speech(doc: Doc, inner: Found) -> bool:
    """Whether an inner cue reports speech of its own (a clause or an infinitive, or any content
    of a named person), so that the outer event is nested speech; a body's cue with a noun-phrase
    object (`said Washington welcomed the move`) is part of what the outer source said. An inner
    event without a source (`must be sought`), or only supposed or compared (`if Congress made
    clear`, `as demanded by`), is not the innermost identifiable one (ANNOTATION.md section 1)."""
    if inner.source_i is None and inner.source_span is None or _hypothetical(doc, inner):
        return False
    content = doc.char_span(inner.start, inner.end, alignment_mode="expand")
    if content is not None and len(content) > 0 and content.root.pos_ in ("VERB", "AUX"):
        return True
    # a named person's speech act is the innermost identifiable event (ANNOTATION.md section 1)
    return inner.source_i is not None and doc[inner.source_i].ent_type_ == "PERSON"


def _hypothetical(doc: Doc, inner: Found) -> bool:
    """Whether the inner cue stands in a clause opened by `if`, `unless`, `as` or `until`."""
    cue = doc.char_span(inner.cue_start, inner.cue_end, alignment_mode="expand")
    if cue is None or not len(cue):
        return False
    token = cue[0]
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in token.children):
            return True
        if token.dep_ not in ("conj", "xcomp") or token.head == token:
            return False
        token = token.head
    return False


def _nest(quotes: list[Found], doc: Doc) -> list[Found]:
    """Nested speech: an outer event whose content holds another cue gives way to the inner one,
    whose `via_i` then names the outer source (ANNOTATION.md section 1)."""
    result = list(quotes)
    drop = set()
    for i, outer in enumerate(result):
        if outer.type == "direct" or outer.cue_start is None:
            continue
        for j, inner in enumerate(result):
            if i == j or inner.cue_start is None or inner.type == "direct":
                continue
            if (outer.start <= inner.cue_start and inner.cue_end <= outer.end
                    and outer.start <= inner.start and inner.end <= outer.end + 2) and _reports_speech(doc, inner):
                drop.add(i)
                if inner.via_i is None:
                    result[j] = replace(inner, via_i=outer.source_i)
    return [q for k, q in enumerate(result) if k not in drop]
