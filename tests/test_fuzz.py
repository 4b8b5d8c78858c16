"""Random and hostile bytes as input files: reading never raises, a batch never stops.

`read_articles` must turn every file into `Article` or `Skipped` records, and
`label_to_report` must label the good articles of a batch and list every skipped input in
the errors file, whatever else the batch holds (README, "Inputs that are skipped or changed").
The tests marked REGRESSION hold the smallest inputs that broke this; see their docstrings.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stance.batch import label_to_report
from stance.io import MAX_ARTICLE_BYTES, check_text, metadata_columns, read_articles
from stance.report import COLUMNS, errors_path, neutralise
from stance.types import Article, Skipped

SUFFIXES = (".txt", ".jsonl", ".csv", ".html")
FOLDER_SUFFIXES = (".txt", ".html")  # what a folder input reads
GOOD_TEXT = ("Gen. Ashfaq Parvez Kayani said “we will not act against the Haqqani network in "
             "North Waziristan”.\n“It is our own decision,” he told reporters.\n")

READ_SETTINGS = settings(max_examples=150, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
REPORT_SETTINGS = settings(max_examples=20, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                  HealthCheck.data_too_large])

# A fuzzing dictionary: byte-order marks, JSON/CSV/HTML syntax, broken UTF-8, escapes of
# surrogates and NUL, and the classic long runs (a huge number, deep nesting).
DICTIONARY = [
    codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b'{"id": "a", "text": "', b'", "url": "',
    b'", "date": ', b'"}', b"{", b"}", b"[", b"]", b'"', b'""', b",", b":", b"\n", b"\r\n", b"\r",
    b"id,text,url,date,outlet\n", b"id,text\n", b"\x00", b"\xff", b"\x80", b"\x9d", b"\xe2\x80",
    b"\xe2\x80\x9c", b"\xed\xa0\x80", b"\\u", b"\\ud800", b"\\udc00", b"\\u0000", b'\\"', b"\\",
    b"<html>", b"<!doctype html>", b"<![ ", b"<![CDATA[", b"<!--", b"-->", b"<script>", b"</p>",
    b"&#0;", b"&#xD800;", b"&amp", b"Kayani said ", b" he said.", b"=cmd|' /C calc'!A0", b"\t", b" ",
    b"null", b"true", b"1e999", b"-0", b"9" * 4301, b"[" * 1000,
]
dictionary_bytes = st.lists(st.one_of(st.sampled_from(DICTIONARY), st.binary(max_size=16)),
                            max_size=12).map(b"".join)

# Arbitrary JSON records, with every kind of string (lone surrogates included: JSON escapes them).
any_string = st.text(st.characters(), max_size=40)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | any_string,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_string, inner, max_size=3),
                           max_leaves=8)
# Ids drawn from a few values clash often, as duplicates and renamed duplicates (`a~2`) do.
ids = st.one_of(st.sampled_from(["a", "a~2", "a~3", "1", 1, "", "=1"]), any_string, st.integers(), json_values)
json_records = st.one_of(
    st.fixed_dictionaries({"id": ids, "text": any_string},
                          optional={"url": any_string, "date": json_values, "outlet": any_string}),
    json_values)
jsonl_bytes = st.lists(json_records, max_size=4).map(
    lambda records: "".join(json.dumps(r) + "\n" for r in records).encode("utf-8"))

# CSV files written by the csv module from arbitrary cells (rows of any length), any header.
utf8_string = st.text(st.characters(codec="utf-8"), max_size=40)
csv_header = st.one_of(st.just(["id", "text", "url", "date", "outlet"]), st.just(["text", "id"]),
                       st.lists(utf8_string, max_size=4))
csv_bytes = st.tuples(csv_header, st.lists(st.lists(st.one_of(st.sampled_from(["a", "a~2", "1", ""]), utf8_string),
                                                    max_size=6), max_size=4)).map(
    lambda table: _csv_text([table[0], *table[1]]).encode("utf-8"))

blobs = st.one_of(st.binary(max_size=2048), dictionary_bytes, jsonl_bytes, csv_bytes)
named_blobs = st.lists(st.tuples(st.sampled_from(SUFFIXES), blobs), min_size=1, max_size=6)

# The smallest inputs found to break reading or labelling (see the REGRESSION tests below).
HUGE_INT_LINE = b"1" * 4301 + b"\n"            # json.loads raises ValueError, not JSONDecodeError
DEEP_LINE = b"[" * 1000 + b"\n"                # json.loads raises RecursionError
HTML_MARKED_SECTION = b"<html><![ "            # html.parser raises AssertionError
SURROGATE_TEXT = b'{"id": "a", "text": "\\ud800"}\n'   # spaCy cannot encode the text
SURROGATE_ID = b'{"id": "\\ud800", "text": " "}\n'     # the errors file cannot encode the id
SURROGATE_URL = b'{"id": "a", "text": "He said \\u201cno, we will not do that\\u201d.", "url": "\\ud800"}\n'  # nor the url
# the second `a` becomes `a~2`, and so does the third article's own id
DUPLICATE_IDS = b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n{"id": "a~2", "text": "z"}\n'


# ---------------------------------------------------------------- checks

def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue()


def write_files(directory: Path, named: list[tuple[str, bytes]], *, prefix: str = "r") -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (suffix, data) in enumerate(named):
        path = directory / f"{prefix}{n}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def read_checked(inputs: list[Path]) -> list[Article | Skipped]:
    """read_articles over `inputs`, checking every record it yields."""
    names = [str(p) for p in inputs]
    items = list(read_articles(names))
    for item in items:
        assert isinstance(item, (Article, Skipped)), item
        source = item.source
        # a record names the input it came from: the file itself, or a file in the folder given
        assert any(source == name or source.startswith(name + os.sep) for name in names), (source, names)
        if isinstance(item, Skipped):
            assert item.error.strip(), item
        else:
            assert check_text(item.text) is None, item
            assert len(item.text.encode("utf-8", errors="surrogatepass")) <= MAX_ARTICLE_BYTES
    ids = [item.id for item in items if isinstance(item, Article)]
    assert len(ids) == len(set(ids)), f"duplicate article ids: {ids}"  # README: kept apart as ID~2
    return items


def read_report(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        header = list(reader.fieldnames or [])
    for row in rows:  # every row has exactly the header's fields
        assert None not in row and None not in row.values(), row
    return header, rows


def is_utf8(*texts: str) -> bool:
    """False when a text holds a lone surrogate, which no UTF-8 file can store as it is."""
    try:
        for text in texts:
            text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_batch(labeller, inputs: list[Path], out: Path, *, good_id: str | None) -> None:
    """Label `inputs` into `out`; check the report, the errors file and the good article.

    Values holding lone surrogates cannot reach a UTF-8 file unchanged, so records with
    such values are checked by count, not by exact value.
    """
    expected = read_checked(inputs)
    summary = label_to_report([str(p) for p in inputs], out, progress=False, labeller=labeller)
    header, rows = read_report(out)
    assert header[:len(COLUMNS)] == list(COLUMNS)
    error_header, error_rows = read_report(errors_path(out))
    assert error_header == ["article_id", "source", "line", "error"]
    listed = {(r["source"], r["line"], r["error"]) for r in error_rows}
    skipped = [item for item in expected if isinstance(item, Skipped)]
    for item in skipped:
        if is_utf8(item.source, item.error, item.article_id):
            key = (neutralise(item.source), "" if item.line is None else str(item.line), neutralise(item.error))
            assert key in listed, (key, error_rows)
    articles = [item for item in expected if isinstance(item, Article)]
    failed = [r for r in error_rows if "internal error" in r["error"]]
    # labelling may only fail on an article that no UTF-8 tool can take (a lone surrogate)
    assert len(failed) <= sum(not is_utf8(a.text) for a in articles), failed
    assert len(error_rows) == len(skipped) + len(failed) == summary.skipped
    assert summary.labelled + summary.skipped == len(expected)
    texts = {neutralise(a.id): a.text for a in articles}
    odd_ids = any(not is_utf8(a.id) for a in articles)
    for row in rows:
        text = texts.get(row["article_id"])
        assert text is not None or odd_ids, row
        if text is not None:
            assert row["quote_text"] == neutralise(text[int(row["quote_start"]):int(row["quote_end"])]), row
    if good_id is not None:
        good = [r for r in rows if r["article_id"] == good_id]
        assert good, rows
        assert any(r["quote_text"] == "we will not act against the Haqqani network in North Waziristan"
                   for r in good), good


# ---------------------------------------------------------------- reading

@READ_SETTINGS
@given(named=named_blobs)
@example(named=[(".jsonl", HUGE_INT_LINE)])
@example(named=[(".jsonl", DEEP_LINE)])
@example(named=[(".html", HTML_MARKED_SECTION)])
@example(named=[(".jsonl", DUPLICATE_IDS)])
def test_reading_random_files_never_raises(named):
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_files(Path(tmp), named)
        read_checked(paths)
        read_checked([Path(tmp)])  # the same files as a folder: its .txt and .html files
        metadata_columns([str(p) for p in paths])


@pytest.mark.parametrize("size", [0, 1, 7, 100, 1023, 4096, 65536])
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_reading_random_bytes_of_every_size(tmp_path, suffix, size):
    # Seeded rather than os.urandom, so that a failure can be replayed.
    data = random.Random(f"{suffix}{size}").randbytes(size)
    (path,) = write_files(tmp_path, [(suffix, data)])
    items = read_checked([path])
    assert items or suffix == ".jsonl"  # an empty JSONL file holds no lines to report
    if size == 0:
        assert all(isinstance(i, Skipped) for i in items)


def test_reading_random_bytes_fresh_from_os_urandom(tmp_path):
    # Fresh bytes on every run; pytest keeps tmp_path, so a failing file stays on disk.
    named = [(suffix, os.urandom(size)) for suffix in SUFFIXES for size in (0, 3, 512, 65536)]
    read_checked(write_files(tmp_path, named))
    read_checked([tmp_path])


# ---------------------------------------------------------------- labelling a batch

@REPORT_SETTINGS
@given(named=named_blobs)
@example(named=[(".jsonl", SURROGATE_TEXT)])
@example(named=[(".jsonl", SURROGATE_ID)])
@example(named=[(".jsonl", SURROGATE_URL)])
@example(named=[(".jsonl", HUGE_INT_LINE), (".jsonl", DEEP_LINE), (".html", HTML_MARKED_SECTION)])
def test_a_batch_with_random_files_labels_the_good_article(labeller, named):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        paths = write_files(folder, named)
        (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
        # the folder reads its .txt/.html files; the .jsonl and .csv files are inputs of their own
        inputs = [folder] + [p for p in paths if p.suffix not in FOLDER_SUFFIXES]
        check_batch(labeller, inputs, Path(tmp) / "out" / "report.csv", good_id="good")


def test_a_batch_of_random_bytes_of_every_size(labeller, tmp_path):
    rng = random.Random(20240611)
    named = [(suffix, rng.randbytes(size)) for suffix in SUFFIXES for size in (0, 1, 64, 4096, 65536)]
    folder = tmp_path / "articles"
    paths = write_files(folder, named)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    inputs = [folder] + [p for p in paths if p.suffix not in FOLDER_SUFFIXES]
    check_batch(labeller, inputs, tmp_path / "report.csv", good_id="good")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                      and b not in (b".", b"..", b"good")),
       empty=st.booleans())
@example(name=b"\xff", empty=False)
@example(name=b"\xff", empty=True)
def test_a_batch_with_any_file_name(labeller, name, empty):
    """Linux file names are bytes; one that is not UTF-8 still must not stop the batch."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
        path = Path(os.fsdecode(os.fsencode(folder) + b"/" + name + b".txt"))
        path.write_text("" if empty else GOOD_TEXT.replace("Kayani", "Kiani"), encoding="utf-8")
        check_batch(labeller, [folder], Path(tmp) / "report.csv", good_id="good")


