"""Write a report: to stdout, or atomically to a file that is never one of the inputs."""
from __future__ import annotations

import os
import sys
import tempfile

from .errors import QuoteCheckError


def write_output(text: str | bytes, path: str | None, inputs: list[str] = ()) -> None:
    """`text` is a report, or the bytes of a file (a reviewed .docx)."""
    if not path or path == "-":
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = os.path.realpath(path)
    for source in inputs:
        if os.path.exists(source) and os.path.realpath(source) == target:
            raise QuoteCheckError("refusing to overwrite an input file with the report", path)
    folder = os.path.dirname(target) or "."
    try:
        os.makedirs(folder, exist_ok=True)
        # Write to a temporary file and rename: an interrupted run leaves the old report intact.
        fd, tmp = tempfile.mkstemp(prefix=".quotecheck-", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, target)
    except OSError as exc:
        raise QuoteCheckError(f"cannot write report ({exc.strerror or exc})", path) from None
