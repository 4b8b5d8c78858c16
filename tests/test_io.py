"""Reading inputs: kinds, encodings, broken files and lines, duplicates."""
from __future__ import annotations

import codecs

import pytest

from stance.io import MAX_ARTICLE_BYTES, html_to_text, metadata_columns, read_articles
from stance.types import Article, Skipped


def read(*paths):
    return list(read_articles([str(p) for p in paths]))


def test_txt_folder_jsonl_csv(tmp_path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "b.txt").write_text("Beta said so.", encoding="utf-8")
    (tmp_path / "dir" / "a.txt").write_text("Alpha said so.", encoding="utf-8")
    (tmp_path / "x.jsonl").write_text('{"id": "j1", "text": "Jay said so.", "url": "http://x"}\n', encoding="utf-8")
    (tmp_path / "x.csv").write_text('id,text,outlet\nc1,"Cee said, ""so"".",Dawn\n', encoding="utf-8")
    items = read(tmp_path / "dir", tmp_path / "x.jsonl", tmp_path / "x.csv")
    assert [(i.id, i.text) for i in items] == [("a", "Alpha said so."), ("b", "Beta said so."),
                                              ("j1", "Jay said so."), ("c1", 'Cee said, "so".')]
    assert items[2].meta == {"url": "http://x"} and items[3].meta == {"outlet": "Dawn"}
    assert metadata_columns([str(tmp_path / "x.jsonl"), str(tmp_path / "x.csv")]) == ("url", "outlet")


@pytest.mark.parametrize("data, text", [
    (codecs.BOM_UTF8 + "Kayani said “no”.".encode("utf-8"), "Kayani said “no”."),
    (codecs.BOM_UTF16_LE + "Kayani said “no”.".encode("utf-16-le"), "Kayani said “no”."),
    ("Kayani said \u201cno\u201d.\r\nNext line.".encode("utf-8"), "Kayani said \u201cno\u201d.\r\nNext line."),
    ("Caf\u00e9 owners said \u201cno\u201d.".encode("cp1252"), "Caf\u00e9 owners said \u201cno\u201d."),
])
def test_encodings(tmp_path, data, text):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (article,) = read(path)
    assert isinstance(article, Article) and article.text == text


def test_latin1_warning_names_the_file(tmp_path, caplog):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 said so.".encode("cp1252"))
    read(path)
    assert "latin.txt" in caplog.text and "Windows-1252" in caplog.text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t  \n", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
])
def test_unusable_files_are_skipped_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    (item,) = read(path)
    assert isinstance(item, Skipped) and reason in item.error and item.article_id == "bad"


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * (MAX_ARTICLE_BYTES // 5 + 10), encoding="utf-8")
    (item,) = read(path)
    assert isinstance(item, Skipped) and "limit" in item.error


def test_malformed_jsonl_lines_are_skipped_and_the_rest_read(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "1", "text": "one"}\n{broken\n{"text": "no id"}\n{"id": "4", "text": 5}\n'
                    '{"id": "5", "text": "five"}\n', encoding="utf-8")
    items = read(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["1", "5"]
    assert [i.line for i in items if isinstance(i, Skipped)] == [2, 3, 4]
    assert all(f"x.jsonl:{i.line}" in i.error for i in items if isinstance(i, Skipped))


def test_malformed_csv_rows(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('id,text\n1,fine\n2,too,many,fields\n3,also fine\n', encoding="utf-8")
    items = read(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["1", "3"]
    (bad,) = [i for i in items if isinstance(i, Skipped)]
    assert bad.line == 3 and "x.csv:3" in bad.error


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    (item,) = read(path)
    assert isinstance(item, Skipped) and "'text'" in item.error


def test_duplicate_ids_are_kept_apart(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "1", "text": "one"}\n{"id": "1", "text": "again"}\n', encoding="utf-8")
    assert [i.id for i in read(path)] == ["1", "1~2"]


def test_missing_input_and_unknown_kind(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    items = read(tmp_path / "nope.txt", tmp_path / "x.pdf")
    assert all(isinstance(i, Skipped) for i in items)
    assert "no such file" in items[0].error and "unknown input kind" in items[1].error


def test_html_page_is_reduced_to_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<!DOCTYPE html><html><head><script>var x=1;</script><title>T</title></head>"
                    "<body><p>Kayani said &ldquo;no&rdquo;.</p><p>Second</p></body></html>", encoding="utf-8")
    (article,) = read(path)
    assert "var x" not in article.text and "Kayani said “no”." in article.text.splitlines()


def test_html_to_text_drops_scripts():
    assert html_to_text("<html><body><script>alert(1)</script><p>a</p></body></html>") == "a"


def test_unreadable_file_in_a_folder(tmp_path):
    import os

    (tmp_path / "ok.txt").write_text("Fine said so.", encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user that can read any file")
        items = read(tmp_path)
    finally:
        locked.chmod(0o644)
    assert {type(i).__name__ for i in items} == {"Article", "Skipped"}
