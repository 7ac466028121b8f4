"""Ctrl-C that Python could not deliver, noted and honoured before a run's outputs switch.

Python raises ``KeyboardInterrupt`` in whatever code runs when the signal arrives. When that is
a callback the interpreter calls itself (a weak reference's, as the import system's module
locks have), the exception cannot propagate: Python prints it and goes on, and the run would
finish and replace its outputs, Ctrl-C lost. While :func:`noted` is active every Ctrl-C is also
noted, and an output set checks the note (:func:`raise_if_pressed`) before it switches in.

Examples
--------
>>> with noted():
...     pressed()
False
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_pressed = False


def pressed() -> bool:
    """Whether Ctrl-C was pressed while :func:`noted` was active."""
    return _pressed


def raise_if_pressed() -> None:
    """Raise ``KeyboardInterrupt`` when Ctrl-C was pressed, though it may never have reached
    the code it interrupted."""
    if _pressed:
        raise KeyboardInterrupt


def _on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    global _pressed
    _pressed = True
    signal.default_int_handler(signum, frame)


@contextmanager
def noted() -> Iterator[None]:
    """Note every Ctrl-C (in the main thread; elsewhere, nothing changes), and keep Python
    from printing the ones it could not deliver: the run says it stopped instead."""
    global _pressed
    try:
        before = signal.signal(signal.SIGINT, _on_ctrl_c)
    except ValueError:  # not the main thread: signals are not ours to handle
        yield
        return
    hook = sys.unraisablehook

    def quiet_about_ctrl_c(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            hook(unraisable)

    sys.unraisablehook = quiet_about_ctrl_c
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
        sys.unraisablehook = hook
        _pressed = False
