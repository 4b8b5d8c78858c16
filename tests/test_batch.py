"""Batch labelling: streaming order, --jobs, --dask, --resume after an interruption."""
from __future__ import annotations

import json

import pytest

from conftest import DATA, read_jsonl
from stance.batch import label_to_report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Twelve articles from the project's test set, written as JSONL."""
    path = tmp_path_factory.mktemp("corpus") / "in.jsonl"
    gold = read_jsonl(DATA / "test.jsonl")[:12]
    path.write_text("".join(json.dumps({"id": g["id"], "text": g["text"]}) + "\n" for g in gold), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sequential(corpus, labeller, tmp_path_factory):
    out = tmp_path_factory.mktemp("seq") / "r.csv"
    summary = label_to_report([str(corpus)], out, labeller=labeller, progress=False, batch_size=4)
    assert summary.labelled == 12 and summary.skipped == 0
    return out.read_text(encoding="utf-8")


def test_report_rows_are_in_input_order(sequential, corpus):
    import csv
    import io

    ids = [json.loads(line)["id"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    seen = []
    for row in csv.DictReader(io.StringIO(sequential)):
        if not seen or seen[-1] != row["article_id"]:
            seen.append(row["article_id"])
    assert seen == [i for i in ids if i in seen]


def test_two_processes_give_the_same_report(corpus, sequential, tmp_path):
    out = tmp_path / "r.csv"
    label_to_report([str(corpus)], out, jobs=2, batch_size=4, progress=False)
    assert out.read_text(encoding="utf-8") == sequential


class Interrupting:
    """A labeller that stops (as Ctrl-C would) after `after` articles."""

    def __init__(self, labeller, after):
        self.labeller, self.after = labeller, after

    def label_stream(self, items, *, batch_size):
        for n, result in enumerate(self.labeller.label_stream(items, batch_size=batch_size)):
            if n == self.after:
                raise KeyboardInterrupt
            yield result


def test_resume_after_an_interruption_neither_duplicates_nor_loses(corpus, sequential, labeller, tmp_path):
    out = tmp_path / "r.csv"
    out.write_text("old report\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        label_to_report([str(corpus)], out, labeller=Interrupting(labeller, 5), progress=False, batch_size=2)
    assert out.read_text(encoding="utf-8") == "old report\n"  # the earlier report is untouched
    assert (tmp_path / "r.csv.part").exists()
    summary = label_to_report([str(corpus)], out, labeller=labeller, progress=False, resume=True, batch_size=2)
    assert summary.resumed == 5 and summary.labelled == 7
    assert out.read_text(encoding="utf-8") == sequential
    assert not (tmp_path / "r.csv.part").exists() and not (tmp_path / "r.csv.done").exists()


def test_resume_from_a_finished_report_only_adds_new_articles(corpus, sequential, labeller, tmp_path):
    out = tmp_path / "r.csv"
    out.write_text(sequential, encoding="utf-8")
    summary = label_to_report([str(corpus)], out, labeller=labeller, progress=False, resume=True)
    assert summary.labelled == 0 or summary.quotes == 0  # articles without quotes are relabelled, adding nothing
    assert out.read_text(encoding="utf-8") == sequential


def test_dask_local_cluster_gives_the_same_report(corpus, sequential, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "r.csv"
        summary = label_to_report([str(corpus)], out, dask=cluster.scheduler_address, batch_size=4, progress=False)
    assert summary.labelled == 12
    assert out.read_text(encoding="utf-8") == sequential


class Terminal:
    """A stand-in for stderr that says it is a terminal and keeps what is written to it."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.written: list[str] = []

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty, progress, shown", [(True, True, True), (False, True, False), (True, False, False)])
def test_progress_bar_only_on_a_terminal_and_not_when_quiet(corpus, labeller, tmp_path, monkeypatch,
                                                           tty, progress, shown):
    terminal = Terminal(tty)
    monkeypatch.setattr("sys.stderr", terminal)
    label_to_report([str(corpus)], tmp_path / "r.csv", labeller=labeller, progress=progress, batch_size=4)
    text = "".join(terminal.written)
    if shown:
        assert "12/12" in text and "articles" in text  # the total is known for a JSONL file
    else:
        assert text == ""
