"""Gold files: the project's own set is valid; problems are named with file, line, quote."""
from __future__ import annotations

import json

from conftest import DATA, read_jsonl
from stance.cli import main
from stance.gold import validate_file


def test_project_gold_files_are_valid():
    batches = [*sorted((DATA / "batches").glob("*.jsonl")), *sorted((DATA / "extra").glob("*.jsonl"))]
    assert DATA / "extra" / "batch_6.jsonl" in batches
    for path in [DATA / "train.jsonl", DATA / "test.jsonl", *batches]:
        assert validate_file(path) == [], path


def test_project_set_meets_its_size_and_balance():
    articles = read_jsonl(DATA / "train.jsonl") + read_jsonl(DATA / "test.jsonl")
    quotes = [q for a in articles for q in a["quotes"]]
    assert len(articles) >= 42 and len(quotes) >= 350
    for label in ("resist", "comply", "hedge", "none"):
        assert sum(q["stance"] == label for q in quotes) >= 50, label
    for kind in ("direct", "indirect", "mixed"):
        assert sum(q["type"] == kind for q in quotes) >= 50, kind
    assert any(not a["quotes"] for a in articles)
    train_ids = {a["id"] for a in read_jsonl(DATA / "train.jsonl")}
    assert train_ids.isdisjoint(a["id"] for a in read_jsonl(DATA / "test.jsonl"))


def test_validate_reports_every_problem(tmp_path, capsys):
    good = {"id": "x", "text": "He said no.", "quotes": [
        {"start": 8, "end": 10, "type": "indirect", "cue": "said", "speaker": "he", "speaker_spans": [[0, 2]],
         "side": "pakistan", "stance": "resist", "via": None}]}
    bad = json.loads(json.dumps(good))
    bad["id"] = "y"
    bad["quotes"][0].update(end=99, stance="maybe", speaker_spans=[[5, 2]], type="quoted")
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n{not json\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    for expected in ("g.jsonl:2 quote 1: span [8, 99] is not inside the text", "g.jsonl:2 quote 1: stance 'maybe'",
                     "g.jsonl:2 quote 1: type 'quoted'", "g.jsonl:2 quote 1: speaker span [5, 2]",
                     "g.jsonl:3: not valid JSON"):
        assert expected in out
    assert "g.jsonl:1" not in out


def test_validate_ok(capsys):
    assert main(["validate", str(DATA / "test.jsonl")]) == 0
    assert "ok" in capsys.readouterr().out
