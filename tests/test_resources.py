"""The editable data files: packaged ones load, broken ones name file and line."""
from __future__ import annotations

import pytest

from stance.errors import ResourceError
from stance.resources import (load_cues, load_gazetteer, load_lexicon, normalise_name, parse_cues,
                              parse_gazetteer, parse_lexicon, strip_titles)


def test_packaged_resources_load():
    assert any(c.lemmas == ("say",) for c in load_cues())
    assert load_gazetteer().lookup("Gen. Kayani").name == "Ashfaq Parvez Kayani"
    assert {r.name for r in load_lexicon()} >= {"rule_out", "red_line"}


def test_every_speaker_of_speakers_txt_is_in_the_gazetteer():
    from conftest import SHARED

    path = SHARED / "speakers.txt"
    if not path.exists():
        pytest.skip("../shared is not available")
    names = [line.split("|")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    gazetteer = load_gazetteer()
    assert [n for n in names if gazetteer.lookup(n) is None or gazetteer.lookup(n).name != n] == []


@pytest.mark.parametrize("parse, text, message", [
    (parse_cues, "say\tclause\ntell\tsentence\n", "x.tsv:2: unknown content kind"),
    (parse_cues, "# comment\nsay clause\n", "x.tsv:2: expected 'cue<TAB>kinds'"),
    (parse_gazetteer, "A B\tpakistan\trole\t\nC D\tmars\trole\t\n", "x.tsv:2: side 'mars'"),
    (parse_gazetteer, "A B\tpakistan\trole\n", "x.tsv:1: expected 4 tab-separated fields"),
    (parse_gazetteer, "A B\tus\tr\t\na b\tus\tr\t\n", "x.tsv:2: 'a b' is already defined on line 1"),
    (parse_lexicon, "r\tresist\t-\tred line\nq\tmaybe\t-\tx\n", "x.tsv:2: label 'maybe'"),
    (parse_lexicon, "r\tresist\t-\t?red\n", "x.tsv:1: the pattern needs a required word"),
])
def test_invalid_resource_names_file_and_line(parse, text, message):
    with pytest.raises(ResourceError, match=message.replace("(", r"\(")):
        parse(text, source="x.tsv")


def test_unreadable_resource_file_is_a_resource_error(tmp_path):
    with pytest.raises(ResourceError, match="cannot read"):
        load_cues(str(tmp_path / "missing.tsv"))


@pytest.mark.parametrize("name, expected", [
    ("Gen. Ashfaq Parvez Kayani", "Ashfaq Parvez Kayani"),
    ("Mr Zardari", "Zardari"),
    ("Prime Minister Yousaf Raza Gilani", "Yousaf Raza Gilani"),
    ("Kayani", "Kayani"),
])
def test_strip_titles(name, expected):
    assert strip_titles(name) == expected


def test_normalise_name():
    assert normalise_name("  U.S.   Officials ") == "us officials"
