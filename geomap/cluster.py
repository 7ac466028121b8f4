"""Articles processed on a Dask cluster: the same per-article code as one process, elsewhere.

Each worker builds its pipeline once, from the picklable *factory* that
:mod:`geomap.parallel` uses too, when the worker joins (a Dask ``WorkerPlugin``): the
gazetteer is opened on the worker, from the worker's own copy of the file, never sent over the
network. Articles go out in batches, results come back in the order given, and the caller
merges incidents across articles as for one process. Dask (``pip install 'geomap-news[dask]'``) is
imported only here, only when this engine runs.
"""

from __future__ import annotations

import logging
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from geomap.ids import digest
from geomap.parallel import Factory, batched, cores

logger = logging.getLogger(__name__)

#: Articles per Dask task: enough to make a task's overhead small beside its work.
BATCH = 32

#: Batches sent ahead per worker: enough to keep every worker busy.
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
    from distributed import Client, LocalCluster, WorkerPlugin

    plugin = type("PipelinePlugin", (_Pipelines, WorkerPlugin), {})(factory)
    with ExitStack() as stack:
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
        pending: deque[Any] = deque()
        for batch in batched(articles, BATCH):
            pending.append(client.submit(_process_batch, batch, plugin.name, pure=False))
            if len(pending) >= ahead:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
