"""Speakers: canonical names, aliases, pronouns, descriptions, sides, via."""
from __future__ import annotations

import pytest

from stance.attribution import attribute, fallback_speaker
from stance.mentions import descriptor, tag_subject
from stance.quotes import find_quotes
from stance.speakers import ArticleSpeakers


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


def test_a_pronoun_never_goes_back_to_a_name_inside_the_quotation(nlp):
    text = ("Mayor Farid Osmani walked along the harbour wall on Monday morning.\n"
            "\"Dana Pell will bring the cranes back before the winter,\" he told reporters.\n")
    assert [name for _, name, _, _ in speakers(nlp, text)] == ["Farid Osmani"]


def test_an_age_alone_describes_the_person_named_before(nlp):
    text = ("Dana Pell opened a second bakery on Main Street on Saturday.\n"
            "\"We bake everything here before dawn,\" said the 52-year-old. \"The town deserves good bread.\"\n")
    doc = nlp(text)
    found = attribute(doc, find_quotes(doc))
    assert [(s.name, s.mention) for _, s, _ in found] == [("Dana Pell", "the 52-year-old")] * 2


def test_a_surname_read_as_a_common_noun_is_the_name_given_elsewhere(nlp):
    # the tagger reads the name as a proper noun in the introduction, as a common noun in the tag
    text = ("In an interview with Harbour Radio’s Tobin Hollity on Monday, Mayor Farid Osmani defended the plan.\n"
            "“The cranes will be back before the winter,” Osmani said.\n“And the fees?” Hollity pressed.\n")
    assert [name for _, name, _, _ in speakers(nlp, text)][-1] == "Hollity"


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


def test_a_continued_quote_keeps_the_outer_source(nlp):
    text = ("\"We will not be rushed into anything,\" the Evening Courier quoted Senator Farid Osmani as saying. "
            "\"The harbour plan needs another year of careful study.\"")
    found = speakers(nlp, text)
    assert [(name, via and via.lower()) for _, name, _, via in found] == [("Farid Osmani", "evening courier")] * 2


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
    ("KARACHI – Pakistan on Friday said it would never bow to outside demands over the harbour.", "Pakistan"),
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


def test_a_horizontal_bar_signs_each_quotation_of_a_list(nlp):
    # some outlets print their dashes as U+2015; readers' replies follow one another on one line
    text = ("Readers sent us their views on the vote.\n“The council forgot the people who live by the river "
            "and it shows every winter.” ― Marta Odelle “We asked for a bridge and they gave us a survey, "
            "then another survey.”― Tobin Reyes\n")
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["Marta Odelle", "Tobin Reyes"], found


def test_a_dash_before_a_lower_case_phrase_names_no_speaker(nlp):
    text = "The port reopened on Monday. \"We will not let the harbour close again\" - and the crowd cheered.\nMore."
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == [""], found


@pytest.mark.parametrize("text, speaker, side", [
    ("The White House on Tuesday said the talks over the canal would resume next month.", "White House", "us"),
    ("The Ministry of Foreign Affairs said the ambassador had been summoned over the remarks.",
     "Foreign Office", "pakistan"),
])
def test_a_leading_the_does_not_hide_a_gazetteer_name(nlp, text, speaker, side):
    (_, name, got_side, _), = speakers(nlp, text)
    assert (name, got_side) == (speaker, side)


def test_the_embassy_refers_back_to_the_embassy_quoted_before(nlp):
    text = ("The US embassy said the visit had been planned for months. Later the embassy said the envoy "
            "would meet the governor of the province on Friday.")
    found = speakers(nlp, text)
    assert [(name, side) for _, name, side, _ in found][-1] == ("US Embassy", "us"), found


def test_the_statement_speaks_for_the_source_just_quoted(nlp):
    text = ("The Foreign Office said the border crossing would reopen, in a statement issued on Monday. "
            "The statement said the trucks would be inspected at both ends of the road.")
    found = speakers(nlp, text)
    assert [(name, side) for _, name, side, _ in found][-1] == ("Foreign Office", "pakistan"), found


