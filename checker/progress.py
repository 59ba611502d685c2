"""Progress inside one long manuscript (pages read, quotations checked), for whoever listens.

The stages report steps here and know nothing of terminals; the command line listens on a
terminal and shows a transient bar once a manuscript has taken more than a few seconds. With
no listener a step costs one global look-up.
"""
from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[str, int, int], None] | None = None


def listen(callback: Callable[[str, int, int], None] | None):
    """Set the listener (None: nobody); returns the one it replaces."""
    global _listener
    previous, _listener = _listener, callback
    return previous


def step(what: str, done: int, total: int) -> None:
    """`done` of `total` steps of `what` (pages, quotations) are finished."""
    if _listener is not None:
        _listener(what, done, total)
