"""Errors that end a run with exit code 2 and a one-line message (no traceback)."""


class QuoteCheckError(Exception):
    """A problem with the user's input, options or rule files."""

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class InputError(QuoteCheckError):
    """An article or library file that cannot be read."""


class RuleFileError(QuoteCheckError):
    """A rule or configuration file that is malformed."""
