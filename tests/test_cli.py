"""The `stance` command end to end, run as a real process on real files."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from conftest import DATA, SEEDS, read_jsonl
from stance.report import COLUMNS


def stance(*args, stdin: str | None = None):
    exe = shutil.which("stance") or str(sys.executable).replace("python", "stance")
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, input=stdin, timeout=600)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "report.csv"
    result = stance("label", SEEDS, "-o", out, "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def test_seed_report_has_the_documented_columns(seed_report):
    with open(seed_report, newline="", encoding="utf-8") as f:
        assert next(csv.reader(f)) == list(COLUMNS)


def test_seed_report_holds_the_gold_direct_quotes_with_their_speakers(seed_report):
    rows = read_csv(seed_report)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for row in rows:
        assert texts[row["article_id"]][int(row["quote_start"]):int(row["quote_end"])] == row["quote_text"]
        assert row["stance"] in ("resist", "comply", "hedge", "none")
    found = {(r["article_id"], int(r["quote_start"]), int(r["quote_end"])): r for r in rows}
    gold = read_jsonl(DATA / "batches" / "seeds.jsonl")
    direct = [(g["id"], q) for g in gold for q in g["quotes"] if q["type"] == "direct"]
    assert direct
    for article_id, q in direct:
        row = found.get((article_id, q["start"], q["end"]))
        assert row is not None, q
        assert row["speaker"] == q["speaker"] and row["quote_type"] == "direct"
    # and most of the indirect and mixed ones, with their speakers
    others = [(g["id"], q) for g in gold for q in g["quotes"] if q["type"] != "direct"]
    right = sum(1 for a, q in others if any(r["article_id"] == a and r["speaker"] == q["speaker"]
                                            and int(r["quote_start"]) < q["end"] and q["start"] < int(r["quote_end"])
                                            for r in rows))
    assert right >= 0.8 * len(others)


def test_bad_inputs_are_listed_and_the_rest_labelled(tmp_path):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text('"We will not allow any foreign troops," the minister said.', encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\xff\x00")
    out = tmp_path / "r.csv"
    result = stance("label", tmp_path / "in", "-o", out, "--quiet")
    assert result.returncode == 1
    assert "2 skipped" in result.stderr
    assert {r["article_id"] for r in read_csv(out)} == {"good"}
    errors = read_csv(tmp_path / "r.errors.csv")
    assert sorted(e["article_id"] for e in errors) == ["binary", "empty"]
    assert all(e["error"] for e in errors)


def test_jsonl_from_stdin_with_metadata_columns(tmp_path):
    out = tmp_path / "r.csv"
    line = json.dumps({"id": "s1", "text": 'Kayani said "we will decide the timing ourselves".',
                       "url": "http://example.org/1", "date": "2011-09-22", "outlet": "Dawn"})
    (tmp_path / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    result = stance("label", tmp_path / "in.jsonl", "-o", out, "--quiet")
    assert result.returncode == 0, result.stderr
    with open(out, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == list(COLUMNS) + ["url", "date", "outlet"]
    (row,) = read_csv(out)
    assert row["outlet"] == "Dawn" and row["speaker"] == "Ashfaq Parvez Kayani"
    result = stance("label", "-", "-o", tmp_path / "stdin.csv", "--quiet", stdin=line + "\n")
    assert result.returncode == 0 and read_csv(tmp_path / "stdin.csv")[0]["quote_text"] == row["quote_text"]


def test_usage_error_exit_status():
    assert stance("label", "seeds").returncode == 2
    assert stance("frobnicate").returncode == 2
    assert stance("train", "-o", "x.skops").returncode == 2
    assert stance("train", "--gold", DATA / "test.jsonl", "--weights", "1", "2", "-o", "x.skops").returncode == 2


def test_train_from_a_corrected_report(tmp_path):
    articles = tmp_path / "articles.jsonl"
    gold = read_jsonl(DATA / "test.jsonl")[2:7]
    articles.write_text("".join(json.dumps({"id": g["id"], "text": g["text"]}) + "\n" for g in gold), encoding="utf-8")
    report = tmp_path / "r.csv"
    assert stance("label", articles, "-o", report, "--quiet").returncode == 0
    rows = read_csv(report)
    labels = ["resist", "comply", "hedge", "none"]
    for n, row in enumerate(rows):  # an analyst's corrections
        row["stance"] = labels[n % 4]
    with open(report, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    model = tmp_path / "mine.skops"
    result = stance("train", "--from-report", report, "--articles", articles, "-o", model)
    assert result.returncode == 0, result.stderr
    assert f"trained on {len(rows)} quotes from" in result.stdout
    relabel = stance("label", articles, "-o", tmp_path / "again.csv", "--model", model, "--quiet")
    assert relabel.returncode == 0, relabel.stderr


def test_report_with_a_bad_stance_cell_names_the_line(tmp_path):
    report = tmp_path / "r.csv"
    report.write_text("article_id,quote_start,quote_end,stance\nx,0,3,resits\n", encoding="utf-8")
    articles = tmp_path / "a.jsonl"
    articles.write_text('{"id": "x", "text": "abcdef"}\n', encoding="utf-8")
    result = stance("train", "--from-report", report, "--articles", articles, "-o", tmp_path / "m.skops")
    assert result.returncode == 1 and "r.csv:2" in result.stderr and "resits" in result.stderr


def test_html_and_summary_from_the_command(tmp_path):
    out = tmp_path / "r.csv"
    result = stance("label", SEEDS, "-o", out, "--quiet", "--html", tmp_path / "r.html", "--summary", tmp_path / "s.csv")
    assert result.returncode == 0, result.stderr
    rows = read_csv(out)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count("data-quote-id=") == len(rows) > 0
    summary = read_csv(tmp_path / "s.csv")
    assert sum(int(r["quotes"]) for r in summary) == len(rows)
