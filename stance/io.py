"""Read articles from .txt files, folders, .jsonl, .csv or stdin, never losing the batch.

Each input yields `Article` records, or `Skipped` records that say which article or line
could not be read and why, so that one bad file never stops the others.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from .types import METADATA_COLUMNS, Article, Skipped

log = logging.getLogger(__name__)

# Articles above this size are skipped with a message rather than parsed (spaCy's own
# default limit is 1,000,000 characters; news articles are a few thousand).
MAX_ARTICLE_BYTES = 1_000_000
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
csv.field_size_limit(MAX_ARTICLE_BYTES * 4)


SURROGATES = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Replace lone surrogates (from JSON escapes or undecodable file names) with U+FFFD,
    one for one, so that offsets into the text stay valid and the text can be written."""
    return SURROGATES.sub("\ufffd", text)


def decode(data: bytes, *, source: str) -> str:
    """Decode article bytes: BOMs, UTF-8, then Windows-1252 with a warning naming the file.

    Raises ValueError with a message for binary data.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise ValueError(f"starts with a {encoding} byte-order mark but does not decode "
                                 f"as {encoding} ({e.reason} at byte {e.start}); re-save it as UTF-8") from e
    if b"\x00" in data:
        raise ValueError("looks binary (it contains NUL bytes); give a text, JSONL or CSV file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t\f")) > max(8, len(text) // 100):
        raise ValueError("looks binary (not UTF-8 and full of control bytes); give a text file")
    log.warning("%s: not valid UTF-8, decoded as Windows-1252 (Latin-1); check the accents", source)
    return text


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, one paragraph a block element."""

    BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr section article header footer blockquote figcaption title".split())
    HIDDEN = frozenset("script style noscript template svg head".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


HTML_START = re.compile(r"\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True for a page that starts like an HTML document."""
    return bool(HTML_START.match(text[:1000]))


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, paragraphs on their own lines."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as e:  # html.parser gives up on some broken markup
        raise ValueError(f"is an HTML page that cannot be parsed ({e}); save its text as .txt") from e
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def check_text(text: str) -> str | None:
    """Why a decoded article cannot be labelled, or None when it can."""
    if not text.strip():
        return "is empty (no text to label)"
    if "\x00" in text:
        return "contains NUL characters; give plain text"
    return None


def _article_from_text(article_id: str, text: str, *, source: str, line: int | None,
                       meta: dict[str, str], html: bool = False) -> Article | Skipped:
    article_id, source = clean(article_id), clean(source)
    meta = {k: clean(v) for k, v in meta.items()}
    if SURROGATES.search(text):
        log.warning("%s: article %r has invalid characters (lone surrogates), replaced with U+FFFD",
                    source, article_id)
        text = clean(text)
    if html or looks_like_html(text):
        log.warning("%s: HTML page, labelling its visible text", source)
        try:
            text = html_to_text(text)
        except ValueError as e:
            return Skipped(article_id, source, line, f"article {article_id!r} {e}")
    problem = check_text(text)
    if problem:
        return Skipped(article_id, source, line, f"article {article_id!r} {problem}")
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_ARTICLE_BYTES:
        return Skipped(article_id, source, line, f"article {article_id!r} is larger than the "
                       f"{MAX_ARTICLE_BYTES:,}-byte limit; split it or label it separately")
    return Article(article_id, text, meta, source, line)


def read_text_file(path: Path) -> Iterator[Article | Skipped]:
    """One article from a .txt (or .html) file; its id is the file name without suffix."""
    source, article_id = clean(str(path)), clean(path.stem)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES * 4:
            yield Skipped(article_id, source, None, f"{size:,} bytes is over the size limit "
                          f"({MAX_ARTICLE_BYTES:,} bytes of text); split the file")
            return
        data = path.read_bytes()
        text = decode(data, source=source)
    except OSError as e:
        yield Skipped(article_id, source, None, f"cannot read the file ({e.strerror or e}); check its permissions")
        return
    except ValueError as e:
        yield Skipped(article_id, source, None, f"{source} {e}")
        return
    yield _article_from_text(article_id, text, source=source, line=None, meta={},
                             html=path.suffix.lower() in (".html", ".htm"))


def _record_meta(record: dict) -> dict[str, str]:
    return {key: str(record[key]) for key in METADATA_COLUMNS if record.get(key) not in (None, "")}


def _record_to_article(record, *, source: str, line: int) -> Article | Skipped:
    if not isinstance(record, dict):
        return Skipped("", source, line, f"{source}:{line}: expected an object with 'id' and 'text'")
    article_id = record.get("id")
    text = record.get("text")
    if article_id in (None, "") or not isinstance(article_id, (str, int)):
        return Skipped("", source, line, f"{source}:{line}: missing 'id'; every article needs one")
    article_id = str(article_id)
    if not isinstance(text, str):
        return Skipped(article_id, source, line, f"{source}:{line}: article {article_id!r} has no 'text' string")
    return _article_from_text(article_id, text, source=source, line=line, meta=_record_meta(record))


def read_jsonl(lines: Iterable[str], *, source: str) -> Iterator[Article | Skipped]:
    """Articles from JSONL lines; a malformed line is skipped with its number."""
    found = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        found = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield Skipped("", source, number, f"{source}:{number}: not valid JSON ({e.msg} at column {e.colno})")
            continue
        except (ValueError, RecursionError) as e:  # huge numbers, deep nesting
            yield Skipped("", source, number, f"{source}:{number}: JSON that cannot be read ({type(e).__name__}: "
                          f"{str(e)[:80]})")
            continue
        yield _record_to_article(record, source=source, line=number)
    if not found:
        yield Skipped("", source, None, f"{source}: no articles in the file")


def read_csv(handle: io.TextIOBase, *, source: str) -> Iterator[Article | Skipped]:
    """Articles from a CSV with `id` and `text` columns; a bad row is skipped with its line."""
    reader = csv.DictReader(handle)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as e:
        yield Skipped("", source, 1, f"{source}:1: malformed CSV header ({e})")
        return
    if not fieldnames or "id" not in fieldnames or "text" not in fieldnames:
        yield Skipped("", source, 1, f"{source}:1: the header must name 'id' and 'text' columns "
                      f"(found {fieldnames})")
        return
    found = False
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            if not found:
                yield Skipped("", source, None, f"{source}: no articles in the file")
            return
        except csv.Error as e:
            yield Skipped("", source, line, f"{source}:{line}: malformed CSV ({e})")
            return
        if None in row:  # more fields than the header
            yield Skipped(str(row.get("id") or ""), source, line,
                          f"{source}:{line}: more fields than the header has; quote the text column")
            continue
        found = True
        yield _record_to_article(row, source=source, line=line)


def _open_text(path: Path) -> str:
    data = path.read_bytes()
    return decode(data, source=str(path))


def read_path(path: Path) -> Iterator[Article | Skipped]:
    """Articles from one input path: a file of a known kind or a folder of .txt files."""
    source = str(path)
    if path.is_dir():
        try:
            children = sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
        except OSError as e:
            yield Skipped("", source, None, f"cannot list the folder ({e.strerror or e})")
            return
        if not children:
            yield Skipped("", source, None, f"the folder has no {'/'.join(ARTICLE_SUFFIXES)} files")
        for child in children:
            yield from read_text_file(child)
        return
    suffix = path.suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        yield from read_text_file(path)
        return
    if suffix not in (".jsonl", ".csv"):
        yield Skipped("", source, None, f"unknown input kind {suffix or '(no suffix)'}; "
                      "give .txt, .jsonl, .csv or a folder")
        return
    try:
        text = _open_text(path)
    except OSError as e:
        yield Skipped("", source, None, f"cannot read the file ({e.strerror or e}); check its permissions")
        return
    except ValueError as e:
        yield Skipped("", source, None, f"{source} {e}")
        return
    if suffix == ".jsonl":
        yield from read_jsonl(text.splitlines(), source=source)
    else:
        yield from read_csv(io.StringIO(text, newline=""), source=source)


def read_stdin() -> Iterator[Article | Skipped]:
    """Articles from JSONL on standard input."""
    yield from read_jsonl(sys.stdin, source="<stdin>")


def read_articles(inputs: Iterable[str]) -> Iterator[Article | Skipped]:
    """All articles of all inputs, in order; duplicate ids are kept apart as `ID~2`, `ID~3`."""
    assigned: set[str] = set()
    for name in inputs:
        records = read_stdin() if name == "-" else read_path(Path(name))
        if name != "-" and not Path(name).exists():
            yield Skipped("", clean(name), None, "no such file or folder")
            continue
        for record in records:
            if isinstance(record, Article):
                if record.id in assigned:
                    n = 2
                    while f"{record.id}~{n}" in assigned:
                        n += 1
                    new_id = f"{record.id}~{n}"
                    log.warning("%s: duplicate article id %r, labelled as %r", record.source, record.id, new_id)
                    record = Article(new_id, record.text, record.meta, record.source, record.line)
                assigned.add(record.id)
            yield record


def metadata_columns(inputs: Iterable[str], *, peek: int = 1000) -> tuple[str, ...]:
    """The metadata columns (url, date, outlet) the inputs carry: CSV headers, the first JSONL lines."""
    found: set[str] = set()
    for name in inputs:
        path = Path(name)
        if name == "-" or not path.is_file() or path.suffix.lower() not in (".jsonl", ".csv"):
            continue
        try:
            with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
                if path.suffix.lower() == ".csv":
                    try:
                        header = next(csv.reader(handle), [])
                    except csv.Error:
                        continue
                    found |= {c.strip() for c in header} & set(METADATA_COLUMNS)
                else:
                    for _, line in zip(range(peek), handle):
                        try:
                            record = json.loads(line)
                        except (ValueError, RecursionError):
                            continue
                        if isinstance(record, dict):
                            found |= {k for k in METADATA_COLUMNS if record.get(k) not in (None, "")}
        except OSError:
            continue
    return tuple(c for c in METADATA_COLUMNS if c in found)


def count_articles(inputs: Iterable[str], *, max_bytes: int = 200_000_000) -> int | None:
    """How many articles the inputs hold, when that is cheap to know (for the progress bar)."""
    total = 0
    for name in inputs:
        path = Path(name)
        if name == "-":
            return None
        if path.is_dir():
            total += sum(1 for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
        elif path.suffix.lower() in ARTICLE_SUFFIXES:
            total += 1
        elif path.suffix.lower() == ".jsonl" and path.is_file() and path.stat().st_size <= max_bytes:
            with open(path, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            return None
    return total
