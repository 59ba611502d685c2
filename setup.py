"""Build step: ship the rule files, which live at the top level (rules/*.toml, as the design asks), inside
the package as checker/shipped_rules/, so a wheel (pip install ., pipx) carries them.

Everything else the package needs at run time (report templates, web-app templates and static files)
lives under checker/ and is included by MANIFEST.in's `graft checker` with include-package-data.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RULES = Path(__file__).resolve().parent / "rules"


class BuildPyWithRules(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads rules/ beside the package (checker.rules.load.shipped_rules_dir)
        rule_files = sorted(RULES.glob("*.toml"))
        if not rule_files:
            raise SystemExit("quotecheck build: no rule files in rules/*.toml")
        target = Path(self.build_lib) / "checker" / "shipped_rules"
        if target.exists():
            shutil.rmtree(target)  # a rule file removed from rules/ must not linger from an earlier build
        target.mkdir(parents=True)
        for path in rule_files:
            shutil.copyfile(path, target / path.name)


setup(cmdclass={"build_py": BuildPyWithRules})
