"""Articles processed by several worker processes, each with a pipeline of its own.

Processing one article depends on nothing but that article and the pipeline's tables, so
articles can go to any worker; only merging incidents across articles needs them all, and the
caller does that afterwards. A pipeline cannot travel between processes (its gazetteer holds an
open database), so each worker builds its own from a *factory*, once, when it starts: a
picklable callable with no arguments, such as a module-level function or a
``functools.partial`` of one. Results come back in the order the articles were given.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Any, Protocol, TypeVar

R_co = TypeVar("R_co", covariant=True)

#: Articles sent to a worker at a time: few enough to keep every worker busy to the end,
#: enough that sending them costs little beside processing them.
CHUNK = 16
#: Chunks in flight per worker.
AHEAD = 4


class Processor(Protocol[R_co]):
    """What a worker runs: anything with ``process(article)``, as a pipeline has."""

    def process(self, article: Any) -> R_co: ...


Factory = Callable[[], Processor[Any]]

#: The worker's own processor, built by :func:`_start_worker` (one per worker process).
_WORKER: Processor[Any] | None = None


def cores() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _start_worker(factory: Factory) -> None:
    """Build the worker's processor once: its gazetteer is opened here, not per article."""
    global _WORKER
    _WORKER = factory()


def _process(articles: list[Any]) -> list[Any]:
    assert _WORKER is not None, "the worker was started without its processor"
    return [_WORKER.process(a) for a in articles]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they are needed."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def process_all(factory: Factory, articles: Iterable[Any], *, jobs: int,
                local: Processor[R_co] | None = None) -> Iterator[R_co]:
    """Each article's result, in order, from ``jobs`` worker processes.

    With ``jobs`` 1, or fewer articles than :data:`CHUNK` per job, the articles are processed
    here, by ``local`` (else one ``factory()``), with no process started.

    Examples
    --------
    >>> list(process_all(Pipeline, articles, jobs=2))  # doctest: +SKIP

    Raises
    ------
    ValueError
        When ``jobs`` is below 1.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, not {jobs}")
    articles = iter(articles)
    # an input of less than a chunk per worker is done here: starting workers, each loading
    # its gazetteer, would cost more than they save (one article in `geomap run` by default)
    first = list(islice(articles, CHUNK * jobs)) if jobs > 1 else []
    if jobs == 1 or len(first) < CHUNK * jobs:
        processor = local or factory()
        yield from (processor.process(a) for a in chain(first, articles))
        return
    try:
        yield from _in_workers(factory, chain(first, articles), jobs)
    except BrokenProcessPool:
        factory()  # a worker could not build its processor: raise why, as one process would
        raise


def _in_workers(factory: Factory, articles: Iterable[Any], jobs: int) -> Iterator[Any]:
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(factory,)) as pool:
        # a few chunks per worker in flight: the input is read as the workers take it, and
        # the results wait for their turn in a bounded queue, however long the input is
        pending: deque[Future[list[Any]]] = deque()
        for chunk in batched(articles, CHUNK):
            pending.append(pool.submit(_process, chunk))
            if len(pending) >= AHEAD * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