@pytest.mark.parametrize("text, side", [
    # nothing marks them: the side of the country the articles are about
    ("Officials said the curfew in the valley would be lifted on Friday.", "pakistan"),
    ("Farid Osmani said the US had not yet shared its findings.", "pakistan"),
    # the noun phrase of the mention places the speaker, not the words near it
    ("Farid Osmani, a US embassy spokesman, said the visa office would reopen.", "us"),
    ("Western diplomats said the talks on the pipeline had stalled.", "us"),
    ("Japanese officials said the loan for the dam would be signed in May.", "other"),
    ("A Pakistani Taliban spokesman said the group had not carried out the attack.", "other"),
    ("US and Pakistani officials said the joint patrols would start next week.", "other"),
    ("Gen. Kayani and Lt Gen Farid Osmani said the troops would stay in the valley.", "pakistan"),
    ("A former intelligence agency officer said the files had been destroyed.", "pakistan"),
])
def test_sides_of_speakers_outside_the_gazetteer(nlp, text, side):
    (_, name, got_side, _), = speakers(nlp, text)
    assert got_side == side, name


def test_a_quote_set_inside_a_sentence_belongs_to_its_subject(nlp):
    text = ("\"The harbour will reopen on Monday,\" Mayor Farid Osmani said. Councillor Dana Pell, who chairs the "
            "budget board, mocked the mayor for \"promising a miracle every single week\" at the meeting.")
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["Farid Osmani", "Dana Pell"], found


def test_a_quote_opening_its_sentence_goes_on_with_the_speaker_before(nlp):
    text = ("\"The harbour will reopen on Monday,\" Mayor Farid Osmani said. \"The cranes are already being "
            "checked and the first ships are expected by noon on that day.\"")
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["Farid Osmani", "Farid Osmani"], found


@pytest.mark.parametrize("text, expected", [
    # a short clause after the closing mark names the speaker, whatever its verb
    ("\"The harbour will reopen on Monday,\" Mayor Farid Osmani said. \"You are dreaming again,\" Councillor "
     "Dana Pell shot back.", ["Farid Osmani", "Dana Pell"]),
    # a clause joined by `and` is narration, not a speech tag
    ("\"The harbour will reopen on Monday,\" Mayor Farid Osmani said. \"Not this year and not the next one,\" "
     "and Councillor Dana Pell laughed.", ["Farid Osmani", "Farid Osmani"]),
])
def test_a_speech_tag_after_the_quote_names_its_speaker(nlp, text, expected):
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == expected, found


@pytest.mark.parametrize("text", [
    "A statement issued by the US embassy said the consulate in the north would stay closed until May.",
    "The US embassy issued a statement saying the consulate in the north would stay closed until May.",
])
def test_a_document_speaks_for_whoever_issued_it(nlp, text):
    (_, name, side, _), = speakers(nlp, text)
    assert (name, side) == ("US Embassy", "us")


def test_he_prefers_the_subject_of_a_later_main_clause_over_an_earlier_speaker(nlp):
    text = ("Mayor Farid Osmani said the harbour would reopen on Monday. Councillor Dana Pell, who chairs the budget "
            "board, inspected the cranes on Tuesday. \"The cranes are not ready yet,\" he said.")
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found][-1] == "Dana Pell", found


@pytest.mark.parametrize("text, speaker", [
    ("\"We lost half our customers in a month,\" said one owner of a bakery near the old bridge.",
     "owner of bakery near old bridge"),
    ("The moderator said the candidates would each have two minutes to answer.", "moderator"),
    ("The lawsuit contends that the company ignored the warnings for years.", "lawsuit"),
])
def test_common_nouns_for_people_and_documents_can_speak(nlp, text, speaker):
    (_, name, _, _), = speakers(nlp, text)
    assert name == speaker


def test_he_does_not_go_back_to_the_object_of_a_preposition(nlp):
    text = ("Mayor Farid Osmani spoke on Monday.\n\nThe minister\n\nsaid the next days were critical for the "
            "peace activist. He said the talks would resume in May.")
    found = speakers(nlp, text)
    assert "peace activist" not in [name for _, name, _, _ in found], found


