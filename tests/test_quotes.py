"""Quote finding: quotation marks, reported speech, mixed quotes, headlines, nesting."""
from __future__ import annotations

import pytest

from stance.grammar import cue_index
from stance.quotes import find_headline_quotes, find_mark_spans, find_quotes


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
    # marks of the other kind inside an open quote quote within it, straight or curly
    ('The mayor said:\n"The port is not about “quick profits” any more.\n"It is ours."',
     ["The port is not about “quick profits” any more.", "It is ours."]),
    ('“We were told "wait and see" for years,” she said.', ['We were told "wait and see" for years,']),
    # ... unless the open one closes first: the inner mark was stray
    ('He said "we stay “and that is all" today.', ["we stay “and that is all"]),
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
    text = "The governor said the new levy could hurt small traders and called for a review of the tax code."
    found = quotes_of(nlp, text)
    assert ("indirect", "the new levy could hurt small traders", "said") in found
    assert ("indirect", "a review of the tax code", "called for") in found


def test_colon_at_the_end_of_the_previous_paragraph_introduces_the_quote(nlp):
    text = "The minister told reporters:\n\"We will not allow any foreign boots on our soil.\"\nThe talks ended."
    found = quotes_of(nlp, text)
    assert found == [("direct", "We will not allow any foreign boots on our soil.", "told")]


def test_an_inner_cue_with_a_noun_object_stays_inside_the_outer_content(nlp):
    text = "The embassy spokesman said Islamabad welcomed the reopening of the northern crossing."
    found = quotes_of(nlp, text)
    assert ("indirect", "Islamabad welcomed the reopening of the northern crossing", "said") in found
    assert not any(cue == "welcomed" for _, _, cue in found)


def test_an_inner_cue_with_a_clause_is_still_nested_speech(nlp):
    text = "Local reports said the governor told the council that the bridge would reopen in May."
    found = quotes_of(nlp, text)
    assert ("indirect", "the bridge would reopen in May", "told") in found
    assert not any(cue == "said" for _, _, cue in found)


@pytest.mark.parametrize("text, content", [
    ("ISLAMABAD, March 4 (Wire) - The ministry said the border would stay closed for a week.\nMore follows.",
     "the border would stay closed for a week"),
    ("LAHORE: The province will hire two thousand new teachers, the chief minister said.\nMore follows.",
     "The province will hire two thousand new teachers"),
    ("KARACHI – The port will reopen on Monday, officials said.\nMore follows.",
     "The port will reopen on Monday"),
])
def test_a_dateline_is_not_part_of_the_content(nlp, text, content):
    found = quotes_of(nlp, text)
    assert any(span == content for _, span, _ in found), found


def test_a_trailing_clause_with_its_own_speech_event_is_cut_from_the_content(nlp):
    text = ("The minister said his forces had cleared the valley after the opposition leader had criticised "
            "the slow pace of the campaign.")
    found = quotes_of(nlp, text)
    assert ("indirect", "his forces had cleared the valley", "said") in found


def test_a_clause_coordinated_with_the_cue_goes_on_with_the_content(nlp):
    text = "The senator said the caucus was always in touch with the White House and it supported him in the primary."
    found = quotes_of(nlp, text)
    assert ("indirect", "the caucus was always in touch with the White House and it supported him in the primary",
            "said") in found


def test_according_to_a_measure_is_not_a_source(nlp):
    text = "The minister says his country will decide, according to its own priorities, how to fight the gangs."
    found = quotes_of(nlp, text)
    assert not any(cue and cue.lower().startswith("according") for _, _, cue in found)
    assert any(cue == "says" and "according to its own priorities" in span for _, span, cue in found), found


@pytest.mark.parametrize("text", [
    "The governor did not say what the province would do next.",
    "Asked whether the port would reopen, the governor smiled.",
])
def test_an_open_question_is_not_a_quote(nlp, text):
    assert quotes_of(nlp, text) == []


def test_asking_a_question_of_someone_is_still_a_quote(nlp):
    text = "The senator asked the minister whether the port would reopen."
    found = quotes_of(nlp, text)
    assert [cue for _, _, cue in found] == ["asked"]


@pytest.mark.parametrize("text, content", [
    ("The mayor praised the volunteers for clearing the flooded streets.",
     "the volunteers for clearing the flooded streets"),
    ("The ministry promised new funding if the province cuts its deficit.",
     "new funding if the province cuts its deficit"),
])
def test_a_phrase_hung_on_the_cue_belongs_to_its_noun_content(nlp, text, content):
    found = quotes_of(nlp, text)
    assert [span for _, span, _ in found] == [content]