# ---------------------------------------------------------------- REGRESSION: minimal inputs

def test_regression_jsonl_line_with_a_huge_integer_is_skipped(tmp_path):
    """REGRESSION: a JSONL line holding an integer of 4,301 digits. json.loads raises
    ValueError (Python's int-string limit), which read_jsonl and metadata_columns do not catch."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(HUGE_INT_LINE)
    (item,) = read_checked([path])
    assert isinstance(item, Skipped) and item.line == 1
    assert metadata_columns([str(path)]) == ()


def test_regression_jsonl_line_nested_1000_deep_is_skipped(tmp_path):
    """REGRESSION: a JSONL line of 1,000 `[`. json.loads raises RecursionError, uncaught."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(DEEP_LINE)
    (item,) = read_checked([path])
    assert isinstance(item, Skipped) and item.line == 1
    assert metadata_columns([str(path)]) == ()


def test_regression_duplicate_ids_clash_with_a_renamed_id(tmp_path):
    """REGRESSION: ids `a`, `a`, `a~2`. The second `a` is renamed `a~2`, and the third keeps
    its own `a~2`: two articles share an id, and so do their quote ids in the report."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(DUPLICATE_IDS)
    items = read_checked([path])
    assert [item.text for item in items] == ["x", "y", "z"]


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_regression_html_marked_section_without_a_name(tmp_path, suffix):
    """REGRESSION: the 10-byte page `<html><![ `. html.parser raises AssertionError
    ("expected name token") from html_to_text, and read_articles lets it out."""
    path = tmp_path / f"a{suffix}"
    path.write_bytes(HTML_MARKED_SECTION)
    (item,) = read_checked([path])
    assert isinstance(item, (Article, Skipped))


def test_regression_csv_header_longer_than_the_field_limit(tmp_path):
    """REGRESSION: a .csv whose first line is 4,000,001 characters. csv.Error ("field larger
    than field limit") is raised while reading the header, outside read_csv's try, and by
    metadata_columns."""
    path = tmp_path / "a.csv"
    path.write_bytes(b"a" * 4_000_001 + b"\n")
    (item,) = read_checked([path])
    assert isinstance(item, Skipped)
    assert metadata_columns([str(path)]) == ()


@pytest.mark.parametrize("line", [SURROGATE_TEXT, SURROGATE_ID, SURROGATE_URL],
                         ids=["surrogate-in-text", "surrogate-in-id", "surrogate-in-url"])
def test_regression_lone_surrogate_in_jsonl_does_not_stop_the_batch(labeller, tmp_path, line):
    """REGRESSION: JSON may escape a lone surrogate (`"\\ud800"`). In the text, spaCy's tokenizer
    raises UnicodeEncodeError inside nlp.pipe, outside label_docs' per-article try; in the id or
    url, writing the UTF-8 report or errors file raises. Either way label_to_report raises."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(line)
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    check_batch(labeller, [path, tmp_path / "good.txt"], tmp_path / "out.csv", good_id="good")


@pytest.mark.parametrize("empty", [False, True], ids=["article", "skipped"])
def test_regression_file_name_that_is_not_utf8(labeller, tmp_path, empty):
    """REGRESSION: a file named b"\\xff.txt" in a folder. Its id and source hold the surrogate
    '\\udcff' (Python's surrogateescape), and writing the report or errors file raises."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    Path(os.fsdecode(os.fsencode(folder) + b"/\xff.txt")).write_text("" if empty else GOOD_TEXT, encoding="utf-8")
    check_batch(labeller, [folder], tmp_path / "report.csv", good_id="good")
