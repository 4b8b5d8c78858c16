"""Label batches in other processes or on a Dask cluster, in input order, with bounded memory.

Each worker process loads spaCy and the model once (on its first batch) and keeps them;
only articles go out and quotes come back. At most `window` batches are in flight, so
memory does not grow with the number of articles.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from .pipeline import Labeller
from .types import Article, Skipped

_WORKER: dict[tuple, Labeller] = {}


def worker_labeller(model_path: str | None, rules_only: bool) -> Labeller:
    """The labeller of this process, created on first use and kept."""
    key = (model_path, rules_only)
    if key not in _WORKER:
        _WORKER[key] = Labeller.create(model_path=model_path, use_model=not rules_only)
    return _WORKER[key]


def label_batch(batch: list[Article | Skipped], model_path: str | None, rules_only: bool) -> list[tuple]:
    """Label one batch in this process: [(item, quotes or None, error)]."""
    labeller = worker_labeller(model_path, rules_only)
    return list(labeller.label_stream(batch, batch_size=len(batch) or 1))


def batches(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered(submit: Callable[[list], Future], chunks: Iterable[list], window: int) -> Iterator[tuple]:
    """Results of every chunk in input order, with at most `window` chunks in flight."""
    pending: deque[Future] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def label_with_processes(items: Iterable, *, jobs: int, batch_size: int, model_path: str | None,
                         rules_only: bool) -> Iterator[tuple]:
    """Label on `jobs` local processes."""
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        submit = lambda chunk: pool.submit(label_batch, chunk, model_path, rules_only)  # noqa: E731
        yield from ordered(submit, batches(items, batch_size), window=jobs * 2)


def label_with_dask(items: Iterable, *, address: str, batch_size: int, model_path: str | None,
                    rules_only: bool) -> Iterator[tuple]:
    """Label on the workers of a Dask distributed cluster at `address`."""
    try:
        from distributed import Client
    except ImportError as e:
        from .errors import UsageError

        raise UsageError("--dask needs the dask extra: pip install 'stance[dask]'") from e
    with Client(address) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        submit = lambda chunk: client.submit(label_batch, chunk, model_path, rules_only, pure=False)  # noqa: E731
        yield from ordered(submit, batches(items, batch_size), window=workers * 2)
