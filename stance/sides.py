"""Sides: which party a source speaks for, from the words of its own noun phrase.

ANNOTATION.md section 2 gives five sides. A source's side comes from the gazetteer when it is
listed (attribution.py), else from markers in its phrase: nationality and institution words
(strong), then role words that in this domain nearly always mean one side (weak, used only when
no strong marker or listed name places the source), then joint descriptions of two parties.
"""
from __future__ import annotations

from spacy.tokens import Token

# Markers of a side, checked in this order: militants and international bodies first, so that
# "Pakistani Taliban" and "Afghan Taliban" are neither government (ANNOTATION.md section 2).
SIDE_WORDS = {
    "other": "taliban ttp militant militants insurgent insurgents al-qaeda qaeda un nato isaf".split(),
    "pakistan": "pakistani pakistan pakistan's pakistans islamabad ispr isi rawalpindi pak".split(),
    "us": "us u.s. american americans washington pentagon america u.s u.s.-led cia western".split(),
    "afghanistan": "afghan afghans afghanistan kabul".split(),
}
NATIONAL_SIDES = frozenset({"pakistan", "us", "afghanistan"})
# Role words that place a source only when nothing stronger does. In the gold of realnews/train
# and data/train every source described by "administration" (9 quotes) or an unqualified
# "embassy" (12) is US, and every "analyst" (3) is a third party: US-Pakistan reporting says
# "a senior administration official" of Washington and "the embassy" of the US mission, and
# analysts speak for no government.
WEAK_SIDE_WORDS = {
    "us": "administration embassy".split(),
    "other": "analyst analysts".split(),
}
# The side of a speaker whom nothing places (no gazetteer entry, no marker in the mention's
# phrase): the articles are about Pakistan, and unnamed officials, police, ministries and local
# people are Pakistani unless marked. On realnews/train, 66 of the 116 such unnamed speakers
# were gold `pakistan`, 31 `us`, 18 `other`.
HOME_SIDE = "pakistan"
# `both leaders`, `the two sides`, `the three countries`, `a joint statement`: the parties
# speaking together, which section 2 puts on side `other` (joint sources of two sides).
JOINT_HEADS = frozenset("side sides leader leaders country countries nation nations government governments "
                        "delegation delegations".split())
JOINT_NUMBERS = frozenset("both two three 2 3".split())


def side_from_words(words: list[str], markers: dict[str, list[str]] | None = None) -> str:
    """A side from nationality and organisation words (or the given markers), else ''."""
    lowered = [w.lower().strip(".,") for w in words]
    for side, found in (markers or SIDE_WORDS).items():
        if any(w in found for w in lowered):
            return side
    return ""


def joint_sides(tokens: list[Token]) -> bool:
    """`US and Pakistani officials`: markers of two sides joined by `and` make a joint source."""
    for token in tokens:
        side = side_from_words([token.lower_])
        if side and any(c.dep_ == "conj" and side_from_words([c.lower_]) not in ("", side) for c in token.children):
            return True
    return False


def joint_description(tokens: list[Token]) -> bool:
    """`both leaders`, `the two sides`, `a joint statement`: two or more parties together."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.lower_ == "joint" and token.dep_ == "amod":
            return True
        if token.lemma_.lower() in JOINT_HEADS and token.tag_ in ("NNS", "NNPS") and any(
                c.lower_ in JOINT_NUMBERS and c.i in inside for c in token.children):
            return True
    return False


def weak_side(tokens: list[Token]) -> str:
    """The side a role word gives when nothing stronger places the source, else ''."""
    return side_from_words([t.lower_ for t in tokens], WEAK_SIDE_WORDS)


def agrees(side: str, described: str) -> bool:
    """Whether a known side fits the side a description gives (either may be unknown, '')."""
    return not side or not described or side == described
