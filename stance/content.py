"""Where a reported content starts and ends, past the parser's cut.

The parse gives find_indirect (indirect.py) the clause a cue governs; these functions move its
edges: on past a complementiser, a coordinated clause or a colon, and back from a dateline or
the writer's own context (`amid ...`, a dash and a participle); a noun-phrase content takes
the prepositions and conditions the parser hung on the cue.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .grammar import SUBJECT_DEPS, CueIndex, match_cue, subtree_ids, trim_tokens


TAIL_PREPOSITIONS = frozenset({"for", "over", "regarding", "about", "against", "of", "concerning", "in", "with"})
TAIL_MARKS = frozenset({"if", "unless"})


def noun_content_tail(head: Token, obj: Token) -> set[int]:
    """What the parser hung on the cue but belongs to its noun-phrase content: `praised X
    [for ...]`, `offered an apology [over ...]`, `promised action [if ...]`."""
    ids: set[int] = set()
    end = obj.right_edge.i
    for sibling in sorted((c for c in head.children if c.i > end), key=lambda c: c.i):
        if sibling.left_edge.i != end + 1:
            break
        if sibling.dep_ == "prep" and sibling.lower_ in TAIL_PREPOSITIONS and not any(
                g.ent_type_ in ("DATE", "TIME") for g in sibling.children):
            pass
        elif sibling.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TAIL_MARKS for c in sibling.children):
            pass
        else:
            break
        ids |= subtree_ids(sibling)
        end = sibling.right_edge.i
    return ids


def extend_to_that(tokens: list[Token], cue: Token, doc: Doc) -> list[Token]:
    """`told X that while A, B`: the parser may hang `while A` on the cue; what follows
    the complementiser `that` is all content."""
    if not tokens or tokens[0].i <= cue.i:
        return tokens
    that = next((t for t in doc[cue.i + 1:tokens[0].i] if t.lower_ == "that" and t.dep_ == "mark"), None)
    if that is None or that.sent != tokens[0].sent:
        return tokens
    return trim_tokens([doc[i] for i in range(that.i + 1, tokens[-1].i + 1)]) or tokens


DATELINE_SEPARATORS = frozenset({"--", "—", "–", "-", ":", "|"})
DATELINE_WORDS = 12


def strip_dateline(tokens: list[Token]) -> list[Token]:
    """Drop a dateline that opens the content (`LONDON, May 3 (Reuters) - `, `WASHINGTON: `):
    the place and date of the story, not what was said."""
    if not tokens or not tokens[0].is_sent_start or not (tokens[0].is_upper or tokens[0].is_title):
        return tokens
    for j, token in enumerate(tokens[:DATELINE_WORDS]):
        if token.text in DATELINE_SEPARATORS and j > 0:
            if token.text == "-" and not (token.whitespace_ and tokens[j - 1].whitespace_):
                return tokens  # a hyphen inside a word
            prefix = tokens[:j]
            if any(t.pos_ in ("VERB", "AUX") for t in prefix) or not any(t.ent_type_ == "GPE" or t.is_upper
                                                                        for t in prefix):
                return tokens
            return trim_tokens(tokens[j + 1:]) or tokens
        if token.pos_ in ("VERB", "AUX"):
            return tokens
    return tokens


def extend_to_coordinated_clause(tokens: list[Token], cue: Token, doc: Doc, index: "CueIndex") -> list[Token]:
    """`said A and B`, where the parser coordinated clause B with the cue instead of with A:
    a clause with its own subject that is not itself a speech act goes on with the content."""
    if not tokens or tokens[0].i < cue.i:
        return tokens
    for child in cue.children:
        if child.dep_ != "conj" or child.i <= tokens[-1].i or match_cue(child, index) is not None:
            continue
        if not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            continue
        gap = doc[tokens[-1].i + 1:child.left_edge.i]
        if len(gap) > 2 or any(not (t.is_punct or t.dep_ == "cc") for t in gap):
            continue
        return trim_tokens([doc[i] for i in range(tokens[0].i, child.right_edge.i + 1)]) or tokens
    return tokens


# Prepositions that open the writer's account of the moment of the speech, never part of what
# was said in the realnews/train gold (0 of 54 quotes with such a word inside, 5 cut after).
NARRATING_PREPOSITIONS = frozenset({"amid", "following"})
DASHES = frozenset({"—", "–", "--"})


def drop_narrated_tail(tokens: list[Token]) -> list[Token]:
    """Content followed by the writer's context: `... amid fears of X`, `... following the attack`,
    `... prior to the meeting`, `... – seen as the main topic`: cut from there to the content's end."""
    if len(tokens) < 4:
        return tokens
    last = tokens[-1].i
    for k, token in enumerate(tokens[2:], start=2):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        preposition = token.lower_ in NARRATING_PREPOSITIONS and token.dep_ == "prep" \
            or token.lower_ == "prior" and nxt is not None and nxt.lower_ == "to"
        participle = token.text in DASHES and nxt is not None and nxt.tag_ in ("VBN", "VBG") \
            and nxt.right_edge.i >= last
        if preposition or participle:
            return trim_tokens(tokens[:k]) or tokens
    return tokens


def extend_past_colon(tokens: list[Token], doc: Doc) -> list[Token]:
    """Content followed by a colon goes on to the end of the sentence (`argued against X: Y`)."""
    if not tokens:
        return tokens
    nxt = tokens[-1].i + 1
    if nxt < len(doc) and doc[nxt].text == ":" and doc[nxt].sent == tokens[-1].sent:
        end = doc[nxt].sent.end
        extended = trim_tokens([doc[i] for i in range(tokens[0].i, end)])
        return extended or tokens
    return tokens