@pytest.mark.parametrize("text, side", [
    ("A Western diplomat in Islamabad said the talks on the pipeline had stalled.", "us"),
    ("The BBC's correspondent in Kabul says the road to the border has been closed.", "media"),
])
def test_where_a_speaker_is_does_not_give_their_side(nlp, text, side):
    (_, _, got_side, _), = speakers(nlp, text)
    assert got_side == side


def test_a_source_inside_its_own_quotation_gives_way_to_the_speech_tag(nlp):
    from stance.types import Found

    text = "\"I hold in the highest esteem Sen. Dana Pell,\" Osmani said."
    doc = nlp(text)
    pell = next(t for t in doc if t.text == "Pell")  # as a misparse would give it
    quote = Found(1, text.index(",") + 1, "direct", cue="said", source_i=pell.i)
    (_, speaker, _), = attribute(doc, [quote])
    assert speaker.name == "Osmani"


def test_a_quote_in_a_subordinate_clause_belongs_to_the_main_subject(nlp):
    text = ("\"The harbour will reopen on Monday,\" Mayor Farid Osmani said. Councillor Dana Pell mourned the days "
            "when residents \"no longer spoke to each other at all\" over the harbour.")
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found][-1] == "Dana Pell", found


def test_without_a_grammatical_source_a_subject_before_the_cue_speaks(nlp):

    text = "Dana Pell met Farid Osmani at the harbour on Monday, offering help with the cranes."
    doc = nlp(text)
    speaker = fallback_speaker(ArticleSpeakers(doc), text.index("offering"), None)
    assert speaker.name == "Dana Pell"


@pytest.mark.parametrize("text, placed", [
    ("Officials said the curfew in the valley would be lifted on Friday.", False),
    ("Pakistani officials said the curfew in the valley would be lifted on Friday.", True),
])
def test_a_side_given_by_nothing_but_the_home_side_is_not_placed(nlp, text, placed):
    doc = nlp(text)
    (_, speaker, _), = attribute(doc, find_quotes(doc))
    assert (speaker.side, speaker.placed) == ("pakistan", placed)


def test_a_description_does_not_refer_back_to_someone_on_another_side(nlp):
    text = ("US trade minister Dana Pell said the talks had gone well. The Pakistani minister said the border "
            "crossing would reopen on Monday.")
    found = speakers(nlp, text)
    assert [(name, side) for _, name, side, _ in found][-1] == ("pakistani minister", "pakistan"), found


@pytest.mark.parametrize("text, side", [
    ("US journalist Dana Pell said the general had approved the raid himself.", "media"),
    ("Foreign Secretary Dana Pell, who briefed reporters in Islamabad, said the visit would go ahead.", "pakistan"),
])
def test_a_journalist_speaks_for_the_press(nlp, text, side):
    (_, _, got_side, _), = speakers(nlp, text)
    assert got_side == side


def test_he_continues_the_last_speaker_over_a_few_sentences(nlp):
    text = ("Mayor Farid Osmani said the harbour would reopen on Monday. The cranes were checked twice. "
            "The ships waited outside the port. The weather stayed calm all week. The traders thanked "
            "Councillor Dana Pell. "
            "\"We will not close it again,\" he said.")
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found][-1] == "Farid Osmani", found


def test_a_quote_with_no_cue_goes_on_with_the_person_narrated_just_before(nlp):
    text = ("\"The harbour will reopen on Monday,\" Mayor Farid Osmani said. Councillor Dana Pell then turned to "
            "the budget of the port.\n\"We cannot pay for a second crane this year or the next one.\"")
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["Farid Osmani", "Dana Pell"], found


