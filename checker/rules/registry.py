"""Every evaluator by name: the general ones (evaluators) and those with a module of their own."""
from __future__ import annotations

from .evaluators import EVALUATORS as _GENERAL
from .script import EVALUATORS as _SCRIPT
from .suppress import EVALUATORS as _SUPPRESS
from .unmarked import EVALUATORS as _UNMARKED

EVALUATORS = {**_GENERAL, **_SCRIPT, **_UNMARKED, **_SUPPRESS}
