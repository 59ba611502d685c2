"""Stage: rule files (load: read and validate TOML, apply configuration) and the evaluators
that turn the check's facts into findings (the one finding record: findings).
"""
from .findings import CATEGORIES, SEVERITIES, SEVERITY_RANK, Finding
from .load import Rule, find_config, load_rules, run_rules

__all__ = ["CATEGORIES", "SEVERITIES", "SEVERITY_RANK", "Finding", "Rule", "find_config", "load_rules", "run_rules"]