@pytest.mark.parametrize("text, side", [
    # two or more parties speaking together are a joint source: side other
    ("The two sides agreed that the talks on the canal would resume in the spring.", "other"),
    ("Both leaders said the new rail link would open before the monsoon.", "other"),
    # role words that place a source only when nothing stronger does
    ("A senior administration official said the grain shipments would continue.", "us"),
    ("An embassy official said the visa section would stay closed until Thursday.", "us"),
    ("Analysts said the cabinet reshuffle would not calm the markets.", "other"),
    # ... and not a local one: a district's administration is the home side's
    ("An administration official in the valley district said the bridge was washed away.", "pakistan"),
])
def test_sides_from_joint_descriptions_and_role_words(nlp, text, side):
    (_, name, got_side, _), = speakers(nlp, text)
    assert got_side == side, name


def test_an_unplaced_description_takes_the_side_of_an_earlier_phrase_with_its_head(nlp):
    text = ("A Taliban spokesman visited the burnt convoy on Monday. "
            "The spokesman said the fighters would never hand over their weapons.")
    assert speakers(nlp, text)[-1][2] == "other"


def test_a_description_does_not_refer_back_to_a_mention_without_its_modifiers(nlp):
    text = ("U.S. officials said the network was behind the bombing of the depot. The plan was approved at a "
            "session led by the corps commander, said the two military officials, who asked not to be named.")
    found = speakers(nlp, text)
    assert [(name, side) for _, name, side, _ in found][-1] == ("military officials", "pakistan"), found


@pytest.mark.parametrize("text, speaker, side", [
    # a middle initial the gazetteer does not list
    ("Richard C. Holbrooke said the talks on the water treaty had been useful.", "Richard Holbrooke", "us"),
    # another country's body is not the Foreign Office of the gazetteer
    ("The Afghan Ministry of Foreign Affairs said the new border posts must be removed.",
     "afghan ministry of foreign affairs", "afghanistan"),
    # a title before the name in apposition places the person the name names
    ("An Afghan border police commander, Wali Dadzai, said the crossing would stay shut.", "Wali Dadzai", "afghanistan"),
    ("The ISI said the cell had been planning attacks on the bridges.", "Inter-Services Intelligence", "pakistan"),
])
def test_gazetteer_names_and_placing_titles(nlp, text, speaker, side):
    (_, name, got_side, _), = speakers(nlp, text)
    assert (name, got_side) == (speaker, side)


def test_a_persons_title_places_them_before_a_relative_clause_does(nlp):
    text = ("U.S. Navy Secretary Tom Walbrook, who flew to Pakistan on Monday, met the port authorities. "
            "Walbrook said the two navies would hold drills in the autumn.")
    assert speakers(nlp, text)[-1][1:3] == ("Tom Walbrook", "us")


def test_the_object_of_a_participle_cue_is_its_addressee_not_its_speaker(nlp):
    text = ('Dana Pell spoke at the rally in the square on Sunday, telling reporters, '
            '"We will not back down on the harbour tax."')
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["Dana Pell"], found


@pytest.mark.parametrize("text, speaker", [
    # a speech tag after the closing mark, inverted, with no verb of the cue list
    ('Dana Pell opened the meeting on Monday. "The harbour will stay open all winter," read the statement.',
     "statement"),
    # a quotation ending in a comma leaves its sentence open: the tag may run on past the window
    ('Dana Pell opened the meeting on Monday. "Councillor, let me help you with the answer," the harbour '
     'board chairwoman Ines Varga quipped while pointing at the old cranes by the water.', "harbour board chairwoman"),
])
def test_a_speech_tag_after_a_quote_names_its_speaker(nlp, text, speaker):
    found = speakers(nlp, text)
    assert found[-1][1] == speaker, found


def test_common_person_nouns_can_speak(nlp):
    (_, name, _, _), = speakers(nlp, '"How deep is the harbour?" asked the boy, who was holding a kite.')
    assert name == "boy"


def test_one_person_spelt_with_a_doubled_letter_is_one_person(nlp):
    text = ("The talks were chaired by Jawad Kardin, the Afghan deputy trade minister. "
            "Karddin said the new customs posts would open in June.")
    assert speakers(nlp, text)[-1][1:3] == ("Jawad Kardin", "afghanistan")


