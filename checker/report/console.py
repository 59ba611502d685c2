"""A rich Console that renders to a string: colour only on a terminal, never with NO_COLOR."""
from __future__ import annotations

import io
import os
import shutil
import sys

from rich.console import Console


def make_console(width: int | None = None) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    tty = sys.stdout.isatty()
    colour = tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    if not width and os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])  # honoured off a terminal too (a CI log of a known width)
    width = width or (shutil.get_terminal_size((110, 24)).columns if tty else 110)
    console = Console(file=buffer, width=width, force_terminal=colour, no_color=not colour,
                      color_system="auto" if colour else None, highlight=False, emoji=False)
    return console, buffer
