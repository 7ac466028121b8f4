"""The garbage collector of a process that runs one batch of articles.

Python's cyclic collector scans every container object it tracks: each full pass walks the
gazetteer's places, the rule tables, the compiled patterns and the imported modules, which
a run builds once and keeps to its end, while the articles allocate millions of small
short-lived dicts, tuples and lists that start passes all the time. A process that only
runs geomap moves what exists once its pipeline is built into the collector's permanent
generation (``gc.freeze``) and collects the youngest objects less often: a whole run takes
less CPU time for a little more memory at its peak (the README has the figures). The Python
API leaves the caller's collector alone, and so does a Dask worker (it runs other work too);
``geomap run`` and the worker processes it starts tune theirs.

When such a process exits, the interpreter's finalization would run the collector over the
whole heap the run built, only to free memory the system takes back anyway: everything is
frozen at exit instead.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Callable
from typing import TypeVar

#: Allocations between two collections of the youngest generation (Python's default: 700).
YOUNGEST_THRESHOLD = 50_000

_Built = TypeVar("_Built")


def built_for_a_batch(build: Callable[[], _Built]) -> _Built:
    """``build()``, then the collector tuned for a batch: what exists now is frozen."""
    built = build()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_THRESHOLD, older, oldest)
    gc.collect()
    gc.freeze()
    atexit.unregister(gc.freeze)  # once, however many batches this process runs
    atexit.register(gc.freeze)
    return built
