"""A progress line on stderr for long runs: articles done, articles/s, incidents so far, and,
when the input's size is known (files, not stdin), a bar of the bytes read with the time left;
above it, the Dask dashboard's address when Dask runs.

It appears only after :data:`DELAY` seconds, so short runs print nothing but their summary, and
never when stderr is not a terminal (a log file or a pipe gets no control codes) or when the
user asked for quiet. It is rich's (installed with typer), redrawn a few times a second by
rich's own thread, so a run pays only for counting.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geomap.io.articles import ReadMeter
    from geomap.pipeline import RunResult

#: Seconds a run goes on before the progress line appears.
DELAY = 3.0


class RunProgress:
    """Show how a run is going; call it with the result so far after each article.

    ``console`` is rich's console to draw on (default: stderr); ``enabled`` None means "when
    that console is a terminal".

    Examples
    --------
    >>> with RunProgress(enabled=not quiet) as progress:  # doctest: +SKIP
    ...     run(inputs, out, progress=progress, on_dashboard=progress.dashboard)
    """

    def __init__(self, *, enabled: bool | None = None, delay: float = DELAY,
                 console: Any = None) -> None:
        self.delay = delay
        self._console = console
        self.enabled = enabled
        self._progress: Any = None
        self._task: Any = None
        self._started = time.monotonic()
        self._link = ""
        #: Given to the run when the line may show (:class:`ReadMeter`): how much is read.
        self.meter: ReadMeter | None = None

    def __enter__(self) -> RunProgress:
        self._started = time.monotonic()
        if self._console is None and not (self.enabled or sys.stderr.isatty()):
            self.enabled = False  # quiet, or a log file: rich is not even imported
            return self
        from rich.console import Console

        self._console = self._console or Console(stderr=True)
        if self.enabled is None:
            self.enabled = self._console.is_terminal and sys.stderr.isatty()
        if self.enabled:
            from geomap.io.articles import ReadMeter

            self.meter = ReadMeter()
        return self

    def dashboard(self, link: str) -> None:
        """Show the Dask dashboard's address on a line of its own above the counts, once
        they show: beside them, it would squeeze them out of 80 columns."""
        self._link = f"Dask dashboard: {link}"
        if self._progress is not None:
            self._progress.console.print(self._link, highlight=False, soft_wrap=True)

    def __call__(self, result: RunResult) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self._started
        if self._progress is None:
            if elapsed < self.delay:
                return
            self._start()
        done = result.counts["articles"]
        sized = self._sized()
        self._progress.update(self._task, articles=done, rate=done / max(elapsed, 1e-9),
                              incidents=result.incident_count or len(result.incidents),
                              completed=self.meter.done if sized and self.meter else done)

    def _sized(self) -> bool:
        """Whether the input's size is known, so the line can show a bar and the time left."""
        return self.meter is not None and bool(self.meter.total)

    def _start(self) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        # sized: the time left instead of the time spent, so the line fits 80 columns
        sized = self._sized()
        bar = [BarColumn(bar_width=10), TaskProgressColumn()] if sized else []
        clock = [TimeRemainingColumn(), TextColumn("left")] if sized else [TimeElapsedColumn()]
        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.fields[articles]:,} articles"), *bar,
            TextColumn("{task.fields[rate]:,.1f} articles/s"),
            TextColumn("{task.fields[incidents]:,} incidents"), *clock,
            console=self._console, transient=True)
        total = self.meter.total if sized and self.meter else None
        self._task = self._progress.add_task("run", total=total, articles=0, rate=0.0,
                                             incidents=0)
        self._progress.start()
        if self._link:
            self._progress.console.print(self._link, highlight=False, soft_wrap=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