def test_a_name_closing_a_headline_after_a_colon_speaks_its_quotation(nlp):
    text = "Harbour fees \u201cwill never come down\u201d: Walbrook\nThe minister spoke to traders on Monday."
    found = speakers(nlp, text)
    assert found[0][:2] == ("will never come down", "Walbrook"), found


def test_a_document_adopted_by_both_houses_is_parliaments(nlp):
    (_, name, side, _), = speakers(nlp, "On Friday both houses of parliament passed resolutions condemning the incursion.")
    assert (name, side) == ("Parliament", "pakistan")


@pytest.mark.parametrize("text, subject", [
    # a bracket after the name (party and state) does not end the speech tag
    ('"The ferry contract was never put out to tender," Rep. Osric Delamere (D-Ore.) said. "No one asked."',
     "Delamere"),
    # nor does a hyphen inside a word of the tag
    ('"Picture the two of them arguing about ferries," mused radio co-host Osric Delamere. "For hours."',
     "Delamere"),
])
def test_brackets_and_hyphens_inside_a_speech_tag_do_not_end_it(nlp, text, subject):
    doc = nlp(text)
    found = tag_subject(doc, text.index('," ') + 1)
    assert found is not None and found.text == subject, found


def test_a_hyphenated_tag_names_the_speaker_of_the_next_quote_too(nlp):
    text = ('Brenna Tulloch chaired the hearing on Tuesday. "Picture the two of them arguing about ferries," '
            'mused radio co-host Osric Delamere. "It would run for hours."')
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["Osric Delamere", "Osric Delamere"], found


def test_a_name_and_a_colon_before_a_quote_name_its_speaker(nlp):
    text = ('The two candidates, Ann Tulloch and Piet Delamere, were asked about the ferry tolls. '
            'Tulloch: "We will scrap them in our first year." '
            'Delamere: "The tolls pay for the new pier."')
    found = speakers(nlp, text)
    assert [name for _, name, _, _ in found] == ["Ann Tulloch", "Piet Delamere"], found


@pytest.mark.parametrize("text, speaker", [
    ("Minister Ines Varga said the government understood the fishermen's anger but urged them to "
     "stop blocking the harbour.", "Ines Varga"),
    # the cue has a subject of its own: the body speaks
    ("Minister Ines Varga said the council met on Monday and the council urged the fishermen to leave.",
     "council"),
])
def test_a_cue_joined_to_a_persons_report_goes_on_with_the_person(nlp, text, speaker):
    found = speakers(nlp, text)
    assert found[-1][1] == speaker, found


def test_without_a_grammatical_source_an_inverted_tag_names_the_person_after_the_cue(nlp):
    text = '"The pier will be rebuilt," Mayor Ines Varga said, and "soon," added retired engineer Osric Delamere.'
    doc = nlp(text)
    speaker = fallback_speaker(ArticleSpeakers(doc), text.index("added"), None)
    assert speaker.name == "Osric Delamere", speaker


def test_without_a_grammatical_source_a_name_after_that_is_not_the_speaker(nlp):
    text = 'Ines Varga, the mayor, wrote that Osric Delamere "had rebuilt the pier in a single winter".'
    doc = nlp(text)
    speaker = fallback_speaker(ArticleSpeakers(doc), text.index("wrote"), None)
    assert speaker.name != "Osric Delamere", speaker


def test_a_quote_goes_on_with_the_direct_speaker_not_a_report_inside_the_speech_tag(nlp):
    text = ('"The ferry contract is binding," harbour spokeswoman Ines Varga told the local radio, '
            'after Mayor Osric Delamere said that the city would cancel the contract. '
            '"Nobody can cancel it now."')
    found = speakers(nlp, text)
    assert found[-1][1] == "Ines Varga", found


