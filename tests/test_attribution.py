"""Speakers: canonical names, aliases, pronouns, descriptions, sides, via."""
from __future__ import annotations

import pytest

from stance.attribution import attribute, descriptor
from stance.quotes import find_quotes


def speakers(nlp, text):
    doc = nlp(text)
    return [(text[q.start:q.end], s.name, s.side, via) for q, s, via in attribute(doc, find_quotes(doc))]


@pytest.mark.parametrize("text, speaker, side", [
    ("Gen. Ashfaq Parvez Kayani said the army would not launch an operation.", "Ashfaq Parvez Kayani", "pakistan"),
    ("Mr Zardari said his government was determined to act.", "Asif Ali Zardari", "pakistan"),
    ("Admiral Mullen said the network acts as an arm of the ISI.", "Mike Mullen", "us"),
    ("A senior Pakistani security official said any escalation would be disastrous.",
     "senior pakistani security official", "pakistan"),
    ("U.S. officials said Pakistan's failure to cooperate could mean more strikes.", "us officials", "us"),
    ("An ISPR statement said the two generals would meet in Brussels next week.", "Inter-Services Public Relations", "pakistan"),
])
def test_speaker_names_and_sides(nlp, text, speaker, side):
    (quote, name, got_side, _), = speakers(nlp, text)
    assert (name, got_side) == (speaker, side)


def test_alias_merges_to_the_fullest_name_in_the_article(nlp):
    text = ("Senator Tariq Azim Khan met the envoy on Monday. "
            "Mr Khan said Pakistan would not accept any foreign troops on its soil.")
    result = speakers(nlp, text)
    assert result[-1][1] == "Tariq Azim Khan"


def test_pronoun_resolves_to_the_earlier_speaker(nlp):
    text = ("President Asif Ali Zardari met the delegation on Monday. "
            "He said Pakistan would fight the militants on its own terms.")
    assert speakers(nlp, text)[-1][1] == "Asif Ali Zardari"


def test_description_resolves_to_its_earlier_fuller_mention(nlp):
    text = ("Foreign Office spokesman Abdul Basit spoke to reporters. "
            "The spokesman said Pakistan would never allow foreign troops on its soil.")
    assert speakers(nlp, text)[-1][1] == "Abdul Basit"


def test_continuing_quote_keeps_its_speaker(nlp):
    text = ('"We cannot fight on so many fronts," the official said. '
            '"We have drawn a red line and would not accept strikes."')
    result = speakers(nlp, text)
    assert [r[1] for r in result] == ["official", "official"]


def test_via_names_the_outer_source(nlp):
    text = ("But, he said, Pakistan's efforts would be based on its own timeline, "
            "The Washington Post reported.")
    (_, _, _, via), = speakers(nlp, text)
    assert via == "The Washington Post"


@pytest.mark.parametrize("text, expected", [
    ("A senior Pakistani security official", "senior pakistani security official"),
    ("two U.S. officials", "us officials"),
    ("The Pakistani military", "pakistani military"),
])
def test_descriptor(nlp, text, expected):
    assert descriptor(list(nlp(text))) == expected
