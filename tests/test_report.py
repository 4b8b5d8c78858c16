"""Report writing: columns, formula neutralising, atomic replacement."""
from __future__ import annotations

import csv

import pytest

from stance.report import COLUMNS, AtomicCSV, errors_path, neutralise, quote_rows
from stance.types import Article, Quote


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), (12, 12), ("", ""),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_rows_hold_the_quote_text_at_its_offsets():
    article = Article("a1", "He said: we stay.", {"url": "u"})
    rows = quote_rows(article, [Quote(9, 17, "direct", stance="resist")], meta_columns=("url",))
    (row,) = rows
    assert row["quote_text"] == article.text[row["quote_start"]:row["quote_end"]] == "we stay."
    assert list(row)[:len(COLUMNS)] == list(COLUMNS) and row["url"] == "u"


def test_csv_cells_are_neutralised_unless_raw(tmp_path):
    for raw, expected in ((False, "'=1+1"), (True, "=1+1")):
        path = tmp_path / f"r{raw}.csv"
        with AtomicCSV(path, ("a",), raw=raw) as out:
            out.write([{"a": "=1+1"}])
        with open(path, newline="", encoding="utf-8") as f:
            assert next(csv.DictReader(f))["a"] == expected


def test_interrupted_write_leaves_the_old_report(tmp_path):
    path = tmp_path / "report.csv"
    path.write_text("a\nold\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with AtomicCSV(path, ("a",)) as out:
            out.write([{"a": "new"}])
            raise RuntimeError("killed")
    assert path.read_text(encoding="utf-8") == "a\nold\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_errors_path():
    assert errors_path("out/report.csv").as_posix() == "out/report.errors.csv"


def test_reports_get_normal_file_permissions(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        with AtomicCSV(tmp_path / "r.csv", ("a",)) as out:
            out.write([{"a": "x"}])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.csv").stat().st_mode) == 0o644
