"""Articles processed on a Dask cluster: the same per-article code as one process, elsewhere.

Each worker builds its pipeline once, from the picklable *factory* that
:mod:`geomap.parallel` uses too, when the worker joins (a Dask ``WorkerPlugin``): the
gazetteer is opened on the worker, from the worker's own copy of the file, never sent over the
network. The workers read the input files themselves when they see them at the client's paths
(a local cluster, shared storage): the client cuts the input into parts and sends their names
(:mod:`geomap.io.parts`); otherwise, and for a part whose worker does not see its files, it
reads the articles and sends them in batches. Results come back in input order, and the caller
merges incidents across articles as for one process. Dask (``pip install 'geomap-news[dask]'``)
is imported only here, only when this engine runs.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar, cast

from geomap.errors import InputError
from geomap.ids import digest
from geomap.io.listing import list_inputs
from geomap.io.parts import (
    ARTICLES_PER_BATCH,
    ReadHere,
    checked,
    files_read,
    parts,
    read_part,
    worker_files,
)
from geomap.parallel import Factory, batched, cores

if TYPE_CHECKING:
    from geomap.io.articles import ErrorHandler, ReadMeter

logger = logging.getLogger(__name__)
_T = TypeVar("_T")
#: The logger of a local cluster's nannies, which run in this process.
NANNIES = "distributed.nanny"

#: Parts (batches, blocks, groups of files) sent ahead per worker: enough to keep every worker busy.
AHEAD = 4

#: The pipelines of this worker process, by the name of the plugin that built them.
_PIPELINES: dict[str, Any] = {}


class _Pipelines:
    """A Dask worker plugin that builds the worker's pipeline once, when the worker starts.

    Its name is derived from the factory, so a second run with the same settings on a
    long-lived cluster reuses the pipelines already built, and other settings get their own.
    """

    def __init__(self, factory: Factory) -> None:
        self.factory = factory
        self.name = f"geomap-pipeline-{digest(pickle.dumps(factory).hex(), length=12)}"

    def setup(self, worker: Any = None) -> None:
        if self.name not in _PIPELINES:
            _PIPELINES[self.name] = self.factory()

    def teardown(self, worker: Any = None) -> None:
        _PIPELINES.pop(self.name, None)


@contextmanager
def ctrl_c_left_to_this_process() -> Iterator[None]:
    """Processes started inside ignore Ctrl-C, which a terminal sends to all of them: this
    one stops the run (and closes the cluster, and with it its workers) in one line, where
    every worker would print its own traceback. The main thread only: elsewhere, nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _process_batch(articles: Sequence[Any], name: str) -> list[Any]:
    """Run on a worker: each article of the batch through the worker's pipeline."""
    pipeline = _PIPELINES[name]
    return [pipeline.process(a) for a in articles]


def process_on_dask(factory: Factory, articles: Iterable[Any], *,
                    scheduler: str | None = None, workers: int | None = None,
                    on_dashboard: Callable[[str], None] | None = None) -> Iterator[Any]:
    """Each article's result, in order, from the Dask cluster at ``scheduler``, else from a
    local cluster of ``workers`` processes (default: one per core) started for this run.

    Batches are sent a few per worker ahead of the results (:data:`AHEAD`), so the articles
    are read as the cluster takes them and memory does not grow with the input.
    ``on_dashboard`` is told the address of the cluster's dashboard.

    Examples
    --------
    >>> list(process_on_dask(Pipeline, articles, scheduler="tcp://10.0.0.5:8786"))  # doctest: +SKIP

    Raises
    ------
    ImportError
        When Dask's distributed scheduler is not installed (``pip install 'geomap-news[dask]'``).
    """
    with _connected(factory, scheduler, workers, on_dashboard) as (client, name, ahead):
        batches = (client.submit(_process_batch, batch, name, pure=False)
                   for batch in batched(articles, ARTICLES_PER_BATCH))
        for batch in _ahead(batches, ahead):
            yield from batch.result()


def read_on_dask(factory: Factory, inputs: Sequence[str], *, on_error: ErrorHandler,
                 meter: ReadMeter | None = None, scheduler: str | None = None,
                 workers: int | None = None,
                 on_dashboard: Callable[[str], None] | None = None) -> Iterator[Any]:
    """Each article's result, in input order, from the files, folders and patterns
    ``inputs`` name, read by the cluster's workers where they see the files
    (:mod:`geomap.io.parts`), else read here and sent; as :func:`process_on_dask` otherwise.

    Problems with the input and repeated ids go to ``on_error``, in input order, as
    :func:`geomap.io.articles.read_articles` gives them; ``meter`` is told how much of the
    input has been read.

    Examples
    --------
    >>> errors = []
    >>> done = read_on_dask(Pipeline, ["/shared/news/2024-*.jsonl"], on_error=errors.append,
    ...                     scheduler="tcp://10.0.0.5:8786")  # doctest: +SKIP

    Raises
    ------
    InputError
        When a path does not exist or a folder holds no article.
    """
    listing = list_inputs(inputs)
    if meter is not None:
        meter.measure(listing)
    with _connected(factory, scheduler, workers, on_dashboard) as (client, name, ahead):
        by_workers = _workers_see(client, worker_files(listing))
        tasks = _read_tasks(client, name, parts(listing, by_workers=by_workers, meter=meter))
        handed_back = _HandedBack(client, name)
        yield from checked(((part, handed_back.results(part, task))
                            for part, task in _ahead(tasks, ahead)), on_error, meter)


