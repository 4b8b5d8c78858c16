"""Load and validate the editable data files: cue list, speaker gazetteer, stance lexicon."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

from .errors import ResourceError, where
from .types import SIDES, STANCES

CONTENT_KINDS = frozenset({"clause", "inf", "np", "against", "of", "as", "for", "on", "about", "to"})
# Titles and honorifics dropped before a name is looked up in the gazetteer.
TITLE_WORDS = frozenset("""
mr mrs ms miss dr gen general lt lieutenant col colonel maj major adm admiral brig brigadier
capt captain president prime minister pm senator sen secretary chief army chairman
ambassador foreign interior defence defense state spokesman spokeswoman spokesperson
director vice rep representative special envoy mian syed sir commander gov governor
maulana mullah hazrat justice dg coas u.s. us pakistani pakistan's american afghan
""".split())


@dataclass(frozen=True)
class Cue:
    """A communication cue: its words (lemmas) and the kinds of content it governs."""

    lemmas: tuple[str, ...]
    kinds: frozenset[str]


@dataclass(frozen=True)
class Source:
    """A gazetteer entry: one canonical source with its side, role and aliases."""

    name: str
    side: str
    role: str
    aliases: tuple[str, ...]
    gender: str = ""  # "m" or "f" for a listed person, else "": lets he/she skip the other one


@dataclass(frozen=True)
class StanceRule:
    """A stance lexicon rule: a token pattern and the label it gives, plain and negated."""

    name: str
    label: str | None
    negated_label: str | None
    pattern: tuple[tuple[frozenset[str], bool], ...]  # (alternatives, optional)


@dataclass
class Gazetteer:
    """Canonical sources indexed by every normalised alias."""

    sources: list[Source]
    by_key: dict[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for source in self.sources:
            for alias in (source.name, *source.aliases):
                self.by_key.setdefault(normalise_name(alias), source)
                self.by_key.setdefault(normalise_name(strip_titles(alias)), source)

    def lookup(self, name: str) -> Source | None:
        """Return the source a name or alias refers to, with or without titles and a leading
        `the` (`The White House`, `the Ministry of Foreign Affairs`)."""
        bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
        for text in (name, bare):
            for key in (normalise_name(text), normalise_name(strip_titles(text))):
                if key in self.by_key:
                    return self.by_key[key]
                # `Tom R. Walbrook` for `Tom Walbrook`: a middle initial the list may not have
                words = key.split()
                shorter = " ".join([words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]) if len(words) > 2 else key
                if shorter != key and shorter in self.by_key:
                    return self.by_key[shorter]
        return None


def normalise_name(name: str) -> str:
    """Lower case, no full stops, single spaces: how section 5 compares names."""
    name = name.replace("’", "'").replace(".", "").lower()
    return re.sub(r"\s+", " ", name).strip()


def strip_titles(name: str) -> str:
    """Drop leading titles (`Gen.`, `President`, `Mr`) and a possessive ending."""
    words = name.replace("’", "'").split()
    while len(words) > 1 and words[0].lower().strip(".,") in TITLE_WORDS:
        words.pop(0)
    text = " ".join(words)
    return re.sub(r"'s?$", "", text)


def _data_lines(path: Path | str, text: str):
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.rstrip("\r\n")


def _read(path: Path | str | None, default: str) -> tuple[str, str]:
    if path is None:
        ref = importlib_resources.files("stance") / "resources" / default
        return str(ref), ref.read_text(encoding="utf-8")
    try:
        return str(path), Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ResourceError(f"{path}: cannot read the resource file ({e}); check the path "
                            "and that it is UTF-8 text") from e


def parse_cues(text: str, *, source: str = "cues.tsv") -> list[Cue]:
    """Parse the cue list; each bad line raises ResourceError naming file and line."""
    cues = []
    for number, line in _data_lines(source, text):
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0].strip():
            raise ResourceError(f"{where(source, number)}: expected 'cue<TAB>kinds', got {line!r}")
        kinds = frozenset(k.strip() for k in fields[1].split(",") if k.strip())
        unknown = kinds - CONTENT_KINDS
        if not kinds or unknown:
            raise ResourceError(f"{where(source, number)}: unknown content kind(s) "
                                f"{sorted(unknown) or '(none given)'}; use {sorted(CONTENT_KINDS)}")
        cues.append(Cue(tuple(fields[0].lower().split()), kinds))
    return cues


def parse_gazetteer(text: str, *, source: str = "gazetteer.tsv") -> Gazetteer:
    """Parse the gazetteer; each bad line raises ResourceError naming file and line."""
    sources = []
    seen: dict[str, int] = {}
    for number, line in _data_lines(source, text):
        fields = line.split("\t")
        if len(fields) not in (4, 5) or not fields[0].strip():
            raise ResourceError(f"{where(source, number)}: expected 4 tab-separated fields "
                                f"(name, side, role, aliases) and an optional fifth (gender), got {len(fields)}")
        name, side, role, aliases, gender = (f.strip() for f in [*fields, ""][:5])
        if gender not in ("", "-", "m", "f"):
            raise ResourceError(f"{where(source, number)}: gender {gender!r} is not one of m, f, - or empty")
        if side not in SIDES:
            raise ResourceError(f"{where(source, number)}: side {side!r} is not one of {list(SIDES)}")
        key = normalise_name(name)
        if key in seen:
            raise ResourceError(f"{where(source, number)}: {name!r} is already defined on line {seen[key]}")
        seen[key] = number
        sources.append(Source(name, side, role, tuple(a.strip() for a in aliases.split(";") if a.strip()),
                              gender.strip("-")))
    return Gazetteer(sources)


def parse_lexicon(text: str, *, source: str = "stance_lexicon.tsv") -> list[StanceRule]:
    """Parse the stance lexicon; each bad line raises ResourceError naming file and line."""
    rules = []
    names: set[str] = set()
    for number, line in _data_lines(source, text):
        fields = line.split("\t")
        if len(fields) != 4:
            raise ResourceError(f"{where(source, number)}: expected 4 tab-separated fields "
                                "(name, label, negated label, pattern)")
        name, label, negated, pattern = (f.strip() for f in fields)
        for value in (label, negated):
            if value != "-" and value not in STANCES:
                raise ResourceError(f"{where(source, number)}: label {value!r} is not one of "
                                    f"{list(STANCES)} or '-'")
        if name in names:
            raise ResourceError(f"{where(source, number)}: rule name {name!r} is used twice")
        names.add(name)
        steps = []
        for word in pattern.lower().split():
            optional = word.startswith("?")
            word = word.lstrip("?")
            if not word:
                raise ResourceError(f"{where(source, number)}: empty word in pattern {pattern!r}")
            steps.append((frozenset(word.split("|")), optional))
        if not steps or all(opt for _, opt in steps):
            raise ResourceError(f"{where(source, number)}: the pattern needs a required word")
        rules.append(StanceRule(name, None if label == "-" else label,
                                None if negated == "-" else negated, tuple(steps)))
    return rules


@lru_cache(maxsize=None)
def load_cues(path: str | None = None) -> list[Cue]:
    """The cue list: the packaged one, or an analyst's file."""
    source, text = _read(path, "cues.tsv")
    return parse_cues(text, source=source)


@lru_cache(maxsize=None)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """The speaker gazetteer: the packaged one, or an analyst's file."""
    source, text = _read(path, "gazetteer.tsv")
    return parse_gazetteer(text, source=source)


@lru_cache(maxsize=None)
def load_lexicon(path: str | None = None) -> list[StanceRule]:
    """The stance lexicon: the packaged one, or an analyst's file."""
    source, text = _read(path, "stance_lexicon.tsv")
    return parse_lexicon(text, source=source)