@pytest.mark.parametrize("text, speaker", [
    # the gazetteer gives listed people a gender
    ("Hillary Clinton spoke to reporters after the talks in the capital. Mike Mullen, who sat beside her, "
     "praised the army for its losses. She said Pakistan had to act against the network.", "Hillary Clinton"),
    # a gendered title does for people outside it
    ("Margaret Ellison opened the harbour meeting on Monday. Mr Osric Delamere, who spoke after her, "
     "praised the dockers. She said the harbour would stay open all winter.", "Margaret Ellison"),
])
def test_he_or_she_skips_a_person_of_the_other_gender(nlp, text, speaker):
    assert speakers(nlp, text)[-1][1] == speaker, speakers(nlp, text)


def test_a_gazetteer_gender_column_is_validated():
    from stance.errors import ResourceError
    from stance.resources import parse_gazetteer

    good = parse_gazetteer("Ines Varga\tus\tmayor\tVarga\tf\nHarbour Board\tus\tboard\t\n")
    assert [s.gender for s in good.sources] == ["f", ""]
    with pytest.raises(ResourceError, match="gender 'woman'"):
        parse_gazetteer("Ines Varga\tus\tmayor\tVarga\twoman\n")


@pytest.mark.parametrize("text, subject", [
    # a non-breaking space inside the name does not end the speech tag
    ('"The ferry timetable is a mess," mused radio host Osric\u00a0Delamere. "Nobody reads it."', "Delamere"),
    ('"Tolls will rise in May," Brenna\u00a0Tulloch said. "Nobody likes it."', "Tulloch"),
])
def test_a_non_breaking_space_inside_a_speech_tag_does_not_end_it(nlp, text, subject):
    doc = nlp(text)
    found = tag_subject(doc, text.index('," ') + 1)
    assert found is not None and found.text == subject, found


def test_a_surname_tagged_as_a_common_noun_is_the_person_the_article_names(nlp):
    doc = nlp("On his show, Sean Brannity asked about the harbour tax. Brannity pressed the mayor on the budget.")
    speakers_ = ArticleSpeakers(doc)
    token = [t for t in doc if t.text == "Brannity"][-1]
    token_pos = token.pos_
    speaker = speakers_.resolve_mention([token], token)
    # whatever the tagger says, the surname resolves to the person named earlier
    assert speaker.name == "Sean Brannity", (token_pos, speaker)


@pytest.mark.parametrize("text, speaker", [
    ('"The new ferry is far too slow," one user wrote on the forum.', "user"),
    ('"Bring back the old harbour master," another commenter said.', "commenter"),
    ('"You will never finish that bridge," the heckler shouted at the mayor.', "heckler"),
])
def test_people_online_and_in_crowds_can_speak(nlp, text, speaker):
    found = speakers(nlp, text)
    assert found and found[-1][1] == speaker, found


@pytest.mark.parametrize("text, subject", [
    # an apposition between the tag's subject and its verb does not end the tag
    ('Dana Pell spoke first. "We will never sell the harbour!" the ferry union\'s new leader, Osric Delamere, '
     'tweeted on Sunday.', "leader"),
    ('Dana Pell spoke first. "We will never sell the harbour!" the union leader, who chairs the ferry board, '
     'wrote on Sunday.', "leader"),
])
def test_an_apposition_inside_a_speech_tag_does_not_end_it(nlp, text, subject):
    doc = nlp(text)
    found = tag_subject(doc, text.index('!"') + 1)
    assert found is not None and found.text == subject, found


@pytest.mark.parametrize("text, speaker", [
    ('"Ferry fares fell by half in two years." - Dana Pell. That claim leaves out the new fuel tax.', "Dana Pell"),
    ('The debate ran late. "Ferry fares fell by half." —Mayor Osric Delamere, speaking at the harbour.',
     "Osric Delamere"),
    # the signature on a line of its own, after a quotation that opens its paragraph
    ('Osric Delamere spoke about the tunnel.\n\n"Ferry fares fell by half in two years."\n\n- Dana Pell.\n\n'
     'That claim leaves out the new fuel tax.', "Dana Pell"),
])
def test_a_dash_and_a_name_after_a_quotation_sign_it(nlp, text, speaker):
    found = speakers(nlp, text)
    assert found and found[0][1] == speaker, found


