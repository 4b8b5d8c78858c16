"""The per-speaker summary: counts, shares, side, dates, and the CSV it writes."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from stance.report import COLUMNS, AtomicCSV, quote_rows
from stance.summary import SUMMARY_COLUMNS, UNATTRIBUTED, parse_date, summarise, write_summary
from stance.types import STANCES, Article, Quote


def row(speaker: str, stance: str, side: str = "pakistan", date: str | None = None, **extra) -> dict:
    """A report row with only the columns the summary reads (plus `date` when given)."""
    out = {"article_id": "a", "quote_id": "a:1", "speaker": speaker, "side": side, "stance": stance}
    if date is not None:
        out["date"] = date
    return {**out, **extra}


ROWS = [
    row("Ashfaq Parvez Kayani", "resist", date="2011-09-22"),
    row("Ashfaq Parvez Kayani", "resist", date="2011-10-01"),
    row("Ashfaq Parvez Kayani", "hedge", date="Sep 20, 2011"),
    row("Ashfaq Parvez Kayani", "comply", side="other", date=""),
    row("Hillary Clinton", "none", side="us", date="2011-10-20"),
    row("Hillary Clinton", "none", side="us", date="2011-10-21"),
    row("", "hedge", side="", date="2012-01-05"),
    row("  ", "resist", side="pakistan", date="not a date"),
    row("senior pakistani security official", "comply", date="2012-05-01"),
]


def expected_counts(rows: list[dict]) -> dict[str, dict]:
    """The summary computed the plain way, to compare with summarise()."""
    out: dict[str, dict] = {}
    for r in rows:
        name = r["speaker"].strip() or UNATTRIBUTED
        entry = out.setdefault(name, {"quotes": 0, **{s: 0 for s in STANCES}})
        entry["quotes"] += 1
        entry[r["stance"]] += 1
    for entry in out.values():
        for s in STANCES:
            entry[f"{s}_share"] = entry[s] / entry["quotes"]
    return out


def test_counts_and_shares_equal_the_rows():
    frame = summarise(ROWS)
    expected = expected_counts(ROWS)
    assert list(frame.columns) == list(SUMMARY_COLUMNS)
    assert sorted(frame["speaker"]) == sorted(expected)
    for record in frame.to_dict("records"):
        want = expected[record["speaker"]]
        assert record["quotes"] == want["quotes"]
        for s in STANCES:
            assert record[s] == want[s]
            assert record[f"{s}_share"] == pytest.approx(want[f"{s}_share"])
        assert sum(record[f"{s}_share"] for s in STANCES) == pytest.approx(1.0)
    assert frame["quotes"].sum() == len(ROWS)


def test_most_quoted_first_and_unattributed_named():
    frame = summarise(ROWS)
    assert list(frame["speaker"]) == ["Ashfaq Parvez Kayani", UNATTRIBUTED, "Hillary Clinton",
                                      "senior pakistani security official"]
    unattributed = frame.set_index("speaker").loc[UNATTRIBUTED]
    assert unattributed["quotes"] == 2 and unattributed["side"] == "pakistan"


def test_side_is_the_most_frequent_one():
    frame = summarise(ROWS).set_index("speaker")
    assert frame.loc["Ashfaq Parvez Kayani", "side"] == "pakistan"
    assert frame.loc["Hillary Clinton", "side"] == "us"


def test_first_and_last_date_over_parseable_dates():
    frame = summarise(ROWS).set_index("speaker")
    assert frame.loc["Ashfaq Parvez Kayani", ["first_date", "last_date"]].tolist() == ["2011-09-20", "2011-10-01"]
    assert frame.loc[UNATTRIBUTED, ["first_date", "last_date"]].tolist() == ["2012-01-05", "2012-01-05"]


def test_no_date_column_leaves_dates_empty():
    frame = summarise([row("A", "resist"), row("A", "none")])
    assert frame.loc[0, "first_date"] == "" and frame.loc[0, "last_date"] == ""


@pytest.mark.parametrize("value, expected", [
    ("2011-09-22", "2011-09-22"), ("2011-09-22T10:00:00Z", "2011-09-22"), ("22 September 2011", "2011-09-22"),
    ("", None), ("soon", None), ("2011-13-40", None),
])
def test_parse_date(value, expected):
    day = parse_date(value)
    assert (day.isoformat() if day else None) == expected


def test_stance_labels_are_read_case_insensitively_and_unknown_ones_stay_out_of_the_columns():
    frame = summarise([row("A", " Resist "), row("A", "maybe")])
    record = frame.to_dict("records")[0]
    assert record["quotes"] == 2 and record["resist"] == 1
    assert sum(record[s] for s in STANCES) == 1 and record["resist_share"] == 0.5


def test_empty_rows_give_an_empty_frame():
    frame = summarise([])
    assert frame.empty and list(frame.columns) == list(SUMMARY_COLUMNS)


def test_rows_from_quote_rows_and_from_the_csv_agree(tmp_path):
    article = Article("a1", 'Kayani said "we stay". Clinton said "act now". He said "maybe".',
                      {"date": "2011-09-22", "outlet": "Dawn"})
    quotes = [Quote(13, 20, "direct", speaker="Ashfaq Parvez Kayani", side="pakistan", stance="resist"),
              Quote(37, 44, "direct", speaker="Hillary Clinton", side="us", stance="none"),
              Quote(56, 61, "direct", speaker="", side="", stance="hedge")]
    rows = quote_rows(article, quotes, meta_columns=("date", "outlet"))
    report = tmp_path / "report.csv"
    with AtomicCSV(report, COLUMNS + ("date", "outlet")) as out:
        out.write(rows)
    with open(report, newline="", encoding="utf-8") as f:
        read_back = list(csv.DictReader(f))
    direct, from_csv = summarise(rows), summarise(read_back)
    assert direct.equals(from_csv)
    assert direct.set_index("speaker").loc["Ashfaq Parvez Kayani", "first_date"] == "2011-09-22"


def test_write_summary_csv(tmp_path):
    path = tmp_path / "out" / "summary.csv"
    frame = write_summary(path, iter(ROWS))
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        records = list(reader)
    assert reader.fieldnames == list(SUMMARY_COLUMNS)
    assert [r["speaker"] for r in records] == list(frame["speaker"])
    expected = expected_counts(ROWS)
    for record in records:
        want = expected[record["speaker"]]
        assert int(record["quotes"]) == want["quotes"]
        for s in STANCES:
            assert int(record[s]) == want[s]
            assert float(record[f"{s}_share"]) == pytest.approx(want[f"{s}_share"], abs=5e-4)
    assert [p.name for p in path.parent.iterdir()] == ["summary.csv"]


@pytest.mark.parametrize("raw, expected", [(False, "'=HYPERLINK(\"http://x\")"), (True, "=HYPERLINK(\"http://x\")")])
def test_write_summary_neutralises_formulas_unless_raw(tmp_path, raw, expected):
    path = tmp_path / "summary.csv"
    write_summary(path, [row('=HYPERLINK("http://x")', "resist")], raw=raw)
    with open(path, newline="", encoding="utf-8") as f:
        assert next(csv.DictReader(f))["speaker"] == expected


def test_interrupted_summary_leaves_the_old_file(tmp_path):
    path = tmp_path / "summary.csv"
    path.write_text("old\n", encoding="utf-8")

    def rows():
        yield row("A", "resist")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        write_summary(path, rows())
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]


def test_counter_totals_match_per_stance_totals():
    frame = summarise(ROWS)
    totals = Counter(r["stance"] for r in ROWS)
    assert {s: int(frame[s].sum()) for s in STANCES} == {s: totals[s] for s in STANCES}
