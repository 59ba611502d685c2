"""Stage 1, read: a file's bytes to text (UTF-8, UTF-16, GB18030; frontmatter).

The bottom of the pipeline: imports nothing of quotecheck but `errors`.
"""
from .text import MAX_BYTES, TextFile, decode, read_bytes, read_text

__all__ = ["MAX_BYTES", "TextFile", "decode", "read_bytes", "read_text"]
