"""Stage: the check — each quotation's citation resolved to a source (resolve), its words
aligned with the source's (align), and the facts the rules judge (facts: statuses, witnesses).
"""
from .facts import CheckResult, QuoteResult, ReferenceResult, Witness, check_article

__all__ = ["CheckResult", "QuoteResult", "ReferenceResult", "Witness", "check_article"]