def test_a_name_and_colon_after_a_dash_name_the_speaker(nlp):
    text = ('Harbour polls were wrong again - Dana Pell: "The samples were far too small to say anything." '
            '[Harbour Weekly.]')
    found = speakers(nlp, text)
    assert found and found[0][1] == "Dana Pell", found


@pytest.mark.parametrize("text, speaker", [
    ("The town released a statement on Monday saying the new ferry would start in May.", "town"),
    ("The county issued a statement saying the bridge would stay closed until spring.", "county"),
])
def test_a_town_or_county_speaks_through_its_statement(nlp, text, speaker):
    found = speakers(nlp, text)
    assert found and found[0][1] == speaker, found


@pytest.mark.parametrize("text, mention", [
    # documents and publications named in a speech tag after the quotation speak
    ('Dana Pell sued the ferry board in May. "The board ignored every safety warning," the suit says.', "the suit"),
    ('Dana Pell spoke on Monday. "The ferry deal is already dead," the column noted.', "the column"),
    ('Dana Pell spoke on Monday. "The ferry deal is already dead," the magazine wrote.', "the magazine"),
])
def test_documents_and_publications_in_a_speech_tag_speak(nlp, text, mention):
    doc = nlp(text)
    (_, speaker, _), = [r for r in attribute(doc, find_quotes(doc)) if r[0].type == "direct"]
    assert speaker.mention == mention, speaker


def test_after_a_full_stop_a_sentence_with_an_apposition_is_no_speech_tag(nlp):
    text = ('"We had no chance at all." Her campaign manager, Osric Delamere, struck a similar tune on Monday.')
    doc = nlp(text)
    assert tag_subject(doc, text.index('."') + 1) is None


@pytest.mark.parametrize("text, speaker", [
    ('The senator emailed supporters saying: "We will keep fighting until the last ferry vote."', "senator"),
    ('Dana Pell quickly sent an email to supporters stating, "We will keep fighting until the last vote."',
     "Dana Pell"),
])
def test_the_addressee_of_a_message_is_not_its_speaker(nlp, text, speaker):
    found = speakers(nlp, text)
    assert found and found[0][1] == speaker, found


@pytest.mark.parametrize("text, tag", [
    ('"We will rebuild the pier by spring," Delamere said.', "Delamere"),
    ('"We will rebuild the pier by spring," said Delamere, explaining the plan.', "Delamere"),
])
def test_a_capitalised_word_beside_a_tag_verb_is_a_name(nlp, text, tag):
    from stance.mentions import tag_name

    doc = nlp(text)
    verb = next(t for t in doc if t.lower_ == "said")
    clause = [t for t in doc[verb.i - 1 if doc[verb.i - 1].text == tag else verb.i:verb.i + 2] if not t.is_punct]
    found = tag_name(clause, verb)
    assert found is not None and found.text == tag


@pytest.mark.parametrize("text", [
    '"We will rebuild the pier by spring," said Monday\'s statement.',
    '"We will rebuild the pier by spring," the board said.',
])
def test_a_tag_that_is_not_all_capitalised_words_names_nobody_by_capitals(nlp, text):
    from stance.mentions import tag_name

    doc = nlp(text)
    verb = next(t for t in doc if t.lower_ == "said")
    start = text.index('," ') + 3
    clause = [t for t in doc if t.idx >= start and not t.is_punct]
    assert tag_name(clause, verb) is None


def test_a_surname_read_as_an_adverb_in_a_tag_is_the_person_named_before(nlp):
    text = ('Anna Hartly, a local councillor, chaired the hearing on Tuesday. '
            '"The pier will be rebuilt," said Hartly, explaining the plan.')
    doc = nlp(text)
    speakers_ = ArticleSpeakers(doc)
    token = [t for t in doc if t.text == "Hartly"][-1]
    assert speakers_.resolve_mention([token], token).name == "Anna Hartly", token.pos_
    # and through the speech tag, whatever the tagger made of the name
    assert speakers(nlp, text)[-1][1] == "Anna Hartly"
