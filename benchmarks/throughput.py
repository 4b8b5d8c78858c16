"""Throughput and peak memory of `stance label` against spaCy's nlp.pipe and textacy.

    python benchmarks/throughput.py [--n 2000] [--scale] [--jobs 2]

Builds a corpus of N articles by cycling through the texts of data/train.jsonl and
data/test.jsonl (each copy gets a new id), and runs every variant in a fresh subprocess
so that its peak memory is its own:

  nlp.pipe      stance.nlp.load_nlp() over the texts, batch size 32 (parse only)
  stance label  `python -m stance label corpus.jsonl -o out.csv --quiet`, 1 job
  stance label  the same with --jobs J, when `stance label` accepts --jobs
  textacy       nlp.pipe as above plus textacy.extract.triples.direct_quotations per Doc

Peak memory: the sampled sum of RSS over the process and all its descendants (/proc,
every 100 ms), and the largest single process's peak RSS from wait4 (exact, but not
summed over processes). --scale also runs stance label at 10N and compares its peak.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = (REPO / "data" / "train.jsonl", REPO / "data" / "test.jsonl")
BATCH_SIZE = 32  # what `stance label` parses at a time (its --batch-size default)
SAMPLE_SECONDS = 0.1
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Run:
    """One measured variant: times in seconds, memory in bytes."""

    name: str
    articles: int
    words: int
    wall: float | None = None
    work: float | None = None
    cpu_work: float | None = None       # CPU seconds (user + system) of the work, all processes
    tree_peak: int | None = None
    process_peak: int | None = None
    note: str = ""
    output: Path | None = None

    @property
    def ok(self) -> bool:
        return self.wall is not None


# --- the corpus -------------------------------------------------------------------------

def read_texts(paths: tuple[Path, ...] = SOURCES) -> list[tuple[str, str]]:
    """(id, text) of every article in the project's own data files."""
    texts = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.append((record["id"], record["text"]))
    if not texts:
        raise SystemExit(f"throughput.py: no articles in {', '.join(map(str, paths))}")
    return texts


def write_corpus(path: Path, texts: list[tuple[str, str]], n: int) -> int:
    """Write n articles cycling through texts, each with a new id; return the word count."""
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for i, (source_id, text) in zip(range(n), itertools.cycle(texts)):
            f.write(json.dumps({"id": f"bench{i:06d}-{source_id}", "text": text}, ensure_ascii=False) + "\n")
            words += len(text.split())
    return words


# --- measuring a subprocess -------------------------------------------------------------

def _children(pid: int) -> list[int]:
    """Child pids of a process, from /proc/PID/task/TID/children (Linux 3.5+)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(child) for child in f.read().split()]
        except (OSError, ValueError):
            continue
    return found


def _tree_rss(pid: int) -> int:
    """Current RSS in bytes of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo += _children(current)
    return total


@dataclass
class Measured:
    """What one subprocess cost: wall and CPU seconds (CPU over the process and the children it
    waited for), peak memory, and its exit status."""

    wall: float
    cpu: float
    max_rss: int
    tree: int | None
    status: int


def measure(command: list[str], *, cwd: Path, log: Path) -> Measured:
    """Run a command; return wall and CPU seconds, its largest single-process peak RSS, the
    sampled peak RSS of its whole tree (None without /proc), and its exit status. Output goes to log."""
    sampling = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    peak = [0]
    done = threading.Event()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    began = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(process.pid))
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        if sampling:
            sampler.start()
        # wait4 reports the child's peak RSS, or a reaped descendant's if larger (Linux RUSAGE_BOTH).
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        done.set()
        process.returncode = os.waitstatus_to_exitcode(status)
    if sampling:
        sampler.join()
    max_rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measured(wall, usage.ru_utime + usage.ru_stime, max_rss, (peak[0] or None) if sampling else None,
                    process.returncode)


def tail(path: Path, lines: int = 6) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return "\n    ".join(text[-lines:])


# --- the variants -----------------------------------------------------------------------