def test_a_date_after_the_noun_content_is_not_content(nlp):
    text = "The ministry announced new funding on Tuesday."
    found = quotes_of(nlp, text)
    assert [span for _, span, _ in found] == ["new funding"]


def test_a_verb_of_manner_of_speaking_is_the_cue_of_a_direct_quote(nlp):
    text = "The rally went on for an hour.\n\"We will win this town back,\" the candidate shouted."
    found = quotes_of(nlp, text)
    assert found == [("direct", "We will win this town back,", "shouted")]


def test_a_named_persons_act_inside_reported_speech_is_the_inner_event(nlp):
    text = "Officials said Senator Farid Osmani praised the new bridge during the visit."
    found = quotes_of(nlp, text)
    assert [cue for _, _, cue in found] == ["praised"]


def test_a_though_clause_with_another_speaker_is_narration(nlp):
    text = "The ministry insisted that no weapons would pass through the port, though critics say this never happened."
    found = quotes_of(nlp, text)
    assert ("indirect", "no weapons would pass through the port", "insisted") in found, found


@pytest.mark.parametrize("text, content, cue", [
    # a passive cue with no agent names nobody: the outer speaker's words stay whole
    ("The governor has said that a new road must be sought to reach the hill villages.",
     "a new road must be sought to reach the hill villages", "has said"),
    # a cue in a conditional clause is supposed, not reported
    ("The mayor said the city would pay only if the council made clear that the costs were shared.",
     "the city would pay only if the council made clear that the costs were shared", "said"),
])
def test_an_inner_event_without_a_source_or_only_supposed_is_not_nested(nlp, text, content, cue):
    found = quotes_of(nlp, text)
    assert any(span == content and said in cue for _, span, said in found), found


def test_a_trailing_clause_whose_verb_reports_no_speech_stays_in_the_content(nlp):
    text = "The ministry said the raid was carried out by its own police, while foreign monitors observed the count."
    found = quotes_of(nlp, text)
    assert ("indirect", "the raid was carried out by its own police, while foreign monitors observed the count",
            "said") in found, found


def test_a_cue_in_a_subordinate_clause_is_not_an_aside(nlp):
    text = "The mayor says her town does not need to change its plans because others say so."
    found = quotes_of(nlp, text)
    assert [(span, cue) for _, span, cue in found] == [
        ("her town does not need to change its plans because others say so", "says")]


@pytest.mark.parametrize("text, content", [
    # the aside stands inside the content: the span runs from the subject to the end
    ("The northern provinces, the spokesman said, would get more money next year.",
     "The northern provinces, the spokesman said, would get more money next year"),
    # nothing but a conjunction before the aside: the content starts after it
    ("But, he said, the province would get more money.", "the province would get more money"),
])
def test_a_parenthetical_cue_inside_its_content(nlp, text, content):
    assert [span for _, span, _ in quotes_of(nlp, text)] == [content]


def test_a_parenthetical_cue_interrupting_a_quotation_leaves_two_direct_quotes(nlp):
    text = '"The province," the spokesman said, "will get more money next year."'
    assert [(kind, span) for kind, span, _ in quotes_of(nlp, text)] == [
        ("direct", "The province,"), ("direct", "will get more money next year.")]


def test_a_quoted_fragment_that_runs_past_the_sentence_ends_a_mixed_quote(nlp):
    text = 'She said the new rules "help the farmers. That much is clear." Then she left.'
    found = quotes_of(nlp, text)
    assert found == [("mixed", 'the new rules "help the farmers. That much is clear."', "said")], found


def test_a_quote_in_double_spaced_wrapped_text_runs_over_the_blank_lines(nlp):
    lines = [
        "The council met on Monday to talk about the new bridge over the river and the road that leads",
        "to it from the market. “We have waited for this bridge for twenty years, and the families on the",
        "far bank cannot wait much longer for a safe way to reach the school,” said the mayor, who has led",
        "the town since the floods. She added that the council would vote on the budget for the bridge",
        "next month, after the engineers have sent their report on the soil and the cost of the steel.",
    ]
    text = "\n\n".join(lines)
    found = quotes_of(nlp, text)
    direct = [span for kind, span, _ in found if kind == "direct"]
    assert len(direct) == 1 and direct[0].startswith("We have waited") and direct[0].endswith("the school,"), found