@contextmanager
def _connected(factory: Factory, scheduler: str | None, workers: int | None,
               on_dashboard: Callable[[str], None] | None) -> Iterator[tuple[Any, str, int]]:
    """A client of the cluster at ``scheduler`` (else of a local one started here), whose
    workers have a pipeline from ``factory``; with the pipeline's name, and how many tasks
    to keep in flight."""
    from distributed import Client, LocalCluster, WorkerPlugin

    plugin = type("PipelinePlugin", (_Pipelines, WorkerPlugin), {})(factory)
    nannies = logging.getLogger(NANNIES)
    with ExitStack() as stack:
        # after the cluster is closed: its nannies' level as it was before an interrupt
        stack.callback(nannies.setLevel, nannies.level)
        if scheduler is None:
            # one thread per worker: a pipeline is used by one article at a time
            with ctrl_c_left_to_this_process():
                address: Any = stack.enter_context(LocalCluster(
                    n_workers=workers or cores(), threads_per_worker=1, processes=True,
                    dashboard_address=":0"))
        else:
            address = scheduler
        client = stack.enter_context(Client(address))
        logger.info("Dask dashboard: %s", client.dashboard_link)
        if on_dashboard is not None:
            on_dashboard(client.dashboard_link)
        client.register_plugin(plugin)
        ahead = AHEAD * max(len(client.scheduler_info().get("workers", {})), 1)
        try:
            yield client, plugin.name, ahead
        except (KeyboardInterrupt, GeneratorExit):
            if scheduler is None:  # the cluster is closed with its work cut short, on purpose
                _quiet_about_cancelled_work(client)
            raise


def _quiet_about_cancelled_work(client: Any) -> None:
    """Stop a local cluster's workers from warning about the tasks its closing cancels, and
    its nannies about the workers they kill when a part keeps them busy past the closing's
    timeout (on a slow or loaded machine): after Ctrl-C, the run's one line says what
    happened."""
    with suppress(Exception):
        client.run(_warn_only_of_errors, "distributed.worker.state_machine")
    _warn_only_of_errors(NANNIES)


def _warn_only_of_errors(name: str) -> None:
    logging.getLogger(name).setLevel(logging.ERROR)


def _ahead(tasks: Iterable[_T], ahead: int) -> Iterator[_T]:
    """``tasks`` in order, each given once ``ahead`` of them are started (or no more come):
    the caller waits for the oldest while the others run."""
    pending: deque[_T] = deque()
    for task in tasks:
        pending.append(task)
        if len(pending) >= ahead:
            yield pending.popleft()
    yield from pending


def _workers_see(client: Any, files: list[tuple[str, int]]) -> bool:
    """Whether a worker sees each of ``files`` at its path and with its size: else the input
    is read here and sent (a cluster without the client's disk)."""
    if not files:
        return False
    unseen = client.submit(_unseen, files, pure=False).result()
    if unseen:
        logger.info("the Dask workers do not see %s%s: the input is read here and sent to them",
                    unseen[0], f" and {len(unseen) - 1} more" if len(unseen) > 1 else "")
    return not unseen


def _unseen(files: list[tuple[str, int]]) -> list[str]:
    """Run on a worker: the files it cannot see at their path with their size."""
    missing = []
    for path, size in files:
        try:
            if os.stat(path).st_size == size:
                continue
        except OSError:
            pass
        missing.append(path)
    return missing


def _read_tasks(client: Any, name: str, parts: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Each part with the task that reads and processes it (a problem, with itself)."""
    for part in parts:
        yield part, ([part] if isinstance(part, InputError)
                     else client.submit(_read_and_process, part, name, pure=False))


class _HandedBack:
    """The results of parts, the parts a worker handed back read here and sent again.

    The check before the run asks one worker; on a cluster where some nodes lack the storage
    the others mount, a worker that does not see a part's files hands the part back, rather
    than reporting its articles unreadable, and the client reads it and sends its articles.
    """

    def __init__(self, client: Any, name: str) -> None:
        self.client, self.name = client, name
        self.told: set[str] = set()

    def results(self, part: Any, task: Any) -> list[Any]:
        """``task``'s results for ``part`` (a problem's task is its list)."""
        if isinstance(task, list):
            return task
        done = task.result()
        if done is not None:
            return cast(list[Any], done)
        for path, _ in files_read(part):
            if path not in self.told:
                self.told.add(path)
                logger.info("a Dask worker does not see %s: its parts are read here and sent",
                            path)
        again = ReadHere(tuple(read_part(part)))
        return cast(list[Any], self.client.submit(_read_and_process, again, self.name,
                                                  pure=False).result())


def _read_and_process(part: Any, name: str) -> list[Any] | None:
    """Run on a worker: each article of the part, read here, with its line and result, and
    the problems met reading it, in order; None when this worker does not see the part's
    files as the client listed them (the client reads the part then)."""
    if _unseen(files_read(part)):
        return None
    pipeline = _PIPELINES[name]
    return [item if isinstance(item, InputError) else (item[1], pipeline.process(item[0]))
            for item in read_part(part)]
