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


@pytest.mark.parametrize("text", [
    "\"We will not be rushed into anything,\" the Evening Courier quoted Senator Farid Osmani as saying.",
    "\"We will not be rushed into anything,\" Senator Farid Osmani was quoted by the Evening Courier as saying.",
])
def test_the_person_quoted_speaks_and_the_quoting_source_is_via(nlp, text):
    (quote, name, _, via), = speakers(nlp, text)
    assert quote == "We will not be rushed into anything,"
    assert name == "Farid Osmani"
    assert via is not None and "courier" in via.lower()


@pytest.mark.parametrize("text, speaker", [
    ("KARACHI, June 3 (Wire): Prime Minister Farid Osmani on Monday said the port would reopen soon.",
     "Farid Osmani"),
    ("KARACHI – Pakistan on Thursday said it would not accept any outside pressure on the port.", "Pakistan"),
])
def test_a_dateline_taken_for_the_subject_gives_way_to_the_real_source(nlp, text, speaker):
    found = speakers(nlp, text)
    assert found and found[0][1] == speaker, found


def test_he_does_not_continue_a_statement_as_speaker(nlp):
    text = ("Minister Farid Osmani met the delegation on Monday. A ministry statement said the talks had been "
            "useful. He said the port would reopen within a week.")
    found = speakers(nlp, text)
    assert ("the port would reopen within a week", "Farid Osmani") in [(q, name) for q, name, _, _ in found]


def test_an_advertisement_speaks_as_a_document(nlp):
    text = "A new campaign ad says the senator voted against the bridge twice."
    (quote, name, _, _), = speakers(nlp, text)
    assert quote == "the senator voted against the bridge twice"
    assert name == "new campaign ad"


def test_one_of_a_group_speaks_for_the_group(nlp):
    text = ("Two senior police officers met reporters on Monday. \"We are not ready for this,\" one of the officers "
            "told the radio station.")
    found = speakers(nlp, text)
    assert [(q, name) for q, name, _, _ in found] == [("We are not ready for this,", "officers")]


def test_a_relative_pronoun_resolves_to_the_noun_its_clause_modifies(nlp):
    text = ("Senator Farid Osmani met the board of the Harbour Trust. The Harbour Trust, which says the port "
            "loses money every year, wants a new lease.")
    found = speakers(nlp, text)
    assert ("the port loses money every year", "harbour trust") in [(q, name.lower()) for q, name, _, _ in found], found


def test_it_resolves_to_the_organisation_not_a_person(nlp):
    text = ("Senator Farid Osmani visited the harbour on Monday. The Harbour Trust issued a statement in the "
            "evening. It said the port would stay closed for a week.")
    found = speakers(nlp, text)
    assert [(q, name.lower()) for q, name, _, _ in found][-1] == ("the port would stay closed for a week",
                                                                  "harbour trust"), found


def test_an_inverted_subject_after_the_quote_is_the_speaker(nlp):
    text = ("The harbour reopened on Monday after a week of repairs.\n"
            "\"The cranes are now being checked by two teams,\" added the harbour official.")
    found = speakers(nlp, text)
    assert [(q, name) for q, name, _, _ in found] == [("The cranes are now being checked by two teams,",
                                                       "harbour official")], found


def test_quoted_sources_as_saying_names_the_sources(nlp):
    text = "The channel also quoted police sources as saying that the suspect would be moved to the capital."
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["police sources"], found


@pytest.mark.parametrize("text", [
    "The flood reached the old town on Sunday. Mayor Farid Osmani echoed: \"We will rebuild every house.\"",
    "The flood reached the old town on Sunday. Mayor Farid Osmani looked at the river:\n\"We will rebuild every house.\"",
])
def test_a_colon_makes_any_verb_with_a_subject_the_introduction(nlp, text):
    found = speakers(nlp, text)
    assert [(q, name) for q, name, _, _ in found] == [("We will rebuild every house.", "Farid Osmani")], found


@pytest.mark.parametrize("text", [
    "The port reopened on Monday.\n\"We will not let the harbour close again.\" — Farid Osmani, harbour minister\nMore.",
    "The port reopened on Monday. \"We will not let the harbour close again,\" - Harbour Minister Farid Osmani.",
])
def test_a_name_after_a_dash_is_the_speaker(nlp, text):
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["Farid Osmani"], found


def test_a_dash_before_a_lower_case_phrase_names_no_speaker(nlp):
    text = "The port reopened on Monday. \"We will not let the harbour close again\" - and the crowd cheered.\nMore."
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == [""], found