@pytest.mark.parametrize("text, content", [
    ("Both leaders made it clear that any decision on the dam would be taken by the cabinet.",
     "any decision on the dam would be taken by the cabinet"),
    ("The minister made it very clear that the port would stay closed.", "the port would stay closed"),
])
def test_a_that_clause_under_a_phrasal_cue_is_its_content(nlp, text, content):
    assert [span for _, span, _ in quotes_of(nlp, text)] == [content]


def test_a_cue_coordinated_deep_inside_the_content_stays_in_it(nlp):
    text = "An official said the treaty gave the city the power to approve or reject any new tax on bread."
    found = quotes_of(nlp, text)
    assert ("indirect", "the treaty gave the city the power to approve or reject any new tax on bread",
            "said") in found, found


@pytest.mark.parametrize("text, content, cue", [
    ("Our mayor has stressed on a new water treaty with the hill towns.", "a new water treaty with the hill towns",
     "stressed on"),
    ("The general commended the efforts of the police in the flooded districts.",
     "the efforts of the police in the flooded districts", "commended"),
    ("The union vowed full cooperation with the inquiry.", "full cooperation with the inquiry", "vowed"),
])
def test_more_cues_of_praise_emphasis_and_promise(nlp, text, content, cue):
    assert quotes_of(nlp, text) == [("indirect", content, cue)]


def test_an_infinitive_after_a_time_phrase_is_the_content(nlp):
    text = "The province vowed on Monday to help the town repair the old bridge."
    assert quotes_of(nlp, text) == [("indirect", "to help the town repair the old bridge", "vowed")]


@pytest.mark.parametrize("text, content, cue", [
    ("Province pledges support for flood victims\nThe province spoke on Monday.", "support for flood victims",
     "pledges"),
    ("Mayor Calls On Council To Cut Parking Fees\nThe mayor spoke.", "To Cut Parking Fees", "Calls On"),
    ("Farmers, Government stress dialogue, disagree on prices\nTalks went on.", "dialogue", "stress"),
    ("Lahore warns Karachi over water theft\nThe row goes on.", "over water theft", "warns"),
    ("India says to help Nepal over flood damage\nAid is on its way.", "to help Nepal over flood damage", "says"),
    ("City to push for end to parking fees\nThe council met.", "end to parking fees", "push for"),
])
def test_a_headline_with_a_cue_in_the_present_is_a_quote(nlp, text, content, cue):
    found = quotes_of(nlp, text)
    assert ("indirect", content, cue) in found, found


@pytest.mark.parametrize("text", [
    "Mayor Visits Flooded Villages In The North\nThe mayor spoke.",
    "Province pledges support for flood victims.\nThe province spoke on Monday.",  # a sentence, not a headline
])
def test_a_headline_without_a_cue_or_a_sentence_is_not_read_as_a_headline(nlp, text):
    assert find_headline_quotes(nlp(text), cue_index()) == []


@pytest.mark.parametrize("text, content, cue", [
    ("The minister described the new levy as a burden on small farmers.",
     "the new levy as a burden on small farmers", "described"),
    ("The mayor termed the strike an attack on the city.", "the strike an attack on the city", "termed"),
    ("The governor called the plan a serious mistake.", "the plan a serious mistake", "called"),
])
def test_x_as_y_after_describe_term_and_call(nlp, text, content, cue):
    assert quotes_of(nlp, text) == [("indirect", content, cue)]


@pytest.mark.parametrize("text", [
    "The council called a meeting for Friday.",  # `for` is no particle of `called` here
    "The mayor visited the flooded villages on Monday.",
])
def test_no_quote_without_a_cue_of_speech(nlp, text):
    assert quotes_of(nlp, text) == []


@pytest.mark.parametrize("text, content", [
    ("The governor said the bridge would reopen in spring, amid doubts about its funding.",
     "the bridge would reopen in spring"),
    ("The mayor urged the council to approve the budget prior to the holiday recess.",
     "to approve the budget"),
    ("The minister promised cooperation on water – seen as the main issue of the visit.",
     "cooperation on water"),
])
def test_the_writers_context_after_the_content_is_cut(nlp, text, content):
    assert [t for _, t, _ in quotes_of(nlp, text)] == [content]


@pytest.mark.parametrize("text, content", [
    ("The agency claimed to have cleared the valley of rebels but found no trace of their leader.",
     "to have cleared the valley of rebels"),
])
def test_a_finite_clause_coordinated_with_an_infinitive_content_is_narration(nlp, text, content):
    assert [t for _, t, _ in quotes_of(nlp, text)] == [content]