def worker(kind: str, corpus: Path) -> None:
    """Run inside the measured subprocess: parse (and extract) the corpus, print timings as JSON."""
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    from stance.nlp import load_nlp

    nlp = load_nlp()
    quotes = gave_up = 0
    if kind == "textacy":
        from textacy.extract.triples import direct_quotations
    began, began_cpu = time.perf_counter(), time.process_time()
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        if kind == "textacy":
            try:
                quotes += sum(1 for _ in direct_quotations(doc))
            except ValueError:  # an odd number of quotation marks: textacy gives up on the Doc
                gave_up += 1
    work, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    print(json.dumps({"work": work, "cpu": cpu, "articles": len(texts), "quotes": quotes, "gave_up": gave_up,
                      "pipes": nlp.pipe_names}))


def split_worker(corpus: Path, output: Path) -> None:
    """Run inside the measured subprocess: `stance label`'s own code path (label_to_report) with
    its two stages timed, to show where a run's CPU goes without comparing separate processes."""
    from stance.batch import label_to_report
    from stance.pipeline import Labeller

    cpu = {"parse": 0.0, "label": 0.0}

    def timed(method, stage: str):
        def run(*args):
            began = time.process_time()
            try:
                return method(*args)
            finally:
                cpu[stage] += time.process_time() - began
        return run

    labeller = Labeller.create()
    labeller._parse = timed(labeller._parse, "parse")
    labeller.label_docs = timed(labeller.label_docs, "label")
    began = time.process_time()
    label_to_report([str(corpus)], output, labeller=labeller, progress=False)
    total = time.process_time() - began
    print(json.dumps({"total": total, **cpu}))


def run_split(corpus: Path, scratch: Path) -> dict | None:
    log = scratch / "split.log"
    m = measure([sys.executable, __file__, "--worker", "split", str(corpus)], cwd=REPO, log=log)
    if m.status != 0:
        print(f"in-process split failed (exit {m.status}):\n    {tail(log)}")
        return None
    return json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])


def run_worker(kind: str, name: str, corpus: Path, words: int, n: int, scratch: Path) -> Run:
    log = scratch / f"{kind}.log"
    m = measure([sys.executable, __file__, "--worker", kind, str(corpus)], cwd=REPO, log=log)
    run = Run(name, n, words, process_peak=m.max_rss, tree_peak=m.tree)
    if m.status != 0:
        run.note = f"failed (exit {m.status}):\n    {tail(log)}"
        return run
    result = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
    run.wall, run.work, run.cpu_work = m.wall, result["work"], result["cpu"]
    if kind == "textacy":
        run.note = f"{result['quotes']} quotes; gave up on {result['gave_up']} docs (odd number of quotation marks)"
    else:
        run.note = "pipes: " + ", ".join(result["pipes"])
    return run


def accepts_jobs(scratch: Path) -> bool:
    """Whether `stance label` has a --jobs option (the lead engineer is adding it)."""
    log = scratch / "help.log"
    status = measure([sys.executable, "-m", "stance", "label", "--help"], cwd=REPO, log=log).status
    return status == 0 and "--jobs" in log.read_text(encoding="utf-8", errors="replace")


