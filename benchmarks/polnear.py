"""Read PolNeAR (brat standoff) attributions and the quoted spans inside their contents.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) keeps one `text/NAME.txt` per article and
one `attributions/NAME_ANNOTATOR.ann` per annotator. In an .ann file, `T` lines are text
bounds (`T3<TAB>Content 115 290;300 310<TAB>text`: a label, then one or more `start end`
fragments joined by `;`), and `E` lines tie one attribution's parts together
(`E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`; `Attribution-no-source` has no
Source; a few have a second content as `Content2`). `Discard` and `Discuss` bounds are
annotator notes, not attributions. Offsets are Python string indices into the .txt file.

Nothing here copies corpus text anywhere: it is read from the directory given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'
MARKS = OPENING + CLOSING + STRAIGHT

# Sources that are pronouns (relative ones included): PolNeAR has no coreference, so their
# antecedent is unknown. "us" only in lower case, so that "US" stays a country.
PRONOUNS = frozenset("""i me my mine we our ours you your he him his she her hers they them
their theirs it its who whom whose which that this these those himself herself themselves
itself one""".split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Attribution:
    """One PolNeAR attribution: its source (if any), cue and content fragments."""

    id: str
    source: tuple[tuple[int, int], ...]
    source_text: str
    cue_text: str
    content: tuple[tuple[int, int], ...]

    @property
    def source_is_pronoun(self) -> bool:
        return bool(self.source) and is_pronoun(self.source_text)


@dataclass
class QuotedSpan:
    """A span in quotation marks inside one or more attributions' contents (offsets without the marks)."""

    start: int
    end: int
    # whole: the marks enclose all the content's words (a direct quote in ANNOTATION.md's
    # terms); fragment: the content has other words too (a mixed quote's fragment).
    whole: bool
    attributions: list[Attribution] = field(default_factory=list)


@dataclass
class PolnearText:
    """One article with the attributions of the annotator file chosen for it."""

    name: str
    text: str
    ann_path: Path
    annotator_files: int
    attributions: list[Attribution]


def is_pronoun(text: str) -> bool:
    """Tell whether a source text is a bare pronoun (`he`, `They`, `who`; not `US`)."""
    text = text.strip()
    return text == "us" or text.lower() in PRONOUNS


def words(text: str) -> list[str]:
    """Lower-case words of a text, possessive endings dropped (`Trump’s` -> `trump`), one
    apostrophe for both (`O’Donnell` and `O'Donnell` are one name)."""
    found = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    return [re.sub(r"'s$", "", w) for w in found]