def test_an_infinitive_content_keeps_its_coordinated_infinitive(nlp):
    text = "The envoy urged the rebels to lay down their arms and join the talks."
    assert [t for _, t, _ in quotes_of(nlp, text)] == ["to lay down their arms and join the talks"]


def test_x_as_a_quoted_fragment_is_a_mixed_quote(nlp):
    text = 'While calling the verdict as "justice served," the senator left the court.'
    assert [(q, t) for q, t, _ in quotes_of(nlp, text)] == [("mixed", 'the verdict as "justice served,"')]


def test_a_speakers_next_act_hung_on_the_content_is_cut_from_it(nlp):
    text = 'She said the dam must stay closed, calling it "a danger to the valley."'
    found = quotes_of(nlp, text)
    assert ("indirect", "the dam must stay closed", "said") in found
    assert all("calling" not in content for _, content, _ in found)


def test_a_fronted_content_parsed_as_a_second_subject_of_the_cue(nlp):
    """The parser sometimes reads `Rebels burned nine trucks ..., officials said` as two subjects
    of `said`, the first with `burned` as its participle: the first is the content."""
    from spacy.tokens import Doc

    from stance.quotes import find_indirect

    words = ["Meanwhile", ",", "rebels", "burned", "nine", "trucks", "on", "Friday", ",", "officials", "said", "."]
    heads = [10, 10, 10, 2, 5, 3, 3, 6, 10, 10, 10, 10]
    deps = ["advmod", "punct", "nsubj", "acl", "nummod", "dobj", "prep", "pobj", "punct", "nsubj", "ROOT", "punct"]
    pos = ["ADV", "PUNCT", "NOUN", "VERB", "NUM", "NOUN", "ADP", "PROPN", "PUNCT", "NOUN", "VERB", "PUNCT"]
    tags = ["RB", ",", "NNS", "VBN", "CD", "NNS", "IN", "NNP", ",", "NNS", "VBD", "."]
    lemmas = ["meanwhile", ",", "rebel", "burn", "nine", "truck", "on", "Friday", ",", "official", "say", "."]
    spaces = [False, True, True, True, True, True, True, False, True, True, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    found = [(doc.text[q.start:q.end], doc[q.source_i].text) for q in find_indirect(doc)]
    assert found == [("rebels burned nine trucks on Friday", "officials")]


@pytest.mark.parametrize("text, expected", [
    # all before the colon is what was said, a cue inside it included
    ("Do not ask the valley to pay for the dam: Governor\n\nThe governor spoke on Monday.",
     [("indirect", "Do not ask the valley to pay for the dam", None)]),
    ("Town ready to close the old mine :Mayor Tom Reed\n\nThe mayor spoke on Monday.",
     [("indirect", "Town ready to close the old mine", None)]),
    # a title-case infinitive after an addressee is the content, not a name
    ("Governor Reed Calls On Donors To Rebuild Bridge\n\nThe governor spoke on Monday.",
     [("indirect", "To Rebuild Bridge", "Calls On")]),
])
def test_headline_colon_and_title_case_quotes(nlp, text, expected):
    assert quotes_of(nlp, text) == expected


def test_page_furniture_before_a_colon_is_not_a_headline_quote(nlp):
    text = "ALSO SEE Town hall sends condolences to the valley: Mayor\n\nThe mayor spoke on Monday."
    assert all(cue is not None for _, _, cue in quotes_of(nlp, text))


@pytest.mark.parametrize("text, expected", [
    ("The mayor asked for a review of the budget.", [("indirect", "a review of the budget", "asked for")]),
    # the addressee of `urge` is left out, as with `urge X to ...`
    ("The mayor urged the council for a quick review of the budget.",
     [("indirect", "for a quick review of the budget", "urged")]),
])
def test_ask_for_and_urge_for(nlp, text, expected):
    assert quotes_of(nlp, text) == expected


@pytest.mark.parametrize("text, content", [
    # the object of `apprise` is the addressee; of `blame`, part of what was said
    ("The envoy apprised the governor of fresh clashes along the river.", "fresh clashes along the river"),
    ("The minister blamed the rebels for the fire.", "the rebels for the fire"),
])
def test_addressee_and_object_of_a_prepositional_content(nlp, text, content):
    assert [t for _, t, _ in quotes_of(nlp, text)] == [content]


@pytest.mark.parametrize("text", [
    "Farmers gather at the market in the old town Photograph: Tom Reed\n\nThe market opened on Monday.",
    "Written by: Tom Reed\n\nThe market opened on Monday.",
    "Home » World » Mayor wants a new bridge: Reed\n\nThe market opened on Monday.",
])
def test_credits_and_breadcrumbs_are_not_headline_quotes(nlp, text):
    assert quotes_of(nlp, text) == []


def test_a_participle_the_parser_hangs_on_tell_is_not_its_content(nlp):
    """`told visiting envoy Reed that ...`, parsed with `visiting` as the cue's open complement."""
    from spacy.tokens import Doc

    from stance.quotes import find_indirect

    words = ["The", "mayor", "told", "visiting", "envoy", "Reed", "that", "the", "bridge", "will", "reopen", "."]
    heads = [1, 2, 2, 2, 5, 3, 10, 8, 10, 10, 2, 2]
    deps = ["det", "nsubj", "ROOT", "xcomp", "compound", "dobj", "mark", "det", "nsubj", "aux", "ccomp", "punct"]
    pos = ["DET", "NOUN", "VERB", "VERB", "NOUN", "PROPN", "SCONJ", "DET", "NOUN", "AUX", "VERB", "PUNCT"]
    tags = ["DT", "NN", "VBD", "VBG", "NN", "NNP", "IN", "DT", "NN", "MD", "VB", "."]
    lemmas = ["the", "mayor", "tell", "visit", "envoy", "Reed", "that", "the", "bridge", "will", "reopen", "."]
    spaces = [True] * 10 + [False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    assert [doc.text[q.start:q.end] for q in find_indirect(doc)] == ["the bridge will reopen"]


@pytest.mark.parametrize("words, tags, expected", [
    # a `that` the parser took for a determiner, before words it cannot determine
    (["that", "the", "army", "left"], ["WDT", "DT", "NN", "VBD"], "the army left"),
    (["that", "Pakistan", "agreed"], ["WDT", "NNP", "VBD"], "Pakistan agreed"),
    # a demonstrative stays: `that plan failed`, `that was wrong`
    (["that", "plan", "failed"], ["DT", "NN", "VBD"], "that plan failed"),
    (["that", "was", "wrong"], ["DT", "VBD", "JJ"], "that was wrong"),
])
def test_a_leading_complementiser_read_as_a_determiner_is_trimmed(nlp, words, tags, expected):
    from spacy.tokens import Doc

    from stance.grammar import trim_tokens

    deps = ["det"] + ["dep"] * (len(words) - 1)
    doc = Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=[1] + list(range(1, len(words))))
    assert " ".join(t.text for t in trim_tokens(list(doc))) == expected


def test_warn_keeps_of_after_its_addressee(nlp):
    text = "The mayor warned the council of a flood along the river."
    assert [t for _, t, _ in quotes_of(nlp, text)] == ["of a flood along the river"]


# A name that signs a quotation is recorded during extraction, as the quote's source span, and
# such a quote does not continue the speaker before it.
@pytest.mark.parametrize("text, name", [
    # an interview line
    ('The two candidates met the ferry crews on Monday.\nTulloch: "We will scrap the tolls in our first year."',
     "Tulloch"),
    # a dash signature after a non-breaking space, the name ending its sentence
    ('Readers wrote to us about the pier.\n\u201cThe new pier is a waste of money and everyone knows it.\u201d'
     '\u00a0\u2015 Marta Odelle.\n\nMore letters follow.', "Marta Odelle"),
    # a name closing a headline after a colon
    ("Harbour fees \u201cwill never come down for anyone\u201d: Walbrook\nThe minister spoke on Monday.",
     "Walbrook"),
])
def test_a_signature_is_the_source_span_of_its_quote(nlp, text, name):
    doc = nlp(text)
    signed = [q for q in find_quotes(doc) if q.type == "direct"]
    assert [(text[q.source_span[0]:q.source_span[1]] if q.source_span else None, q.continues) for q in signed] \
        == [(name, False)], signed


def test_a_short_quotation_signed_by_a_name_is_a_quote(nlp):
    # shorter than MIN_UNCUED_WORDS, but the name makes it somebody's words, not a scare quote
    text = 'The two candidates were asked about the tolls.\nTulloch: "Never again."\nPiet Delamere: "Maybe later."'
    doc = nlp(text)
    found = [(text[q.start:q.end], text[q.source_span[0]:q.source_span[1]]) for q in find_quotes(doc)
             if q.source_span]
    assert found == [("Never again.", "Tulloch"), ("Maybe later.", "Piet Delamere")], found
