"""Read and validate gold annotation files (ANNOTATION.md section 4)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .types import QUOTE_TYPES, SIDES, STANCES

REQUIRED_QUOTE_KEYS = ("start", "end", "type", "speaker", "speaker_spans", "side", "stance")


@dataclass(frozen=True)
class Problem:
    """One problem in a gold file: where it is and what is wrong."""

    source: str
    line: int
    quote: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}"
        if self.quote is not None:
            where += f" quote {self.quote}"
        return f"{where}: {self.message}"


def _check_span(value, text_len: int, what: str) -> str | None:
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        return f"{what} must be a pair of integers, got {value!r}"
    start, end = value
    if not 0 <= start < end <= text_len:
        return f"{what} [{start}, {end}] is not inside the text (length {text_len})"
    return None


def check_article(record, *, source: str, line: int) -> list[Problem]:
    """Every problem of one gold line."""
    problems = []

    def add(message: str, quote: int | None = None) -> None:
        problems.append(Problem(source, line, quote, message))

    if not isinstance(record, dict):
        add("expected a JSON object with id, text and quotes")
        return problems
    if not isinstance(record.get("id"), str) or not record.get("id"):
        add("missing or empty 'id'")
    text = record.get("text")
    if not isinstance(text, str):
        add("missing 'text' string")
        return problems
    quotes = record.get("quotes")
    if not isinstance(quotes, list):
        add("missing 'quotes' list (use [] for an article without quotes)")
        return problems
    seen = set()
    for n, quote in enumerate(quotes, start=1):
        if not isinstance(quote, dict):
            add("quote is not an object", n)
            continue
        missing = [k for k in REQUIRED_QUOTE_KEYS if k not in quote]
        if missing:
            add(f"missing keys {missing}", n)
            continue
        error = _check_span([quote["start"], quote["end"]], len(text), "span")
        if error:
            add(error, n)
        elif (quote["start"], quote["end"]) in seen:
            add(f"span [{quote['start']}, {quote['end']}] is annotated twice", n)
        else:
            seen.add((quote["start"], quote["end"]))
        if quote["type"] not in QUOTE_TYPES:
            add(f"type {quote['type']!r} is not one of {list(QUOTE_TYPES)}", n)
        if quote["stance"] not in STANCES:
            add(f"stance {quote['stance']!r} is not one of {list(STANCES)}", n)
        if quote["side"] not in SIDES:
            add(f"side {quote['side']!r} is not one of {list(SIDES)}", n)
        if not isinstance(quote["speaker"], str) or not quote["speaker"].strip():
            add("empty speaker", n)
        if not isinstance(quote["speaker_spans"], list):
            add("speaker_spans must be a list of [start, end] pairs", n)
        else:
            for span in quote["speaker_spans"]:
                error = _check_span(span, len(text), "speaker span")
                if error:
                    add(error, n)
        cue = quote.get("cue")
        if cue is not None and not isinstance(cue, str):
            add(f"cue must be a string or null, got {cue!r}", n)
        via = quote.get("via")
        if via is not None and not isinstance(via, str):
            add(f"via must be a string or null, got {via!r}", n)
    return problems


def validate_file(path: str | Path) -> list[Problem]:
    """All problems of a gold JSONL file (an unreadable file is one problem)."""
    source = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        return [Problem(source, 0, None, f"cannot read the file ({e})")]
    problems = []
    ids: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(Problem(source, number, None, f"not valid JSON ({e.msg} at column {e.colno})"))
            continue
        problems.extend(check_article(record, source=source, line=number))
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            if record["id"] in ids:
                problems.append(Problem(source, number, None, f"id {record['id']!r} already used on line {ids[record['id']]}"))
            ids.setdefault(record["id"], number)
    return problems


def read_gold(paths: list[str | Path]) -> list[dict]:
    """Gold articles of one or more files; raises InputError listing the problems."""
    articles = []
    for path in paths:
        problems = validate_file(path)
        if problems:
            shown = "\n  ".join(str(p) for p in problems[:10])
            more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
            raise InputError(f"{path}: the gold file has problems; run `stance validate {path}`:\n  {shown}{more}",
                             source=str(path))
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                articles.append(json.loads(line))
    return articles