def _fragments(spec: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    label, _, offsets = spec.partition(" ")
    pairs = []
    for part in offsets.split(";"):
        start, end = part.split()
        pairs.append((int(start), int(end)))
    return label, tuple(pairs)


SPEECH_VERBS = frozenset("said says say told tells wrote writes added adds asked asks stated states".split())


def _swapped(text: str, source: tuple[tuple[int, int], ...], cue: tuple[tuple[int, int], ...]) -> bool:
    """An annotation that gives the verb as the Source and the speaker as the Cue (`"...," said
    NAME` with the two labels the wrong way round, some dozen times in the training split)."""
    def first(spans: tuple[tuple[int, int], ...]) -> str:
        return (text[spans[0][0]:spans[0][1]].split() or [""])[0].lower() if spans else ""

    return first(source) in SPEECH_VERBS and bool(cue) and first(cue) not in SPEECH_VERBS


def parse_ann(path: Path, text: str) -> list[Attribution]:
    """The attributions of one .ann file, checked against the text."""
    bounds: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if not re.match(r"[TE]\d+\t", line):
            continue  # the rest of a bound's text that runs over a line break
        if line.startswith("T"):
            label, spans = _fragments(fields[1])
            if any(not 0 <= s <= e <= len(text) for s, e in spans):
                raise ValueError(f"{path}:{number}: offsets outside the text")
            bounds[fields[0]] = (label, spans)
        else:
            roles: dict[str, list[str]] = {}
            for arg in fields[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append((fields[0], roles))
    attributions = []
    for event_id, roles in events:
        source = tuple(s for ref in roles.get("Source", []) if ref in bounds for s in bounds[ref][1])
        content = tuple(s for ref in roles.get("Content", []) if ref in bounds for s in bounds[ref][1])
        cue = tuple(s for ref in roles.get("Cue", []) if ref in bounds for s in bounds[ref][1])
        if not content:
            continue
        if _swapped(text, source, cue):
            source, cue = cue, source
        attributions.append(Attribution(
            id=event_id, source=source, source_text=" ".join(text[s:e] for s, e in source),
            cue_text=" ".join(text[s:e] for s, e in cue), content=content))
    return attributions


def read_polnear(directory: str | Path, *, limit: int | None = None) -> list[PolnearText]:
    """Texts of a PolNeAR split with one annotator's attributions each: the first .ann in sorted order."""
    directory = Path(directory)
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{directory}: expected text/ and attributions/ folders")
    by_text: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        by_text.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    texts = []
    for path in sorted(text_dir.glob("*.txt")):
        anns = by_text.get(path.stem)
        if not anns:
            continue
        # newline="" keeps offsets exact if a file ever has \r\n.
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        texts.append(PolnearText(path.stem, text, anns[0], len(anns), parse_ann(anns[0], text)))
        if limit is not None and len(texts) >= limit:
            break
    return texts


def _paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a fragment at line breaks: no quote runs past a paragraph (ANNOTATION.md section 1)."""
    pieces, piece_start = [], start
    for i in range(start, end):
        if text[i] == "\n":
            if i > piece_start:
                pieces.append((piece_start, i))
            piece_start = i + 1
    if end > piece_start:
        pieces.append((piece_start, end))
    return pieces


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a quotation mark right outside a fragment (some contents stop at the mark)."""
    if start > 0 and text[start - 1] in MARKS:
        start -= 1
    if end < len(text) and text[end] in MARKS:
        end += 1
    return start, end


def quoted_spans_in(text: str, start: int, end: int, *, continued: bool) -> list[tuple[int, int]]:
    """Spans strictly between paired double quotation marks in text[start:end].

    “ opens and ” closes; a straight " closes an open " and otherwise opens one. A mark left
    open at the end of a paragraph counts to the paragraph's end when the next paragraph of
    the content opens a quote again (`continued`, the convention for multi-paragraph quotes).
    Only outermost spans are kept.
    """
    spans: list[tuple[int, int]] = []
    open_marks: list[tuple[int, str]] = []
    for i in range(start, end):
        char = text[i]
        if char == OPENING:
            open_marks.append((i, char))
        elif char in (CLOSING, STRAIGHT):
            wanted = OPENING if char == CLOSING else STRAIGHT
            index = next((k for k in range(len(open_marks) - 1, -1, -1) if open_marks[k][1] == wanted), None)
            if index is None and char == CLOSING and open_marks:
                index = len(open_marks) - 1  # “...\" or \"...” : mismatched marks still pair
            if index is None:
                open_marks.append((i, char))
                continue
            spans.append((open_marks[index][0] + 1, i))
            del open_marks[index:]
    if continued and open_marks:
        spans.append((open_marks[0][0] + 1, end))
    spans = [(s, e) for s, e in spans if any(c.isalnum() for c in text[s:e])]
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def quoted_spans(doc: PolnearText) -> list[QuotedSpan]:
    """Every quoted span inside an attribution's content, one per span with all its attributions."""
    text = doc.text
    found: dict[tuple[int, int], QuotedSpan] = {}
    for attribution in doc.attributions:
        pieces = [p for s, e in attribution.content for p in _paragraph_pieces(text, *_widen(text, s, e))]
        spans = []
        for k, (s, e) in enumerate(pieces):
            following = pieces[k + 1] if k + 1 < len(pieces) else None
            continued = following is not None and text[following[0]:following[1]].lstrip()[:1] in (OPENING, STRAIGHT)
            spans += quoted_spans_in(text, s, e, continued=continued)
        if not spans:
            continue
        inside = {i for s, e in spans for i in range(s, e)}
        whole = not any(text[i].isalnum() for s, e in attribution.content for i in range(s, e) if i not in inside)
        for s, e in spans:
            item = found.setdefault((s, e), QuotedSpan(s, e, whole))
            item.whole = item.whole or whole
            item.attributions.append(attribution)
    return sorted(found.values(), key=lambda q: (q.start, q.end))
