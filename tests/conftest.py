"""Shared fixtures: the spaCy pipeline and the labeller are loaded once per session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def needs_shared(path: str) -> Path:
    """The path under ../shared, or skip the test when ../shared is not there."""
    target = SHARED / path
    if not target.exists():
        pytest.skip(f"../shared/{path} is not available")
    return target


@pytest.fixture(scope="session")
def nlp():
    from stance.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def labeller():
    from stance.pipeline import Labeller

    return Labeller.create()


@pytest.fixture(scope="session")
def rules_labeller(nlp):
    from stance.pipeline import Labeller

    return Labeller(nlp=nlp, model=None, use_model=False)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