def run_stance(name: str, corpus: Path, words: int, n: int, scratch: Path, *, jobs: int | None,
               startup: Measured | None) -> Run:
    """`python -m stance label` on the corpus; work time (wall and CPU) is the run's less the
    startup's, measured on a one-article corpus with the same options."""
    tag = f"{corpus.stem}-j{jobs or 1}"
    output = scratch / f"{tag}.csv"
    command = [sys.executable, "-m", "stance", "label", str(corpus), "-o", str(output), "--quiet"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    log = scratch / f"{tag}.log"
    m = measure(command, cwd=REPO, log=log)
    status = m.status
    run = Run(name, n, words, process_peak=m.max_rss, tree_peak=m.tree, output=output)
    if status not in (0, 1):  # 1: some articles skipped, listed in the errors file
        run.note = f"failed (exit {status}):\n    {tail(log)}"
        return run
    run.wall = m.wall
    if startup is not None and m.wall > startup.wall:
        run.work, run.cpu_work = m.wall - startup.wall, m.cpu - startup.cpu
    errors = output.with_name(output.stem + ".errors.csv")
    skipped = max(0, len(errors.read_text(encoding="utf-8").splitlines()) - 1) if errors.exists() else 0
    rows = count_csv_rows(output)
    run.note = f"{rows} quote rows" + (f"; {skipped} articles skipped (see {errors.name}):\n    {tail(log)}"
                                       if skipped or status else "")
    return run


def startup_seconds(first: tuple[str, str], scratch: Path, *, jobs: int | None) -> Measured | None:
    """`stance label` on one article: interpreter, spaCy and model loading (and pool start)."""
    corpus = scratch / f"one-j{jobs or 1}.jsonl"
    write_corpus(corpus, [first], 1)
    command = [sys.executable, "-m", "stance", "label", str(corpus), "-o", str(scratch / f"one-j{jobs or 1}.csv"),
               "--quiet"] + (["--jobs", str(jobs)] if jobs is not None else [])
    m = measure(command, cwd=REPO, log=scratch / f"one-j{jobs or 1}.log")
    return m if m.status in (0, 1) else None


def source_stamp() -> dict[str, float]:
    """Modification times of stance's code and models, to tell whether they changed mid-run."""
    files = [*(REPO / "stance").rglob("*"), *(REPO / "models").glob("*")]
    return {str(f): f.stat().st_mtime for f in files if f.is_file() and "__pycache__" not in f.parts}


def compare_reports(a: Path, b: Path) -> str:
    """'yes', or how many rows differ and the first differing quote_id."""
    import csv

    if a.read_bytes() == b.read_bytes():
        return "yes"
    with a.open(encoding="utf-8", newline="") as fa, b.open(encoding="utf-8", newline="") as fb:
        rows_a, rows_b = list(csv.reader(fa)), list(csv.reader(fb))
    differing = [i for i in range(max(len(rows_a), len(rows_b)))
                 if i >= len(rows_a) or i >= len(rows_b) or rows_a[i] != rows_b[i]]
    first = differing[0]
    where = (rows_a[first][1] if first < len(rows_a) and len(rows_a[first]) > 1 else f"row {first}")
    return f"NO: {len(differing)} rows differ ({len(rows_a) - 1} vs {len(rows_b) - 1} rows), first at {where}"


def count_csv_rows(path: Path) -> int | None:
    import csv

    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as f:
        return max(0, sum(1 for _ in csv.reader(f)) - 1)


# --- output -----------------------------------------------------------------------------

def mb(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:.0f}"


def rate(amount: int, seconds: float | None) -> str:
    return "-" if not seconds else f"{amount / seconds:,.1f}"


def render(runs: list[Run]) -> str:
    header = ["variant", "articles", "wall s", "startup s", "work s", "articles/s", "words/s",
              "articles/s wall", "CPU work s", "articles/CPU s", "peak RSS tree MB", "largest process MB"]
    rows = []
    for r in runs:
        if not r.ok:
            measured = r.process_peak is not None  # it ran and failed; otherwise it never ran
            cells = ["failed"] + ["-"] * 7 + [mb(r.tree_peak), mb(r.process_peak)] if measured else \
                ["not available"] + [""] * 9
            rows.append([r.name, str(r.articles), *cells])
            continue
        startup = r.wall - r.work if r.work is not None else None
        rows.append([r.name, str(r.articles), f"{r.wall:.1f}", "-" if startup is None else f"{startup:.1f}",
                     "-" if r.work is None else f"{r.work:.1f}", rate(r.articles, r.work), rate(r.words, r.work),
                     rate(r.articles, r.wall), "-" if r.cpu_work is None else f"{r.cpu_work:.1f}",
                     rate(r.articles, r.cpu_work), mb(r.tree_peak), mb(r.process_peak)])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join([row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]).rstrip()
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def best(runs: list[Run]) -> Run:
    """The round with the shortest work time, carrying the largest memory peaks of all rounds."""
    done = [r for r in runs if r.ok]
    chosen = min(done, key=lambda r: r.work if r.work is not None else r.wall) if done else runs[0]
    for attribute in ("tree_peak", "process_peak"):
        values = [getattr(r, attribute) for r in runs if getattr(r, attribute) is not None]
        setattr(chosen, attribute, max(values) if values else None)
    cpu = [r.cpu_work for r in done if r.cpu_work is not None]
    chosen.cpu_work = min(cpu) if cpu else None
    failed = len(runs) - len(done)
    if failed and done:
        chosen.note += f"; {failed} of {len(runs)} rounds failed: " + next(r.note for r in runs if not r.ok)
    return chosen


def round_ratios(stance_runs: list[Run], pipe_runs: list[Run]) -> list[float]:
    """Per round, stance label's CPU throughput over nlp.pipe's: the two ran back to back, so a
    drift of the machine's speed between rounds does not enter a round's ratio."""
    return [(s.articles / s.cpu_work) / (p.articles / p.cpu_work) for s, p in zip(stance_runs, pipe_runs)
            if s.ok and p.ok and s.cpu_work and p.cpu_work]


def speed_ratio(a: Run | None, b: Run | None, *, cpu: bool = False) -> str:
    """a's throughput over b's, on work time and on wall time (and on CPU time: for two
    single-process variants, the ratio that load from other processes disturbs least)."""
    if a is None or b is None or not a.ok or not b.ok:
        return "not available"
    parts = []
    if a.work and b.work:
        parts.append(f"{(a.articles / a.work) / (b.articles / b.work):.2f}x (work)")
    parts.append(f"{(a.articles / a.wall) / (b.articles / b.wall):.2f}x (wall)")
    if cpu and a.cpu_work and b.cpu_work:
        parts.append(f"{(a.articles / a.cpu_work) / (b.articles / b.cpu_work):.2f}x (CPU)")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles in the corpus (default 2000)")
    parser.add_argument("--jobs", type=int, default=2, help="jobs for the parallel stance label run (default 2)")
    parser.add_argument("--scale", action="store_true", help="also run stance label (1 job) at 10N articles, once")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of every variant; the fastest round is shown (default 1)")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        if args.worker[0] == "split":
            split_worker(Path(args.worker[1]), Path(args.worker[1]).with_suffix(".split.csv"))
        else:
            worker(args.worker[0], Path(args.worker[1]))
        return 0
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    load_before = os.getloadavg()[0]
    stamp_before = source_stamp()
    texts = read_texts()
    with tempfile.TemporaryDirectory(prefix="stance-throughput-") as tmp:
        scratch = Path(tmp)
        corpus = scratch / f"corpus{args.n}.jsonl"
        words = write_corpus(corpus, texts, args.n)
        print(f"stance throughput benchmark: {args.n} articles, {words:,} words (whitespace-separated), "
              f"cycling through the {len(texts)} texts of {', '.join(str(p.relative_to(REPO)) for p in SOURCES)}")
        print(f"corpus: {corpus}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs; each variant in its own "
              f"process")
        print("startup = wall time before work: model loading, and for stance label the wall time of the same "
              "command on a one-article corpus; articles/s and words/s are over work time")
        print("CPU work = user + system CPU seconds of the work (nlp.pipe: measured in the process around the "
              "parse; stance label: the run's less the one-article run's, over the process and its children); "
              "with --repeat, the smallest over the rounds\n")

        jobs_note = None if accepts_jobs(scratch) else "not available: `stance label` has no --jobs option yet"
        if args.scale:
            big = scratch / f"corpus{args.n * 10}.jsonl"
            big_words = write_corpus(big, texts, args.n * 10)
        rounds: dict[str, list[Run]] = {}
        splits: list[dict] = []
        for round_number in range(args.repeat):
            # Rounds interleave the variants, so that load from other processes spreads over all of them.
            measured = [run_worker("pipe", "nlp.pipe (parse only)", corpus, words, args.n, scratch)]
            one_startup = startup_seconds(texts[0], scratch, jobs=None)
            measured.append(run_stance("stance label, 1 job", corpus, words, args.n, scratch, jobs=None,
                                       startup=one_startup))
            if jobs_note is None:
                measured.append(run_stance(f"stance label, --jobs {args.jobs}", corpus, words, args.n, scratch,
                                           jobs=args.jobs,
                                           startup=startup_seconds(texts[0], scratch, jobs=args.jobs)))
            measured.append(run_worker("textacy", "textacy (parse + direct_quotations)", corpus, words, args.n,
                                       scratch))
            if args.scale and round_number == 0:  # once: it is about memory, and it is long
                measured.append(run_stance("stance label, 1 job, 10N", big, big_words, args.n * 10, scratch,
                                           jobs=None, startup=one_startup))
            for run in measured:
                rounds.setdefault(run.name, []).append(run)
            if (split := run_split(corpus, scratch)) is not None:
                split["pipe"] = measured[0].cpu_work  # this round's bare parse, for comparison
                splits.append(split)
        paired = round_ratios(rounds["stance label, 1 job"], rounds["nlp.pipe (parse only)"])
        runs = [best(measured) for measured in rounds.values()]
        by_name = {run.name: run for run in runs}
        pipe = by_name["nlp.pipe (parse only)"]
        single = by_name["stance label, 1 job"]
        textacy_run = by_name["textacy (parse + direct_quotations)"]
        large = by_name.get("stance label, 1 job, 10N")
        parallel = by_name.get(f"stance label, --jobs {args.jobs}")
        if parallel is None:
            parallel = Run(f"stance label, --jobs {args.jobs}", args.n, words, note=jobs_note)
            runs.insert(2, parallel)
        load_after = os.getloadavg()[0]
        if args.repeat > 1:
            print(f"{args.repeat} rounds: each row is the round with the shortest work time; memory is the largest "
                  f"peak over the rounds")
        print(render(runs))
        print()
        for r in runs:
            if r.note:
                print(f"{r.name}: {r.note}")
        if single.ok and parallel is not None and parallel.ok:
            print(f"--jobs {args.jobs} report identical to the 1-job report: "
                  f"{compare_reports(single.output, parallel.output)}")
        if source_stamp() != stamp_before:
            print("WARNING: files under stance/ or models/ changed during the run: the variants did not all run "
                  "the same code")
        print()
        print("Throughput ratios (articles/s of the first over the second; below 1 means slower)")
        print(f"  stance label 1 job / nlp.pipe:  {speed_ratio(single, pipe, cpu=True)}")
        print(f"  stance label --jobs {args.jobs} / 1 job:  {speed_ratio(parallel, single)}")
        print(f"  textacy / nlp.pipe:             {speed_ratio(textacy_run, pipe, cpu=True)}")
        if paired:
            print(f"  stance label 1 job / nlp.pipe, round by round (CPU): {', '.join(f'{r:.2f}' for r in paired)}; "
                  f"median {statistics.median(paired):.2f}")
        if splits:
            print()
            print("Inside stance label (1 job, one process, CPU seconds; rounds: " + str(len(splits)) + ")")
            for key, label in (("parse", "spaCy parse"), ("label", "quotes, speakers, stance"),
                               ("rest", "reading, writing, batching")):
                values = [s["total"] - s["parse"] - s["label"] if key == "rest" else s[key] for s in splits]
                shares = [v / s["total"] for v, s in zip(values, splits)]
                print(f"  {label:<28} {statistics.median(values):7.1f} s  {statistics.median(shares):6.1%} of the run")
            shares = [s["parse"] / s["total"] for s in splits]
            print(f"  parse share of the run, round by round: {', '.join(f'{r:.2f}' for r in shares)}: the throughput "
                  f"ratio to nlp.pipe if the parse costs inside stance label what it costs alone")
            alone = [s["parse"] / s["pipe"] for s in splits if s.get("pipe")]
            if alone:
                print(f"  parse inside stance label / nlp.pipe alone in the same round: "
                      f"{', '.join(f'{r:.2f}' for r in alone)}")
        print(f"\nload average (1 min) before: {load_before:.2f}, after: {load_after:.2f} on {os.cpu_count()} CPUs"
              + ("; other processes were busy, so the times are noisy (try --repeat 3)"
                 if load_before > 0.5 else ""))
        if args.scale:
            print()
            print("Memory at scale (stance label, 1 job)")
            if single.ok and large is not None and large.ok:
                for label, attribute in (("peak RSS tree", "tree_peak"), ("largest process", "process_peak")):
                    small_value, large_value = getattr(single, attribute), getattr(large, attribute)
                    growth = f"{large_value / small_value:.2f}x" if small_value and large_value else "-"
                    print(f"  {label}: {mb(small_value)} MB at {args.n} articles, {mb(large_value)} MB at "
                          f"{args.n * 10}: ratio {growth}")
            else:
                print("  not available (a run failed, see above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
