"""Quote finding: quotation marks, reported speech, mixed quotes, headlines, nesting."""
from __future__ import annotations

import pytest

from stance.quotes import find_mark_spans, find_quotes


def marked(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_mark_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ('He said "we cannot go on" today.', ["we cannot go on"]),
    ("He said “we cannot go on” today.", ["we cannot go on"]),
    ("He said ‘we cannot go on’ today.", ["we cannot go on"]),
    # apostrophes are not quotation marks
    ("Pakistan’s army won't act, the Haqqanis’ leader said.", []),
    ("Pakistan’s army said ‘the militants’ havens are gone’ yesterday.", ["the militants"]),
    # single marks inside double ones are part of the double-marked quote
    ("“We reject the ‘do more’ mantra,” he said.", ["We reject the ‘do more’ mantra,"]),
    # an unclosed mark ends at its paragraph; the next paragraph is still read
    ("He said “we will not act.\nLater, “this is new,” she said.", ["we will not act.", "this is new,"]),
    # a quote over two paragraphs: one record per paragraph
    ("“First part of it.\n“Second part,” he said.", ["First part of it.", "Second part,"]),
    # a stray closing mark alone loses nothing
    ("He said no” and left. “Then we go,” she said.", ["Then we go,"]),
])
def test_mark_spans(text, expected):
    assert marked(text) == expected


def quotes_of(nlp, text):
    doc = nlp(text)
    return [(q.type, text[q.start:q.end], q.cue) for q in find_quotes(doc)]


@pytest.mark.parametrize("text, expected", [
    ('"We cannot fight on so many fronts," the official said.',
     [("direct", "We cannot fight on so many fronts,", "said")]),
    ("A senior official said any confrontation with Haqqani could create more problems.",
     [("indirect", "any confrontation with Haqqani could create more problems", "said")]),
    ("Kayani told Petraeus that the US should not expect \"a major operation in North Waziristan\".",
     [("mixed", 'the US should not expect "a major operation in North Waziristan"', "told")]),
    ("The army chief ruled out an imminent operation against the Haqqani network.",
     [("indirect", "an imminent operation against the Haqqani network", "ruled out")]),
    ("The U.S. has pressed the Pakistani military to turn on Haqqani.",
     [("indirect", "to turn on Haqqani", "pressed")]),
    ("According to the report, Pakistani officials are privately fuming over the alliance.",
     [("indirect", "Pakistani officials are privately fuming over the alliance", "According to")]),
    ("Gen. Kayani has argued against going after Haqqani: Pakistan has its hands full.",
     [("indirect", "against going after Haqqani: Pakistan has its hands full", "argued")]),
])
def test_find_quotes(nlp, text, expected):
    assert quotes_of(nlp, text) == expected


def test_interrupted_direct_quote_is_two_records_with_one_cue(nlp):
    text = '"We cannot," he said, "go any further with this operation."'
    found = quotes_of(nlp, text)
    assert [(t, s) for t, s, _ in found] == [("direct", "We cannot,"), ("direct", "go any further with this operation.")]
    assert found[0][2] == "said"


def test_uncued_direct_quote_continues(nlp):
    text = '"We cannot fight on so many fronts," the official said. "We have drawn a red line here."'
    doc = nlp(text)
    quotes = find_quotes(doc)
    assert [q.continues for q in quotes] == [False, True]


def test_scare_quotes_are_not_quotes(nlp):
    assert quotes_of(nlp, 'The operation, dubbed "Rah-e-Nijat", began in October.') == []


def test_headline_colon_attribution(nlp):
    text = "No operation in North Waziristan: Kayani\nThe army chief spoke on Friday."
    found = quotes_of(nlp, text)
    assert ("indirect", "No operation in North Waziristan", None) in found


def test_nested_speech_keeps_the_inner_event_with_its_outer_source(nlp):
    text = ("But, he said, Pakistan's efforts would be based on its own timeline and operational needs, "
            "The Washington Post reported.")
    doc = nlp(text)
    quotes = find_quotes(doc)
    assert len(quotes) == 1
    q = quotes[0]
    assert text[q.start:q.end] == "Pakistan's efforts would be based on its own timeline and operational needs"
    assert doc[q.via_i].text == "Post"


def test_a_cue_coordinated_with_a_named_subject_is_nested_speech(nlp):
    text = ("Reports yesterday said Mr Zardari resisted the appeal and has called on the US to speed up "
            "military assistance to Pakistani forces.")
    found = quotes_of(nlp, text)
    assert found == [("indirect", "to speed up military assistance to Pakistani forces", "called on")]


def test_a_second_speech_act_of_the_same_speaker_is_cut_from_the_content(nlp):
    text = ("President Zardari said drone attacks could disrupt the atmosphere of confidence and called for "
            "an immediate halt to such attacks.")
    found = quotes_of(nlp, text)
    assert ("indirect", "drone attacks could disrupt the atmosphere of confidence", "said") in found
    assert ("indirect", "an immediate halt to such attacks", "called for") in found


def test_colon_at_the_end_of_the_previous_paragraph_introduces_the_quote(nlp):
    text = "The minister told reporters:\n\"We will not allow any foreign boots on our soil.\"\nThe talks ended."
    found = quotes_of(nlp, text)
    assert found == [("direct", "We will not allow any foreign boots on our soil.", "told")]
