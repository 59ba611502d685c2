"""The editors' decisions on findings (dismissed, checked, accepted), kept append-only in SQLite.

Every surface records here: the Word round trip (resolved or answered comments), the web app,
the command line, a CI baseline. A check reads the latest decision per finding fingerprint.
"""
from .store import DECISIONS, DEFAULT_PATH, Decision, DecisionError, DecisionStore, is_store_file, now_utc

__all__ = ["DECISIONS", "DEFAULT_PATH", "Decision", "DecisionError", "DecisionStore", "is_store_file", "now_utc"]
